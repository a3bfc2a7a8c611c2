//! What instances tell each other about nodes: command requests to the instance holding a
//! node's socket, the replies, and presence news (which instance holds which nodes).

use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::node_commands::CommandError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Redis names, all under one namespace (`sentinel:` in production).
#[derive(Debug, Clone)]
pub(super) struct Names {
    namespace: String,
}

impl Names {
    pub(super) fn new(namespace: &str) -> Self {
        Self {
            namespace: namespace.to_owned(),
        }
    }

    /// The presence key: the id of the instance holding the node's socket.
    pub(super) fn node_at(&self, node: &NodeId) -> String {
        format!("{}node-at:{node}", self.namespace)
    }

    /// The channel an instance takes command requests on.
    pub(super) fn requests(&self, instance: &str) -> String {
        format!("{}node-cmd:{instance}", self.namespace)
    }

    /// The channel an instance takes command replies on.
    pub(super) fn replies(&self, instance: &str) -> String {
        format!("{}node-reply:{instance}", self.namespace)
    }

    /// Every instance's presence news, so `is_connected` needs no round trip.
    pub(super) fn presence(&self) -> String {
        format!("{}node-presence", self.namespace)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CommandRequest {
    pub id: String,
    pub node: NodeId,
    pub command: NodeCommand,
    pub payload: Value,
    pub timeout_ms: u64,
    pub reply_to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CommandReply {
    pub id: String,
    pub outcome: Outcome,
}

/// A `Result<Value, CommandError>` on the wire; the node and command are the request's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Outcome {
    Answer { payload: Value },
    NotConnected,
    SendFailed { reason: String },
    TimedOut,
    Disconnected,
}

impl Outcome {
    pub(super) fn from_result(result: Result<Value, CommandError>) -> Self {
        match result {
            Ok(payload) => Self::Answer { payload },
            Err(CommandError::NotConnected(_)) => Self::NotConnected,
            Err(CommandError::SendFailed { reason, .. }) => Self::SendFailed { reason },
            Err(CommandError::TimedOut { .. }) => Self::TimedOut,
            Err(CommandError::Disconnected { .. }) => Self::Disconnected,
        }
    }

    pub(super) fn into_result(
        self,
        node: &NodeId,
        command: NodeCommand,
    ) -> Result<Value, CommandError> {
        let node = node.clone();
        match self {
            Self::Answer { payload } => Ok(payload),
            Self::NotConnected => Err(CommandError::NotConnected(node)),
            Self::SendFailed { reason } => Err(CommandError::SendFailed { node, reason }),
            Self::TimedOut => Err(CommandError::TimedOut { node, command }),
            Self::Disconnected => Err(CommandError::Disconnected { node, command }),
        }
    }
}

/// An instance gained (`connected`) or lost nodes' sockets; gains are repeated on every
/// presence refresh and last `ttl_ms` unless repeated. A `roll_call` (sent by an instance
/// that just started, with no nodes) asks every other instance to announce its nodes now
/// rather than at its next refresh.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct PresenceNews {
    pub instance: String,
    pub nodes: Vec<NodeId>,
    pub connected: bool,
    pub ttl_ms: u64,
    #[serde(default)]
    pub roll_call: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_command_error_survives_the_wire() {
        let node = NodeId::new("n1");
        let errors = [
            CommandError::NotConnected(node.clone()),
            CommandError::SendFailed {
                node: node.clone(),
                reason: "closed".into(),
            },
            CommandError::TimedOut {
                node: node.clone(),
                command: NodeCommand::TakeSnapshot,
            },
            CommandError::Disconnected {
                node: node.clone(),
                command: NodeCommand::TakeSnapshot,
            },
        ];
        for error in errors {
            let outcome = Outcome::from_result(Err(error.clone()));
            let text = serde_json::to_string(&outcome).unwrap_or_default();
            let back: Outcome = serde_json::from_str(&text).unwrap_or(Outcome::NotConnected);
            assert_eq!(
                back.into_result(&node, NodeCommand::TakeSnapshot),
                Err(error)
            );
        }
        let answer = Outcome::from_result(Ok(json!({"image": "x"})));
        assert_eq!(
            answer.into_result(&node, NodeCommand::TakeSnapshot),
            Ok(json!({"image": "x"}))
        );
    }
}
