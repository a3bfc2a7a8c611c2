//! Commands to CloudNodes over their WebSocket (`take_snapshot`, `wipe_data`, ...), answered
//! by a correlated `command_result`.

use async_trait::async_trait;
use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::ids::NodeId;
use serde_json::Value;
use std::time::Duration;

/// How long a snapshot may take before the caller gives up.
pub const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a node may take to wipe its data.
pub const WIPE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("Node {0} is not connected")]
    NotConnected(NodeId),
    #[error("Node {node} send failed: {reason}")]
    SendFailed { node: NodeId, reason: String },
    #[error("Command {command} to node {node} timed out")]
    TimedOut { node: NodeId, command: NodeCommand },
    #[error("Node {node} disconnected while awaiting {command}")]
    Disconnected { node: NodeId, command: NodeCommand },
}

#[async_trait]
pub trait NodeCommands: Send + Sync {
    /// Sends `command` to the node and returns its `command_result` payload verbatim.
    async fn send(
        &self,
        node: &NodeId,
        command: NodeCommand,
        payload: Value,
        timeout: Duration,
    ) -> Result<Value, CommandError>;

    fn is_connected(&self, node: &NodeId) -> bool;
}

/// Told when this instance gains or loses a node's socket, so that other instances behind
/// the same name can route commands for that node here. Called on the socket's hot path:
/// implementations hand the news off and return at once.
pub trait NodePresence: Send + Sync {
    fn connected(&self, node: &NodeId);
    fn disconnected(&self, node: &NodeId);
}

/// A single instance: nobody else needs to know where a node is connected.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoPresence;

impl NodePresence for NoPresence {
    fn connected(&self, _node: &NodeId) {}
    fn disconnected(&self, _node: &NodeId) {}
}
