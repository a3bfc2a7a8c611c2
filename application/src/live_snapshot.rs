//! A live JPEG from a camera, asked of its CloudNode over the WebSocket (mcp.md §4.3): shared
//! by MCP `view_camera` / `attach_snapshot` and the Home Assistant snapshot endpoint, so all
//! of them fail with the same words.

use crate::blocking::unblock;
use base64::Engine;
use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::node_commands::{CommandError, NodeCommands, SNAPSHOT_TIMEOUT};
use sentinel_ports::driven::repos::{CameraRepo, RepoError};
use serde_json::{Value, json};
use std::sync::Arc;

/// A captured frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub camera_id: CameraId,
    pub node_id: NodeId,
    pub jpeg: Vec<u8>,
}

/// Why no frame came back; the texts are the contract's (callers show them as they are).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Unknown camera, or another org's.
    #[error("Camera '{0}' not found")]
    CameraNotFound(CameraId),
    #[error("Camera '{0}' has no assigned node")]
    NoNode(CameraId),
    /// The camera names a node row that no longer exists (worded like [`Self::NoNode`]
    /// for MCP; the REST route tells the two apart).
    #[error("Camera '{0}' has no assigned node")]
    NodeGone(CameraId),
    #[error("Node '{0}' is offline — cannot capture snapshot")]
    NodeOffline(NodeId),
    #[error("Snapshot timed out — camera node did not respond in time")]
    TimedOut,
    /// The command could not be sent, or the node went away while it was pending.
    #[error("{0}")]
    Command(String),
    #[error(
        "Camera '{0}' has no active video stream — the CameraNode is online but has no HLS \
         segments to take a snapshot from. Check that the camera is streaming, then retry."
    )]
    NoVideoStream(CameraId),
    #[error("Snapshot failed inside FFmpeg on the CameraNode: {0}")]
    Ffmpeg(String),
    #[error("Snapshot failed on the CameraNode: {0}")]
    NodeFailed(String),
    #[error("Camera node did not return image data — update CameraNode to latest version")]
    NoImageData,
    #[error(
        "Camera '{camera}' returned corrupt snapshot data ({reason}). Update the CameraNode and retry."
    )]
    CorruptData { camera: CameraId, reason: String },
    #[error("Snapshot lookup failed: {0}")]
    Storage(#[from] RepoError),
}

/// Frames from cameras: finds the org camera's node, then asks it over its socket.
pub struct Snapshots {
    cameras: Arc<dyn CameraRepo>,
    node_commands: Arc<dyn NodeCommands>,
}

impl Snapshots {
    pub fn new(cameras: Arc<dyn CameraRepo>, node_commands: Arc<dyn NodeCommands>) -> Self {
        Self {
            cameras,
            node_commands,
        }
    }

    /// Looks the camera up in the org, then asks its node for a frame (15 s at most).
    pub async fn capture(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
    ) -> Result<Snapshot, SnapshotError> {
        let node_id = self.camera_node(org, camera_id).await?;
        self.capture_from_node(camera_id, &node_id).await
    }

    /// The node of the org's camera.
    pub async fn camera_node(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
    ) -> Result<NodeId, SnapshotError> {
        let cameras = self.cameras.clone();
        let (org, id) = (org.clone(), camera_id.clone());
        let listing = unblock(move || cameras.get_listing(&org, &id))
            .await?
            .ok_or_else(|| SnapshotError::CameraNotFound(camera_id.clone()))?;
        match (listing.camera.node_row_id, listing.node_id) {
            (Some(_), Some(node_id)) => Ok(node_id),
            (Some(_), None) => Err(SnapshotError::NodeGone(camera_id.clone())),
            (None, _) => Err(SnapshotError::NoNode(camera_id.clone())),
        }
    }

    /// Asks the org camera's node for a frame and returns the node's answer as it came: the
    /// REST snapshot route relays it verbatim.
    pub async fn request(&self, org: &OrgId, camera_id: &CameraId) -> Result<Value, SnapshotError> {
        let node_id = self.camera_node(org, camera_id).await?;
        take_snapshot(self.node_commands.as_ref(), camera_id, &node_id).await
    }

    /// Sends `take_snapshot` to the node and reads the JPEG out of its answer.
    pub async fn capture_from_node(
        &self,
        camera_id: &CameraId,
        node_id: &NodeId,
    ) -> Result<Snapshot, SnapshotError> {
        frame_from_node(self.node_commands.as_ref(), camera_id, node_id).await
    }
}

async fn frame_from_node(
    node_commands: &dyn NodeCommands,
    camera_id: &CameraId,
    node_id: &NodeId,
) -> Result<Snapshot, SnapshotError> {
    let payload = take_snapshot(node_commands, camera_id, node_id).await?;
    let jpeg = read_snapshot_payload(camera_id, &payload)?;
    Ok(Snapshot {
        camera_id: camera_id.clone(),
        node_id: node_id.clone(),
        jpeg,
    })
}

/// Sends `take_snapshot` (15 s at most) and returns the node's answer.
async fn take_snapshot(
    node_commands: &dyn NodeCommands,
    camera_id: &CameraId,
    node_id: &NodeId,
) -> Result<Value, SnapshotError> {
    if !node_commands.is_connected(node_id) {
        return Err(SnapshotError::NodeOffline(node_id.clone()));
    }
    node_commands
        .send(
            node_id,
            NodeCommand::TakeSnapshot,
            json!({"camera_id": camera_id}),
            SNAPSHOT_TIMEOUT,
        )
        .await
        .map_err(|error| match error {
            CommandError::NotConnected(node) => SnapshotError::NodeOffline(node),
            CommandError::TimedOut { .. } => SnapshotError::TimedOut,
            other => SnapshotError::Command(other.to_string()),
        })
}

/// The JPEG bytes of a `take_snapshot` result: `data.image_b64`, or the legacy top-level
/// `image_b64`; a `status: "error"` answer is classified by its text.
pub fn read_snapshot_payload(
    camera_id: &CameraId,
    payload: &Value,
) -> Result<Vec<u8>, SnapshotError> {
    if payload.get("status").and_then(Value::as_str) == Some("error") {
        return Err(node_failure(camera_id, payload));
    }
    let image = payload
        .get("data")
        .and_then(|data| data.get("image_b64"))
        .or_else(|| payload.get("image_b64"))
        .and_then(Value::as_str)
        .filter(|image| !image.is_empty())
        .ok_or(SnapshotError::NoImageData)?;
    base64::engine::general_purpose::STANDARD
        .decode(image.trim())
        .map_err(|error| SnapshotError::CorruptData {
            camera: camera_id.clone(),
            reason: error.to_string(),
        })
}

/// A node-reported failure: no stream yet, FFmpeg trouble, or anything else.
fn node_failure(camera_id: &CameraId, payload: &Value) -> SnapshotError {
    let text = payload
        .get("error")
        .or_else(|| payload.get("message"))
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    let lower = text.to_lowercase();
    if lower.contains("no segments") || lower.contains("error opening input") {
        SnapshotError::NoVideoStream(camera_id.clone())
    } else if lower.contains("ffmpeg") {
        SnapshotError::Ffmpeg(text.to_owned())
    } else if text.is_empty() {
        SnapshotError::NodeFailed("unspecified failure".to_owned())
    } else {
        SnapshotError::NodeFailed(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_trait::async_trait;
    use std::sync::Mutex;
    use std::time::Duration;

    /// A node that answers every command with one canned result and records what it got.
    struct FakeNode {
        connected: bool,
        answer: Result<Value, CommandError>,
        sent: Mutex<Vec<(NodeCommand, Value, Duration)>>,
    }

    impl FakeNode {
        fn answering(answer: Result<Value, CommandError>) -> Self {
            Self {
                connected: true,
                answer,
                sent: Mutex::new(Vec::new()),
            }
        }
    }

    #[async_trait]
    impl NodeCommands for FakeNode {
        async fn send(
            &self,
            _node: &NodeId,
            command: NodeCommand,
            payload: Value,
            timeout: Duration,
        ) -> Result<Value, CommandError> {
            self.sent.lock().unwrap().push((command, payload, timeout));
            self.answer.clone()
        }

        fn is_connected(&self, _node: &NodeId) -> bool {
            self.connected
        }
    }

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0xFF, 0xD9];

    fn cam() -> CameraId {
        CameraId::new("abcd1234_video0")
    }

    fn node() -> NodeId {
        NodeId::new("abcd1234")
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    async fn capture(answer: Result<Value, CommandError>) -> Result<Snapshot, SnapshotError> {
        let fake = FakeNode::answering(answer);
        frame_from_node(&fake, &cam(), &node()).await
    }

    #[tokio::test]
    async fn a_successful_answer_yields_the_decoded_jpeg_and_sends_take_snapshot() {
        let fake = FakeNode::answering(Ok(json!({
            "status": "success",
            "data": {"image_b64": b64(JPEG), "size_bytes": JPEG.len()},
        })));
        let snapshot = frame_from_node(&fake, &cam(), &node()).await.unwrap();
        assert_eq!(snapshot.jpeg, JPEG);
        assert_eq!(snapshot.node_id, node());
        let sent = fake.sent.lock().unwrap();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].0, NodeCommand::TakeSnapshot);
        assert_eq!(sent[0].1, json!({"camera_id": "abcd1234_video0"}));
        assert_eq!(sent[0].2, Duration::from_secs(15));
    }

    #[tokio::test]
    async fn the_legacy_top_level_image_is_accepted() {
        let snapshot = capture(Ok(json!({"image_b64": b64(JPEG)}))).await.unwrap();
        assert_eq!(snapshot.jpeg, JPEG);
    }

    #[tokio::test]
    async fn an_offline_node_is_refused_without_sending() {
        let fake = FakeNode {
            connected: false,
            ..FakeNode::answering(Ok(json!({})))
        };
        let error = frame_from_node(&fake, &cam(), &node()).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "Node 'abcd1234' is offline — cannot capture snapshot"
        );
        assert!(fake.sent.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn transport_failures_keep_their_contract_texts() {
        let timed_out = capture(Err(CommandError::TimedOut {
            node: node(),
            command: NodeCommand::TakeSnapshot,
        }))
        .await
        .unwrap_err();
        assert_eq!(
            timed_out.to_string(),
            "Snapshot timed out — camera node did not respond in time"
        );
        let gone = capture(Err(CommandError::Disconnected {
            node: node(),
            command: NodeCommand::TakeSnapshot,
        }))
        .await
        .unwrap_err();
        assert_eq!(
            gone.to_string(),
            "Node abcd1234 disconnected while awaiting take_snapshot"
        );
        let raced = capture(Err(CommandError::NotConnected(node())))
            .await
            .unwrap_err();
        assert_eq!(raced, SnapshotError::NodeOffline(node()));
    }

    #[test]
    fn node_reported_errors_are_classified_by_their_text() {
        let error = |text: &str| {
            read_snapshot_payload(&cam(), &json!({"status": "error", "error": text})).unwrap_err()
        };
        assert_eq!(
            error("No segments found for camera x"),
            SnapshotError::NoVideoStream(cam())
        );
        assert_eq!(
            error("  Error opening input file  "),
            SnapshotError::NoVideoStream(cam())
        );
        assert!(
            error("No segments")
                .to_string()
                .contains("has no active video stream")
        );
        let ffmpeg = error(" ffmpeg exited with code 1 ");
        assert_eq!(
            ffmpeg.to_string(),
            "Snapshot failed inside FFmpeg on the CameraNode: ffmpeg exited with code 1"
        );
        assert_eq!(
            error("disk full").to_string(),
            "Snapshot failed on the CameraNode: disk full"
        );
        assert_eq!(
            read_snapshot_payload(&cam(), &json!({"status": "error"}))
                .unwrap_err()
                .to_string(),
            "Snapshot failed on the CameraNode: unspecified failure"
        );
    }

    #[test]
    fn missing_or_corrupt_image_data_is_explained() {
        assert_eq!(
            read_snapshot_payload(&cam(), &json!({"status": "success", "data": {}}))
                .unwrap_err()
                .to_string(),
            "Camera node did not return image data — update CameraNode to latest version"
        );
        let corrupt = read_snapshot_payload(
            &cam(),
            &json!({"status": "success", "data": {"image_b64": "***not base64***"}}),
        )
        .unwrap_err();
        assert!(matches!(corrupt, SnapshotError::CorruptData { .. }));
        let text = corrupt.to_string();
        assert!(
            text.starts_with("Camera 'abcd1234_video0' returned corrupt snapshot data ("),
            "{text}"
        );
        assert!(
            text.ends_with("). Update the CameraNode and retry."),
            "{text}"
        );
    }
}
