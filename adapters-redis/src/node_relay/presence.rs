//! Which instance holds which node's socket. This instance claims `node-at:<node>` when a
//! node connects here, refreshes the claim while it stays, and deletes it (only if still
//! its own) when the node leaves; every change is also announced on the presence channel
//! so each instance keeps a map of the others' nodes for `is_connected`.

use super::RelayError;
use super::wire::{Names, PresenceNews};
use redis::aio::ConnectionManager;
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::node_commands::NodePresence;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior};

/// Refreshes a claim that is this instance's, or re-takes one that vanished (a Redis
/// restart); never takes over a node another instance claimed since.
const REFRESH_CLAIM: &str = r"
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] or not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
";

const DELETE_IF_MINE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

pub(super) enum Change {
    Connected(NodeId),
    Disconnected(NodeId),
    /// Another instance asked for a roll call: announce every node here now.
    RollCall,
}

/// The `NodePresence` this instance's sockets report to: it queues each change for the
/// presence keeper and returns at once.
pub struct RedisNodePresence {
    changes: mpsc::UnboundedSender<Change>,
}

impl RedisNodePresence {
    pub(super) fn new(changes: mpsc::UnboundedSender<Change>) -> Self {
        Self { changes }
    }

    pub(super) fn answer_roll_call(&self) {
        let _keeper_gone_at_shutdown = self.changes.send(Change::RollCall);
    }
}

impl NodePresence for RedisNodePresence {
    fn connected(&self, node: &NodeId) {
        let _keeper_gone_at_shutdown = self.changes.send(Change::Connected(node.clone()));
    }

    fn disconnected(&self, node: &NodeId) {
        let _keeper_gone_at_shutdown = self.changes.send(Change::Disconnected(node.clone()));
    }
}

/// Other instances' nodes, as their presence news says, each until its claim runs out.
#[derive(Debug, Default)]
pub(super) struct RemoteNodes(Mutex<HashMap<NodeId, (String, Instant)>>);

impl RemoteNodes {
    pub(super) fn apply(&self, news: PresenceNews, own_instance: &str) {
        if news.instance == own_instance {
            return;
        }
        let mut nodes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let until = Instant::now() + Duration::from_millis(news.ttl_ms);
        for node in news.nodes {
            if news.connected {
                nodes.insert(node, (news.instance.clone(), until));
            } else if nodes.get(&node).is_some_and(|(at, _)| *at == news.instance) {
                nodes.remove(&node);
            }
        }
        let now = Instant::now();
        nodes.retain(|_, (_, until)| *until > now);
    }

    pub(super) fn holds(&self, node: &NodeId) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(node)
            .is_some_and(|(_, until)| *until > Instant::now())
    }
}

/// Keeps this instance's claims in Redis in step with its sockets.
pub(super) struct PresenceKeeper {
    pub(super) connection: ConnectionManager,
    pub(super) names: Names,
    pub(super) instance: String,
    pub(super) ttl: Duration,
}

impl PresenceKeeper {
    /// Runs until every `RedisNodePresence` is gone.
    pub(super) async fn run(self, mut changes: mpsc::UnboundedReceiver<Change>) {
        let mut here: HashSet<NodeId> = HashSet::new();
        let mut refresh = tokio::time::interval(self.ttl / 3);
        refresh.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                change = changes.recv() => match change {
                    Some(change) => self.apply(change, &mut here).await,
                    None => break,
                },
                _ = refresh.tick() => self.refresh(&here).await,
            }
        }
    }

    async fn apply(&self, change: Change, here: &mut HashSet<NodeId>) {
        let result = match change {
            Change::Connected(node) => {
                here.insert(node.clone());
                self.claim(node).await
            }
            Change::Disconnected(node) => {
                here.remove(&node);
                self.give_up(node).await
            }
            Change::RollCall => {
                self.refresh(here).await;
                Ok(())
            }
        };
        if let Err(error) = result {
            tracing::warn!(%error, "cannot update node presence in Redis; the next refresh retries");
        }
    }

    /// The newest socket wins: a node that reconnected here is here, whoever had it before.
    async fn claim(&self, node: NodeId) -> Result<(), RelayError> {
        let mut connection = self.connection.clone();
        redis::cmd("SET")
            .arg(self.names.node_at(&node))
            .arg(&self.instance)
            .arg("PX")
            .arg(self.ttl_ms())
            .query_async::<()>(&mut connection)
            .await?;
        self.announce(vec![node], true).await
    }

    async fn give_up(&self, node: NodeId) -> Result<(), RelayError> {
        let mut connection = self.connection.clone();
        redis::Script::new(DELETE_IF_MINE)
            .key(self.names.node_at(&node))
            .arg(&self.instance)
            .invoke_async::<i64>(&mut connection)
            .await?;
        self.announce(vec![node], false).await
    }

    async fn refresh(&self, here: &HashSet<NodeId>) {
        if here.is_empty() {
            return;
        }
        let nodes: Vec<NodeId> = here.iter().cloned().collect();
        let mut pipe = redis::pipe();
        for node in &nodes {
            pipe.cmd("EVAL")
                .arg(REFRESH_CLAIM)
                .arg(1)
                .arg(self.names.node_at(node))
                .arg(&self.instance)
                .arg(self.ttl_ms());
        }
        let mut connection = self.connection.clone();
        let claimed = match pipe.query_async::<Vec<i64>>(&mut connection).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::warn!(%error, "cannot refresh node presence in Redis");
                return;
            }
        };
        let still_here = nodes
            .into_iter()
            .zip(claimed)
            .filter_map(|(node, claimed)| (claimed == 1).then_some(node))
            .collect();
        if let Err(error) = self.announce(still_here, true).await {
            tracing::warn!(%error, "cannot announce node presence");
        }
    }

    /// Asks every other instance to announce its nodes (this one just started).
    pub(super) async fn call_roll(
        connection: &ConnectionManager,
        names: &Names,
        instance: &str,
    ) -> Result<(), RelayError> {
        let news = PresenceNews {
            instance: instance.to_owned(),
            nodes: Vec::new(),
            connected: true,
            ttl_ms: 0,
            roll_call: true,
        };
        let mut connection = connection.clone();
        redis::cmd("PUBLISH")
            .arg(names.presence())
            .arg(serde_json::to_string(&news)?)
            .query_async::<i64>(&mut connection)
            .await?;
        Ok(())
    }

    async fn announce(&self, nodes: Vec<NodeId>, connected: bool) -> Result<(), RelayError> {
        let news = PresenceNews {
            instance: self.instance.clone(),
            nodes,
            connected,
            ttl_ms: self.ttl_ms(),
            roll_call: false,
        };
        let text = serde_json::to_string(&news)?;
        let mut connection = self.connection.clone();
        redis::cmd("PUBLISH")
            .arg(self.names.presence())
            .arg(text)
            .query_async::<i64>(&mut connection)
            .await?;
        Ok(())
    }

    fn ttl_ms(&self) -> u64 {
        u64::try_from(self.ttl.as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }
}
