//! Commands to CloudNodes across instances. A node's WebSocket lands on one instance; a
//! snapshot asked for on another must still reach it. Each instance claims
//! `sentinel:node-at:<node>` for the nodes connected to it (`presence`), listens for
//! command requests on `sentinel:node-cmd:<instance>` and for replies on
//! `sentinel:node-reply:<instance>` (`inbox`). `ClusterNodeCommands` sends to a node
//! connected here directly, with no Redis round trip, and relays everything else to the
//! instance holding the node's socket, which runs the command and publishes its result.

mod inbox;
mod presence;
mod wire;

pub use presence::RedisNodePresence;

use crate::RedisAdapterError;
use async_trait::async_trait;
use presence::{PresenceKeeper, RemoteNodes};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::node_commands::{CommandError, NodeCommands, NodePresence};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use wire::{CommandReply, CommandRequest, Names, Outcome};

/// Every node-relay key and channel starts with this in production.
pub const NODE_RELAY_NAMESPACE: &str = "sentinel:";
/// How long a presence claim lasts unless refreshed (every third of it).
const PRESENCE_TTL: Duration = Duration::from_secs(30);
/// How long one Redis round trip on the command path may take.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);
/// The holding instance times the command out itself and says so; the caller waits this
/// much longer for that answer before it gives up on its own.
const REPLY_GRACE: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub(crate) enum RelayError {
    #[error(transparent)]
    Redis(#[from] redis::RedisError),
    #[error("cannot encode a relay message: {0}")]
    Encode(#[from] serde_json::Error),
}

#[derive(Debug, Clone)]
pub struct NodeRelayConfig {
    pub url: String,
    /// This instance's id (`INSTANCE_ID`): where other instances send its nodes' commands.
    pub instance_id: String,
    /// Prefix of every key and channel (`sentinel:`; tests use their own).
    pub namespace: String,
    pub presence_ttl: Duration,
}

impl NodeRelayConfig {
    pub fn new(url: impl Into<String>, instance_id: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            instance_id: instance_id.into(),
            namespace: NODE_RELAY_NAMESPACE.to_owned(),
            presence_ttl: PRESENCE_TTL,
        }
    }
}

/// Built in two steps because the sockets and the relay need each other: first the
/// presence the sockets report to, then (`serve`) the relay over those sockets.
pub struct RedisNodeRelay {
    config: NodeRelayConfig,
    client: redis::Client,
    connection: ConnectionManager,
    presence: Arc<RedisNodePresence>,
    remote: Arc<RemoteNodes>,
}

impl RedisNodeRelay {
    /// Connects and starts keeping this instance's node claims.
    pub async fn connect(config: NodeRelayConfig) -> Result<Self, RedisAdapterError> {
        let client = redis::Client::open(config.url.as_str())
            .map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let manager = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connection = ConnectionManager::new_with_config(client.clone(), manager)
            .await
            .map_err(|e| RedisAdapterError::Connect(e.to_string()))?;
        let (changes, queue) = mpsc::unbounded_channel();
        let keeper = PresenceKeeper {
            connection: connection.clone(),
            names: Names::new(&config.namespace),
            instance: config.instance_id.clone(),
            ttl: config.presence_ttl,
        };
        tokio::spawn(keeper.run(queue));
        Ok(Self {
            config,
            client,
            connection,
            presence: Arc::new(RedisNodePresence::new(changes)),
            remote: Arc::new(RemoteNodes::default()),
        })
    }

    /// What this instance's sockets report their nodes to.
    pub fn presence(&self) -> Arc<dyn NodePresence> {
        self.presence.clone()
    }

    /// Starts answering other instances' requests for nodes connected here (`local`) and
    /// returns the `NodeCommands` every caller on this instance should use.
    pub async fn serve(
        self,
        local: Arc<dyn NodeCommands>,
    ) -> Result<Arc<ClusterNodeCommands>, RedisAdapterError> {
        let names = Names::new(&self.config.namespace);
        let instance = self.config.instance_id.clone();
        let channels = vec![
            names.requests(&instance),
            names.replies(&instance),
            names.presence(),
        ];
        let commands = Arc::new(ClusterNodeCommands {
            instance,
            names,
            connection: self.connection,
            local,
            pending: Mutex::new(HashMap::new()),
            remote: self.remote,
            presence: self.presence,
        });
        let stream = inbox::subscribe(&self.client, &channels)
            .await
            .map_err(|e| RedisAdapterError::Connect(e.to_string()))?;
        // Without it, this instance would see other instances' nodes only at their next
        // presence refresh.
        let roll_call =
            PresenceKeeper::call_roll(&commands.connection, &commands.names, &commands.instance);
        if let Err(error) = roll_call.await {
            tracing::warn!(%error, "cannot ask other instances for their nodes");
        }
        tokio::spawn(inbox::listen(
            Arc::downgrade(&commands),
            self.client,
            channels,
            stream,
        ));
        Ok(commands)
    }
}

/// `NodeCommands` for several instances behind one name.
pub struct ClusterNodeCommands {
    instance: String,
    names: Names,
    connection: ConnectionManager,
    local: Arc<dyn NodeCommands>,
    /// Relayed commands waiting for their reply, by request id.
    pending: Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
    remote: Arc<RemoteNodes>,
    /// This instance's own presence, to answer other instances' roll calls.
    presence: Arc<RedisNodePresence>,
}

#[async_trait]
impl NodeCommands for ClusterNodeCommands {
    async fn send(
        &self,
        node: &NodeId,
        command: NodeCommand,
        payload: Value,
        timeout: Duration,
    ) -> Result<Value, CommandError> {
        if self.local.is_connected(node) {
            return self.local.send(node, command, payload, timeout).await;
        }
        let owner = self.owner_of(node).await?;
        self.relay(&owner, node, command, payload, timeout).await
    }

    /// Connected here, or to another instance as its presence news says (no round trip:
    /// this is asked from blocking code).
    fn is_connected(&self, node: &NodeId) -> bool {
        self.local.is_connected(node) || self.remote.holds(node)
    }
}

impl ClusterNodeCommands {
    /// The instance holding the node's socket, if another one does.
    async fn owner_of(&self, node: &NodeId) -> Result<String, CommandError> {
        let mut connection = self.connection.clone();
        let mut get = redis::cmd("GET");
        get.arg(self.names.node_at(node));
        let lookup = get.query_async::<Option<String>>(&mut connection);
        let owner = tokio::time::timeout(REDIS_TIMEOUT, lookup)
            .await
            .map_err(|_| send_failed(node, "no answer from Redis"))?
            .map_err(|error| send_failed(node, error))?;
        match owner {
            Some(owner) if owner != self.instance => Ok(owner),
            // Unclaimed, or a claim of ours that outlived the socket.
            _ => Err(CommandError::NotConnected(node.clone())),
        }
    }

    async fn relay(
        &self,
        owner: &str,
        node: &NodeId,
        command: NodeCommand,
        payload: Value,
        timeout: Duration,
    ) -> Result<Value, CommandError> {
        let request = CommandRequest {
            id: uuid::Uuid::new_v4().to_string(),
            node: node.clone(),
            command,
            payload,
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
            reply_to: self.instance.clone(),
        };
        let text = serde_json::to_string(&request).map_err(|error| send_failed(node, error))?;
        let (reply, answer) = oneshot::channel();
        let _pending = Pending::insert(&self.pending, &request.id, reply);
        let receivers = self
            .publish(&self.names.requests(owner), text)
            .await
            .map_err(|error| send_failed(node, error))?;
        if receivers == 0 {
            // The owner is gone; its claim expires shortly.
            return Err(CommandError::NotConnected(node.clone()));
        }
        match tokio::time::timeout(timeout + REPLY_GRACE, answer).await {
            Ok(Ok(outcome)) => outcome.into_result(node, command),
            Ok(Err(_)) => Err(CommandError::Disconnected {
                node: node.clone(),
                command,
            }),
            Err(_) => Err(CommandError::TimedOut {
                node: node.clone(),
                command,
            }),
        }
    }

    /// Runs another instance's request on the local socket and publishes the result.
    async fn answer_request(self: Arc<Self>, request: CommandRequest) {
        let timeout = Duration::from_millis(request.timeout_ms);
        let result = self
            .local
            .send(&request.node, request.command, request.payload, timeout)
            .await;
        let reply = CommandReply {
            id: request.id,
            outcome: Outcome::from_result(result),
        };
        let sent = match serde_json::to_string(&reply) {
            Ok(text) => self
                .publish(&self.names.replies(&request.reply_to), text)
                .await
                .map(|_| ()),
            Err(error) => Err(RelayError::from(error)),
        };
        if let Err(error) = sent {
            tracing::warn!(node = %request.node, %error, "cannot return a relayed command's result");
        }
    }

    fn take_reply(&self, reply: CommandReply) {
        let waiting = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&reply.id);
        if let Some(waiting) = waiting {
            let _caller_gave_up = waiting.send(reply.outcome);
        }
    }

    async fn publish(&self, channel: &str, text: String) -> Result<i64, RelayError> {
        let mut connection = self.connection.clone();
        let mut command = redis::cmd("PUBLISH");
        command.arg(channel).arg(text);
        let publish = command.query_async::<i64>(&mut connection);
        match tokio::time::timeout(REDIS_TIMEOUT, publish).await {
            Ok(receivers) => Ok(receivers?),
            Err(_) => Err(RelayError::Redis(redis::RedisError::from(
                std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer from Redis"),
            ))),
        }
    }
}

/// A relayed command's slot in `pending`, removed however the wait ends.
struct Pending<'a> {
    map: &'a Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
    id: String,
}

impl<'a> Pending<'a> {
    fn insert(
        map: &'a Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
        id: &str,
        reply: oneshot::Sender<Outcome>,
    ) -> Self {
        map.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.to_owned(), reply);
        Self {
            map,
            id: id.to_owned(),
        }
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
    }
}

fn send_failed(node: &NodeId, reason: impl std::fmt::Display) -> CommandError {
    CommandError::SendFailed {
        node: node.clone(),
        reason: reason.to_string(),
    }
}
