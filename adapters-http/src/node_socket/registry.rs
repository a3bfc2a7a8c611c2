//! Which node is connected on which socket, and the commands waiting for their results.
//!
//! One socket per node: a reconnect replaces the old socket (closed with "Replaced by new
//! connection") and fails the old socket's pending commands at once. A stale socket's
//! disconnect never evicts its replacement.

use super::window::SlidingWindow;
use crate::rate_limit::MemoryRateLimitStore;
use actix_ws::{CloseCode, CloseReason, Session};
use async_trait::async_trait;
use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::node_commands::{CommandError, NoPresence, NodeCommands, NodePresence};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Connections a node may open per minute (counted once its key checked out, so only the
/// key's holder can spend them).
const CONNECTS_PER_MINUTE: usize = 10;
/// Failed connection attempts a source may make per minute before it is refused without
/// a database lookup (a key memory already knows is still accepted: see `channel`).
pub const FAILED_CONNECTS_PER_MINUTE: u64 = 20;
/// Sources whose failures are remembered at once (the oldest are forgotten first).
const FAILURE_SOURCES: usize = 16_384;

pub struct NodeSockets {
    inner: Mutex<Inner>,
    /// Failed attempts per source address, per minute.
    failures: MemoryRateLimitStore,
    /// Told of every node this instance gains or loses (other instances route to us),
    /// always while `inner` is locked: the news must leave in the order the sockets changed,
    /// and telling never blocks (see [`NodePresence`]).
    presence: Arc<dyn NodePresence>,
}

impl Default for NodeSockets {
    fn default() -> Self {
        Self::with_presence(Arc::new(NoPresence))
    }
}

#[derive(Default)]
struct Inner {
    connections: HashMap<NodeId, Connection>,
    pending: HashMap<String, Pending>,
    connect_attempts: HashMap<NodeId, SlidingWindow>,
    next_connection: u64,
}

struct Connection {
    id: u64,
    session: Session,
}

struct Pending {
    node: NodeId,
    connection: u64,
    command: NodeCommand,
    reply: oneshot::Sender<Result<Value, CommandError>>,
}

impl NodeSockets {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sockets that announce their nodes to `presence` (several instances behind one name).
    pub fn with_presence(presence: Arc<dyn NodePresence>) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            failures: MemoryRateLimitStore::with_capacity(FAILURE_SOURCES),
            presence,
        }
    }

    /// Nodes with an open socket now.
    pub fn connected(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .connections
            .len()
    }

    /// Whether `source` may still try a key the memory does not know.
    pub fn source_may_try(&self, source: &str) -> bool {
        self.failures.current(source) < FAILED_CONNECTS_PER_MINUTE
    }

    /// Counts a failed attempt against `source`.
    pub fn note_failure(&self, source: &str) {
        self.failures.record(source, 60);
    }

    /// Counts an authenticated connection; `false` when the node is reconnecting too fast.
    pub fn admit_connect(&self, node: &NodeId) -> bool {
        let Ok(mut inner) = self.inner.lock() else {
            return false;
        };
        if inner.connect_attempts.len() > 10_000 {
            inner.connect_attempts.clear();
        }
        inner
            .connect_attempts
            .entry(node.clone())
            .or_insert_with(|| SlidingWindow::new(CONNECTS_PER_MINUTE, Duration::from_secs(60)))
            .admit(Instant::now())
    }

    /// Makes `session` the node's socket; returns its connection id.
    pub fn register(&self, node: &NodeId, session: Session) -> u64 {
        let (id, replaced) = {
            let Ok(mut inner) = self.inner.lock() else {
                return 0;
            };
            inner.next_connection += 1;
            let id = inner.next_connection;
            let replaced = inner
                .connections
                .insert(node.clone(), Connection { id, session });
            if let Some(old) = &replaced {
                inner.fail_pending(node, old.id);
            }
            // Told under the lock, so presence news leaves in the order the sockets changed:
            // an old socket's disconnect racing this register on another worker cannot
            // arrive after this connect and withdraw the claim of a live socket.
            self.presence.connected(node);
            (id, replaced)
        };
        if let Some(old) = replaced {
            actix_web::rt::spawn(async move {
                let reason = CloseReason {
                    code: CloseCode::Normal,
                    description: Some("Replaced by new connection".to_owned()),
                };
                let _ = old.session.close(Some(reason)).await;
            });
        }
        id
    }

    /// Forgets the socket if it is still the node's current one, failing its commands.
    pub fn unregister(&self, node: &NodeId, connection: u64) {
        if let Ok(mut inner) = self.inner.lock()
            && inner
                .connections
                .get(node)
                .is_some_and(|c| c.id == connection)
        {
            inner.connections.remove(node);
            inner.fail_pending(node, connection);
            // Under the lock, in order with `register` (see there).
            self.presence.disconnected(node);
        }
    }

    /// Delivers a `command_result`, but only to a command sent to this same node.
    pub fn resolve(&self, node: &NodeId, id: &str, payload: Value) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.pending.get(id).is_some_and(|p| &p.node == node)
            && let Some(pending) = inner.pending.remove(id)
        {
            let _ = pending.reply.send(Ok(payload));
        }
    }

    fn forget(&self, id: &str) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.pending.remove(id);
        }
    }
}

impl Inner {
    fn fail_pending(&mut self, node: &NodeId, connection: u64) {
        let ids: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, p)| &p.node == node && p.connection == connection)
            .map(|(id, _)| id.clone())
            .collect();
        for id in ids {
            if let Some(pending) = self.pending.remove(&id) {
                let error = CommandError::Disconnected {
                    node: node.clone(),
                    command: pending.command,
                };
                let _ = pending.reply.send(Err(error));
            }
        }
    }
}

#[async_trait]
impl NodeCommands for NodeSockets {
    async fn send(
        &self,
        node: &NodeId,
        command: NodeCommand,
        payload: Value,
        timeout: Duration,
    ) -> Result<Value, CommandError> {
        let id = uuid::Uuid::new_v4().to_string();
        let (reply, result) = oneshot::channel();
        let (mut session, connection) = {
            let mut inner = self
                .inner
                .lock()
                .map_err(|_| CommandError::NotConnected(node.clone()))?;
            let Some(current) = inner.connections.get(node) else {
                return Err(CommandError::NotConnected(node.clone()));
            };
            let handle = (current.session.clone(), current.id);
            inner.pending.insert(
                id.clone(),
                Pending {
                    node: node.clone(),
                    connection: handle.1,
                    command,
                    reply,
                },
            );
            handle
        };
        let frame = json!({"type": "command", "id": id, "command": command, "payload": payload});
        if let Err(closed) = session.text(frame.to_string()).await {
            self.forget(&id);
            self.unregister(node, connection);
            return Err(CommandError::SendFailed {
                node: node.clone(),
                reason: closed.to_string(),
            });
        }
        match tokio::time::timeout(timeout, result).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => Err(CommandError::Disconnected {
                node: node.clone(),
                command,
            }),
            Err(_) => {
                self.forget(&id);
                Err(CommandError::TimedOut {
                    node: node.clone(),
                    command,
                })
            }
        }
    }

    fn is_connected(&self, node: &NodeId) -> bool {
        self.inner
            .lock()
            .map(|inner| inner.connections.contains_key(node))
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::FromRequest;
    use actix_web::test::TestRequest;

    /// Records presence news; a disconnect takes a while to hand off, as a preempted
    /// worker thread would, which lets a register on another thread overtake it.
    #[derive(Default)]
    struct SlowToDisconnect(Mutex<Vec<&'static str>>);

    impl NodePresence for SlowToDisconnect {
        fn connected(&self, _node: &NodeId) {
            self.0.lock().unwrap().push("connected");
        }

        fn disconnected(&self, _node: &NodeId) {
            std::thread::sleep(Duration::from_millis(200));
            self.0.lock().unwrap().push("disconnected");
        }
    }

    async fn session() -> Session {
        let (request, mut payload) = TestRequest::default()
            .insert_header(("upgrade", "websocket"))
            .insert_header(("connection", "upgrade"))
            .insert_header(("sec-websocket-version", "13"))
            .insert_header(("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="))
            .to_http_parts();
        let body = actix_web::web::Payload::from_request(&request, &mut payload)
            .await
            .unwrap();
        let (_, session, _) = actix_ws::handle(&request, body).unwrap();
        session
    }

    #[actix_web::test]
    async fn presence_news_follows_the_order_the_sockets_changed() {
        let presence = Arc::new(SlowToDisconnect::default());
        let sockets = Arc::new(NodeSockets::with_presence(presence.clone()));
        let node = NodeId::new("aaaa0001");
        let old = sockets.register(&node, session().await);
        presence.0.lock().unwrap().clear();

        let closing = {
            let (sockets, node) = (sockets.clone(), node.clone());
            std::thread::spawn(move || sockets.unregister(&node, old))
        };
        std::thread::sleep(Duration::from_millis(50));
        let new = sockets.register(&node, session().await);
        closing.join().unwrap();

        assert_ne!(new, old);
        assert!(sockets.is_connected(&node));
        assert_eq!(
            *presence.0.lock().unwrap(),
            vec!["disconnected", "connected"],
            "the node ends up announced as here"
        );
    }
}
