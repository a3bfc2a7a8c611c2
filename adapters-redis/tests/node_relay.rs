//! Two `ClusterNodeCommands` on one Redis (127.0.0.1:6379, a namespace of their own per
//! test): nodes connected to instance A answer commands sent on instance B.
//! Skipped with a notice when Redis is unreachable.

use async_trait::async_trait;
use sentinel_adapters_redis::{ClusterNodeCommands, NodeRelayConfig, RedisNodeRelay};
use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::node_commands::{CommandError, NodeCommands, NodePresence};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

const REDIS_URL: &str = "redis://127.0.0.1:6379";

/// Instance A's sockets: `cam-node` answers, `slow-node` never does, `flaky-node` drops.
#[derive(Default)]
struct FakeSockets {
    sends: AtomicU32,
}

#[async_trait]
impl NodeCommands for FakeSockets {
    async fn send(
        &self,
        node: &NodeId,
        command: NodeCommand,
        payload: Value,
        timeout: Duration,
    ) -> Result<Value, CommandError> {
        self.sends.fetch_add(1, Ordering::SeqCst);
        match node.as_str() {
            "cam-node" => Ok(json!({"node": node, "command": command, "payload": payload})),
            "slow-node" => {
                tokio::time::sleep(timeout).await;
                Err(CommandError::TimedOut {
                    node: node.clone(),
                    command,
                })
            }
            "flaky-node" => Err(CommandError::Disconnected {
                node: node.clone(),
                command,
            }),
            _ => Err(CommandError::NotConnected(node.clone())),
        }
    }

    fn is_connected(&self, node: &NodeId) -> bool {
        ["cam-node", "slow-node", "flaky-node"].contains(&node.as_str())
    }
}

/// An instance with no node at all.
struct NoSockets;

#[async_trait]
impl NodeCommands for NoSockets {
    async fn send(
        &self,
        node: &NodeId,
        _command: NodeCommand,
        _payload: Value,
        _timeout: Duration,
    ) -> Result<Value, CommandError> {
        Err(CommandError::NotConnected(node.clone()))
    }

    fn is_connected(&self, _node: &NodeId) -> bool {
        false
    }
}

struct Cluster {
    a: Arc<ClusterNodeCommands>,
    a_presence: Arc<dyn NodePresence>,
    a_sockets: Arc<FakeSockets>,
    b: Arc<ClusterNodeCommands>,
    namespace: String,
}

async fn cluster() -> Option<Cluster> {
    let namespace = format!("sentinel:test:{}:", uuid::Uuid::new_v4());
    let config = |instance: &str| NodeRelayConfig {
        namespace: namespace.clone(),
        ..NodeRelayConfig::new(REDIS_URL, instance)
    };
    let relay_a = match RedisNodeRelay::connect(config("instance-a")).await {
        Ok(relay) => relay,
        Err(error) => {
            eprintln!("skipped: Redis unreachable at {REDIS_URL}: {error}");
            return None;
        }
    };
    let relay_b = RedisNodeRelay::connect(config("instance-b")).await.ok()?;
    let a_presence = relay_a.presence();
    let a_sockets = Arc::new(FakeSockets::default());
    let a = relay_a.serve(a_sockets.clone()).await.ok()?;
    let b = relay_b.serve(Arc::new(NoSockets)).await.ok()?;
    for node in ["cam-node", "slow-node", "flaky-node"] {
        a_presence.connected(&NodeId::new(node));
    }
    let cluster = Cluster {
        a,
        a_presence,
        a_sockets,
        b,
        namespace,
    };
    cluster.wait_until_b_sees("cam-node", true).await;
    Some(cluster)
}

impl Cluster {
    async fn wait_until_b_sees(&self, node: &str, connected: bool) {
        let node = NodeId::new(node);
        for _ in 0..100 {
            if self.b.is_connected(&node) == connected {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("instance B never saw {node} as connected={connected}");
    }
}

#[tokio::test]
async fn a_command_sent_on_b_is_answered_by_the_node_connected_to_a() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let node = NodeId::new("cam-node");
    let answer = cluster
        .b
        .send(
            &node,
            NodeCommand::TakeSnapshot,
            json!({"camera_id": "cam-1"}),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(
        answer,
        Ok(
            json!({"node": "cam-node", "command": "take_snapshot", "payload": {"camera_id": "cam-1"}})
        )
    );
    assert_eq!(cluster.a_sockets.sends.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_node_connected_here_is_sent_to_directly() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let node = NodeId::new("cam-node");
    let answer = cluster
        .a
        .send(
            &node,
            NodeCommand::WipeData,
            json!({}),
            Duration::from_secs(5),
        )
        .await;
    assert!(answer.is_ok());
    assert!(cluster.a.is_connected(&node));
}

#[tokio::test]
async fn a_node_no_instance_holds_is_not_connected() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let ghost = NodeId::new("ghost-node");
    assert!(!cluster.b.is_connected(&ghost));
    let answer = cluster
        .b
        .send(
            &ghost,
            NodeCommand::TakeSnapshot,
            json!({}),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(answer, Err(CommandError::NotConnected(ghost)));
}

#[tokio::test]
async fn a_slow_node_times_out_after_the_timeout() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let node = NodeId::new("slow-node");
    let started = Instant::now();
    let answer = cluster
        .b
        .send(
            &node,
            NodeCommand::TakeSnapshot,
            json!({}),
            Duration::from_millis(300),
        )
        .await;
    assert_eq!(
        answer,
        Err(CommandError::TimedOut {
            node,
            command: NodeCommand::TakeSnapshot
        })
    );
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_millis(1_300), "{waited:?}");
}

#[tokio::test]
async fn the_holders_command_error_reaches_the_caller_unchanged() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let node = NodeId::new("flaky-node");
    let answer = cluster
        .b
        .send(
            &node,
            NodeCommand::TakeSnapshot,
            json!({}),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(
        answer,
        Err(CommandError::Disconnected {
            node,
            command: NodeCommand::TakeSnapshot
        })
    );
}

#[tokio::test]
async fn a_node_that_left_a_is_no_longer_reachable_from_b() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let node = NodeId::new("cam-node");
    cluster.a_presence.disconnected(&node);
    cluster.wait_until_b_sees("cam-node", false).await;
    let answer = cluster
        .b
        .send(
            &node,
            NodeCommand::TakeSnapshot,
            json!({}),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(answer, Err(CommandError::NotConnected(node)));
}

#[tokio::test]
async fn a_claim_left_by_a_dead_instance_is_not_connected() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let Ok(client) = redis::Client::open(REDIS_URL) else {
        return;
    };
    let Ok(mut connection) = client.get_multiplexed_async_connection().await else {
        return;
    };
    let key = format!("{}node-at:orphan-node", cluster.namespace);
    let set: redis::RedisResult<()> = redis::cmd("SET")
        .arg(&key)
        .arg("instance-gone")
        .arg("PX")
        .arg(5_000)
        .query_async(&mut connection)
        .await;
    assert!(set.is_ok());
    let orphan = NodeId::new("orphan-node");
    let answer = cluster
        .b
        .send(
            &orphan,
            NodeCommand::TakeSnapshot,
            json!({}),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(answer, Err(CommandError::NotConnected(orphan)));
}

#[tokio::test]
async fn an_instance_that_starts_later_sees_existing_nodes_at_once() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let late = NodeRelayConfig {
        namespace: cluster.namespace.clone(),
        ..NodeRelayConfig::new(REDIS_URL, "instance-c")
    };
    let Ok(relay) = RedisNodeRelay::connect(late).await else {
        return;
    };
    let c = relay.serve(Arc::new(NoSockets)).await.ok();
    let c = c.expect("instance C serves");
    let node = NodeId::new("cam-node");
    let started = Instant::now();
    while !c.is_connected(&node) {
        // Well inside the 10 s presence refresh: the roll call answered it.
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "C never saw cam-node"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let answer = c
        .send(
            &node,
            NodeCommand::TakeSnapshot,
            json!({}),
            Duration::from_secs(5),
        )
        .await;
    assert!(answer.is_ok(), "{answer:?}");
}
