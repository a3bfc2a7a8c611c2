//! `view_camera` and `watch_camera`: live JPEGs asked of the camera's CloudNode over its
//! WebSocket (mcp.md §4.1, §4.3).

use super::{ToolError, ToolResult};
use crate::live_snapshot::{SnapshotError, read_snapshot_payload};
use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::node_commands::{CommandError, NodeCommands, SNAPSHOT_TIMEOUT};
use serde_json::{Value, json};
use std::time::Duration;

impl super::McpTools {
    /// One live JPEG of the org's camera.
    pub async fn view_camera(&self, org: &OrgId, camera_id: &str) -> ToolResult<Vec<u8>> {
        self.snapshots
            .capture(org, &CameraId::new(camera_id))
            .await
            .map(|snapshot| snapshot.jpeg)
            .map_err(snapshot_error)
    }

    /// `count` frames `interval` apart. The node's connection is checked once up front; a
    /// frame that fails is reported in its place; no image at all is an error.
    pub async fn watch_camera(
        &self,
        org: &OrgId,
        camera_id: &str,
        count: usize,
        interval: Duration,
    ) -> ToolResult<Vec<WatchFrame>> {
        let camera = CameraId::new(camera_id);
        let node = self.camera_node(org, &camera).await?;
        if !self.node_commands.is_connected(&node) {
            return Err(snapshot_error(SnapshotError::NodeOffline(node)));
        }
        let mut frames = Vec::with_capacity(count);
        for index in 1..=count {
            if index > 1 {
                tokio::time::sleep(interval).await;
            }
            frames.push(watch_frame(self.node_commands.as_ref(), &camera, &node, index).await);
        }
        if !frames
            .iter()
            .any(|frame| matches!(frame, WatchFrame::Image(_)))
        {
            return Err(ToolError::refused(
                "Failed to capture any snapshots — check node status",
            ));
        }
        Ok(frames)
    }

    /// The node of the org's camera.
    async fn camera_node(&self, org: &OrgId, camera: &CameraId) -> ToolResult<NodeId> {
        self.snapshots
            .camera_node(org, camera)
            .await
            .map_err(snapshot_error)
    }
}

/// One frame of a watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchFrame {
    Image(Vec<u8>),
    /// `[Frame i] No image data returned` (also for a node-reported error).
    NoImage(usize),
    /// `[Frame i] Failed: <why>` (timeout, send failure).
    Failed(usize, String),
}

impl WatchFrame {
    /// The text shown in place of a missing frame.
    pub fn text(&self) -> Option<String> {
        match self {
            Self::Image(_) => None,
            Self::NoImage(index) => Some(format!("[Frame {index}] No image data returned")),
            Self::Failed(index, why) => Some(format!("[Frame {index}] Failed: {why}")),
        }
    }
}

/// One frame; unlike `view_camera`, a node's `status: "error"` answer is not interpreted.
async fn watch_frame(
    node_commands: &dyn NodeCommands,
    camera: &CameraId,
    node: &NodeId,
    index: usize,
) -> WatchFrame {
    let answer = node_commands
        .send(
            node,
            NodeCommand::TakeSnapshot,
            json!({"camera_id": camera}),
            SNAPSHOT_TIMEOUT,
        )
        .await;
    match answer {
        Ok(payload) if payload.get("status").and_then(Value::as_str) == Some("error") => {
            WatchFrame::NoImage(index)
        }
        Ok(payload) => match read_snapshot_payload(camera, &payload) {
            Ok(jpeg) => WatchFrame::Image(jpeg),
            Err(SnapshotError::NoImageData) => WatchFrame::NoImage(index),
            Err(other) => WatchFrame::Failed(index, other.to_string()),
        },
        Err(CommandError::TimedOut { .. }) => {
            WatchFrame::Failed(index, SnapshotError::TimedOut.to_string())
        }
        Err(other) => WatchFrame::Failed(index, other.to_string()),
    }
}

/// Snapshot failures are the caller's to read, except storage trouble.
pub fn snapshot_error(error: SnapshotError) -> ToolError {
    match error {
        SnapshotError::Storage(repo) => ToolError::from(repo),
        other => ToolError::Refused(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_frames_say_which_and_why() {
        assert_eq!(
            WatchFrame::NoImage(2).text().unwrap(),
            "[Frame 2] No image data returned"
        );
        assert_eq!(
            WatchFrame::Failed(3, "boom".into()).text().unwrap(),
            "[Frame 3] Failed: boom"
        );
        assert_eq!(WatchFrame::Image(vec![1]).text(), None);
    }
}
