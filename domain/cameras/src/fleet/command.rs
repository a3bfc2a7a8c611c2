//! The commands the Command Center sends a node over its socket (cloudnode-client.md,
//! "Commands"). The node also runs `list_snapshots` and `list_recordings`; nothing here
//! asks for them, so they are not named.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeCommand {
    /// A JPEG of one camera's newest segment (`payload.camera_id`).
    TakeSnapshot,
    /// Delete the node's local data and credentials before it is deleted here.
    WipeData,
}

impl NodeCommand {
    /// The name on the wire (the frame's top-level `command`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TakeSnapshot => "take_snapshot",
            Self::WipeData => "wipe_data",
        }
    }
}

impl fmt::Display for NodeCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::NodeCommand;

    #[test]
    fn wire_names_match_serde_and_display() {
        for command in [NodeCommand::TakeSnapshot, NodeCommand::WipeData] {
            let json = serde_json::to_string(&command).unwrap();
            assert_eq!(json, format!("\"{}\"", command.as_str()));
            assert_eq!(command.to_string(), command.as_str());
        }
    }
}
