//! The Home Assistant integration (docs/integration-and-sentinel.md §1).

use chrono::NaiveDateTime;
use sentinel_application::integration::{CameraWithNode, lan_stream_url};
use sentinel_domain::api_keys::ApiKey;
use sentinel_domain::fleet::Node;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::motion_events::MotionDetected;
use serde::Serialize;
use utoipa::ToSchema;

/// `GET /api/integration/cameras`.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationCameras {
    /// Oldest first.
    pub cameras: Vec<IntegrationCamera>,
}

/// The integration's CameraDTO.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationCamera {
    /// The camera's public id.
    #[schema(value_type = String)]
    pub id: CameraId,
    pub name: String,
    /// `status != "offline"`.
    pub online: bool,
    /// Effective status, as in the Camera object.
    pub status: String,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    #[schema(value_type = Option<String>)]
    pub node_id: Option<NodeId>,
    pub node_name: Option<String>,
    pub node_online: bool,
    /// `continuous_24_7`.
    pub recording: bool,
    pub scheduled_recording: bool,
    /// `/api/integration/cameras/{id}/snapshot`.
    pub snapshot_url: String,
    pub stream: IntegrationStream,
}

/// Where Home Assistant can play the camera.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationStream {
    /// The node's LAN HLS address while the node is online and LAN-reachable.
    pub local_url: Option<String>,
    /// Always `null` (no cloud proxy URL for Home Assistant yet).
    pub proxy_url: Option<String>,
}

impl IntegrationCamera {
    pub fn new(entry: &CameraWithNode, now: NaiveDateTime) -> Self {
        let camera = &entry.listing.camera;
        let status = camera.effective_status(now);
        let node = entry.node.as_ref();
        Self {
            id: camera.camera_id.clone(),
            name: camera.name.clone(),
            online: status != "offline",
            status,
            video_codec: camera.video_codec.clone(),
            audio_codec: camera.audio_codec.clone(),
            node_id: node.map(|n| n.node_id.clone()),
            node_name: node.map(|n| n.name.clone()),
            node_online: node.is_some_and(|n| n.effective_status(now) == "online"),
            recording: camera.recording.continuous_24_7,
            scheduled_recording: camera.recording.scheduled_recording,
            snapshot_url: format!("/api/integration/cameras/{}/snapshot", camera.camera_id),
            stream: IntegrationStream {
                local_url: node.and_then(|n| lan_stream_url(n, &camera.camera_id, now)),
                proxy_url: None,
            },
        }
    }
}

/// The recording switch's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationRecordingSet {
    #[schema(value_type = String)]
    pub camera_id: CameraId,
    /// The new `continuous_24_7`.
    pub recording: bool,
}

/// `GET /api/integration/status`.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationStatus {
    #[schema(value_type = String)]
    pub org_id: OrgId,
    /// The nominal plan slug.
    pub plan: String,
    pub cameras: CameraCounts,
    pub nodes: NodeRollup,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CameraCounts {
    pub total: usize,
    /// Cameras whose effective status is not `offline`.
    pub online: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NodeRollup {
    pub total: usize,
    pub online: usize,
    pub items: Vec<StatusNode>,
}

impl NodeRollup {
    pub fn new(nodes: &[Node], now: NaiveDateTime) -> Self {
        let items: Vec<StatusNode> = nodes.iter().map(|n| StatusNode::new(n, now)).collect();
        Self {
            total: items.len(),
            online: items.iter().filter(|item| item.online).count(),
            items,
        }
    }
}

/// One node in the status roll-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusNode {
    #[schema(value_type = String)]
    pub node_id: NodeId,
    pub name: String,
    /// Effective status `online`.
    pub online: bool,
    pub local_ip: Option<String>,
    /// The node's `X.Y.Z`.
    pub version: Option<String>,
    pub storage: StatusStorage,
}

/// The node's last storage stats (all `null` until it reported any).
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusStorage {
    pub used_bytes: Option<i64>,
    pub max_bytes: Option<i64>,
    pub disk_free_bytes: Option<i64>,
    pub disk_total_bytes: Option<i64>,
}

impl StatusNode {
    fn new(node: &Node, now: NaiveDateTime) -> Self {
        let storage = node.storage.as_ref();
        Self {
            node_id: node.node_id.clone(),
            name: node.name.clone(),
            online: node.effective_status(now) == "online",
            local_ip: node.local_ip.clone(),
            version: node.node_version.clone(),
            storage: StatusStorage {
                used_bytes: storage.and_then(|s| s.used_bytes),
                max_bytes: storage.and_then(|s| s.max_bytes),
                disk_free_bytes: storage.and_then(|s| s.disk_free_bytes),
                disk_total_bytes: storage.and_then(|s| s.disk_total_bytes),
            },
        }
    }
}

/// A freshly minted key: the raw key is in this answer only.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationKeyCreated {
    pub id: i64,
    pub name: String,
    /// The raw `osi_` key.
    pub key: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub created_at: NaiveDateTime,
    /// `integration`.
    pub kind: &'static str,
    pub warning: &'static str,
}

/// A key as listed (never the key or its hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationKeyItem {
    pub id: i64,
    pub name: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked: bool,
    /// `all`, `readonly` or `custom`.
    pub scope_mode: &'static str,
    pub scope_tools: Vec<String>,
    /// `integration`.
    pub kind: &'static str,
}

impl From<&ApiKey> for IntegrationKeyItem {
    fn from(key: &ApiKey) -> Self {
        Self {
            id: key.id,
            name: key.name.clone(),
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked: key.revoked,
            scope_mode: key.scope_mode.as_str(),
            scope_tools: key.scope_tools.clone(),
            kind: key.kind.as_str(),
        }
    }
}

/// One frame of the integration motion stream (after the `connected` frame).
#[derive(Debug, Serialize)]
pub struct MotionFrame<'a> {
    /// Always `motion`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub camera_id: &'a str,
    pub node_id: &'a str,
    /// 0..=100.
    pub score: i32,
    #[serde(serialize_with = "crate::responses::time::iso")]
    pub timestamp: NaiveDateTime,
}

impl<'a> From<&'a MotionDetected> for MotionFrame<'a> {
    fn from(event: &'a MotionDetected) -> Self {
        Self {
            kind: "motion",
            camera_id: event.camera_id.as_str(),
            node_id: event.node_id.as_str(),
            score: event.score,
            timestamp: event.timestamp,
        }
    }
}
