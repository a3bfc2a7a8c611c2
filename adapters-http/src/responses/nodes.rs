//! CloudNodes (docs/rest-api.md §0.6 "Node object", §2).

use chrono::NaiveDateTime;
use sentinel_application::fleet::{
    CreatedNode, DeletedNode, HeartbeatOutcome, ListedNode, PlanLimitHit, PlanOverview,
    RegisterOutcome, RotatedKey, ValidatedNode,
};
use sentinel_domain::fleet::{NodeListing, NodeStorage, VersionPolicy};
use sentinel_domain::ids::NodeId;
use sentinel_domain::plans::{PAYMENT_GRACE_DAYS, PlanLimits, aware_iso};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The Node object of the contract (detail, and the MCP node tools).
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeItem {
    #[schema(value_type = String)]
    pub node_id: NodeId,
    pub name: String,
    pub hostname: Option<String>,
    pub local_ip: Option<String>,
    pub http_port: Option<i32>,
    /// Effective status: `pending`, `online` or `offline` (quiet for 90 s).
    pub status: String,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_seen: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub key_rotated_at: Option<NaiveDateTime>,
    pub camera_count: i64,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub created_at: Option<NaiveDateTime>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub last_register_error: Option<String>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_register_error_at: Option<NaiveDateTime>,
    /// `X.Y.Z`, `null` when the node sent none.
    pub node_version: Option<String>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub version_checked_at: Option<NaiveDateTime>,
    /// `null` until the node ever reported storage stats.
    pub storage: Option<NodeStorageBody>,
}

impl NodeItem {
    /// The node as seen at `now` (its status depends on the heartbeat's age).
    pub fn new(listing: &NodeListing, now: NaiveDateTime) -> Self {
        let node = &listing.node;
        Self {
            node_id: node.node_id.clone(),
            name: node.name.clone(),
            hostname: node.hostname.clone(),
            local_ip: node.local_ip.clone(),
            http_port: node.http_port,
            status: node.effective_status(now),
            last_seen: node.last_seen,
            key_rotated_at: node.key_rotated_at,
            camera_count: listing.camera_count,
            created_at: node.created_at,
            video_codec: node.video_codec.clone(),
            audio_codec: node.audio_codec.clone(),
            last_register_error: node.last_register_error.clone(),
            last_register_error_at: node.last_register_error_at,
            node_version: node.node_version.clone(),
            version_checked_at: node.version_checked_at,
            storage: node.storage.as_ref().map(NodeStorageBody::from),
        }
    }
}

/// The node's last storage stats.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeStorageBody {
    pub used_bytes: Option<i64>,
    pub max_bytes: Option<i64>,
    pub disk_free_bytes: Option<i64>,
    pub disk_total_bytes: Option<i64>,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub reported_at: NaiveDateTime,
}

impl From<&NodeStorage> for NodeStorageBody {
    fn from(storage: &NodeStorage) -> Self {
        Self {
            used_bytes: storage.used_bytes,
            max_bytes: storage.max_bytes,
            disk_free_bytes: storage.disk_free_bytes,
            disk_total_bytes: storage.disk_total_bytes,
            reported_at: storage.reported_at,
        }
    }
}

/// A Node object of the list, with its version standing.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeListItem {
    #[serde(flatten)]
    pub node: NodeItem,
    /// The latest release when the node is behind it.
    pub update_available: Option<String>,
    pub latest_node_version: String,
    pub min_supported_node_version: String,
    pub version_supported: bool,
}

impl NodeListItem {
    pub fn new(listed: &ListedNode, versions: &VersionPolicy, now: NaiveDateTime) -> Self {
        Self {
            node: NodeItem::new(&listed.listing, now),
            update_available: listed.version.update_available.map(|v| v.to_string()),
            latest_node_version: versions.latest.to_string(),
            min_supported_node_version: versions.min_supported.to_string(),
            version_supported: listed.version.supported,
        }
    }
}

/// The setup wizard's credential check passed.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeValidated {
    pub success: bool,
    #[schema(value_type = String)]
    pub node_id: NodeId,
    pub name: String,
}

impl From<ValidatedNode> for NodeValidated {
    fn from(node: ValidatedNode) -> Self {
        Self {
            success: true,
            node_id: node.node_id,
            name: node.name,
        }
    }
}

/// A register's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeRegistered {
    pub success: bool,
    #[schema(value_type = String)]
    pub node_id: NodeId,
    /// The API key the node sent, echoed.
    pub node_secret: String,
    /// Always `updated`.
    pub status: &'static str,
    pub message: &'static str,
    /// `device path → camera id` for every reported camera (plan-skipped ones included).
    pub cameras: BTreeMap<String, String>,
    /// Wire slug of the nominal plan (`free`, `pro`, `pro_plus`, ...).
    pub plan: String,
    /// Only when the plan's camera cap skipped new cameras.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_limit_hit: Option<PlanLimitHitBody>,
    /// Only when a newer release exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_available: Option<String>,
}

impl NodeRegistered {
    pub fn new(outcome: RegisterOutcome, node_secret: String) -> Self {
        Self {
            success: true,
            node_id: outcome.node_id,
            node_secret,
            status: "updated",
            message: "Node re-registered successfully",
            cameras: outcome
                .cameras
                .into_iter()
                .map(|(device_path, camera_id)| (device_path, camera_id.into_inner()))
                .collect(),
            plan: outcome.plan,
            plan_limit_hit: outcome.plan_limit_hit.as_ref().map(PlanLimitHitBody::from),
            update_available: outcome.update_available.map(|v| v.to_string()),
        }
    }
}

/// New cameras the plan had no room for.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanLimitHitBody {
    /// The plan's display name (`Free`, `Pro`, `Pro Plus`).
    pub plan: &'static str,
    pub max_cameras: u32,
    /// Labels of the skipped cameras.
    pub skipped: Vec<String>,
    /// `Plan limit reached (<N> on <Plan>). Upgrade to add: <a, b>.`
    pub detail: String,
}

impl From<&PlanLimitHit> for PlanLimitHitBody {
    fn from(hit: &PlanLimitHit) -> Self {
        Self {
            plan: hit.plan_name,
            max_cameras: hit.max_cameras,
            skipped: hit.skipped.clone(),
            detail: hit.detail(),
        }
    }
}

/// A heartbeat's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeartbeatAnswer {
    pub success: bool,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub timestamp: NaiveDateTime,
    /// Wire slug of the org's plan (`free` when unset).
    pub plan: String,
    /// This node's cameras suspended by the plan's camera cap (`[]` when none).
    pub disabled_cameras: Vec<String>,
    /// Every camera of this node: whether it should archive segments right now.
    pub recording_state: BTreeMap<String, bool>,
    /// Only when a newer release exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_available: Option<String>,
}

impl From<HeartbeatOutcome> for HeartbeatAnswer {
    fn from(outcome: HeartbeatOutcome) -> Self {
        Self {
            success: true,
            timestamp: outcome.timestamp,
            plan: outcome.plan,
            disabled_cameras: outcome
                .disabled_cameras
                .into_iter()
                .map(|id| id.into_inner())
                .collect(),
            recording_state: outcome
                .recording_state
                .into_iter()
                .map(|(camera_id, records)| (camera_id.into_inner(), records))
                .collect(),
            update_available: outcome.update_available.map(|v| v.to_string()),
        }
    }
}

/// A node deleted itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeDecommissioned {
    pub success: bool,
    /// The node's id.
    #[schema(value_type = String)]
    pub deleted: NodeId,
}

/// `GET /api/nodes/plan`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanOverviewBody {
    /// The session's plan slug (`free_org`, `pro`, `pro_plus`, ...).
    pub plan: String,
    /// `Free`, `Pro` or `Pro Plus`.
    pub plan_name: &'static str,
    pub features: Vec<String>,
    pub limits: PlanLimitsBody,
    pub usage: PlanUsage,
    pub payment_past_due: bool,
    /// Only while past due.
    pub grace_days_remaining: Option<i64>,
    /// Only while past due; with the offset it was written with.
    #[schema(format = DateTime)]
    pub grace_expires_at: Option<String>,
    pub grace_window_days: i64,
    pub plan_cancel_pending: bool,
}

impl From<&PlanOverview> for PlanOverviewBody {
    fn from(overview: &PlanOverview) -> Self {
        Self {
            plan: overview.plan.to_string(),
            plan_name: overview.plan_name,
            features: overview.features.clone(),
            limits: PlanLimitsBody::from(&overview.limits),
            usage: PlanUsage {
                nodes: overview.nodes,
                cameras: overview.cameras,
                viewer_hours_used: overview.viewer_hours_used(),
                viewer_hours_limit: overview.limits.max_viewer_hours_per_month,
            },
            payment_past_due: overview.payment_past_due,
            grace_days_remaining: overview.grace.map(|grace| grace.days_remaining),
            grace_expires_at: overview.grace.map(|grace| aware_iso(&grace.expires_at)),
            grace_window_days: PAYMENT_GRACE_DAYS,
            plan_cancel_pending: overview.plan_cancel_pending,
        }
    }
}

/// The plan's limits.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanLimitsBody {
    pub max_cameras: u32,
    pub max_nodes: u32,
    pub max_seats: u32,
    pub max_viewer_hours_per_month: u32,
    pub max_sse_subscribers: u32,
    pub log_retention_days: u32,
}

impl From<&PlanLimits> for PlanLimitsBody {
    fn from(limits: &PlanLimits) -> Self {
        Self {
            max_cameras: limits.max_cameras,
            max_nodes: limits.max_nodes,
            max_seats: limits.max_seats,
            max_viewer_hours_per_month: limits.max_viewer_hours_per_month,
            max_sse_subscribers: limits.max_sse_subscribers,
            log_retention_days: limits.log_retention_days,
        }
    }
}

/// The org's usage against its plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanUsage {
    pub nodes: i64,
    pub cameras: i64,
    /// This month's viewer-hours, two decimals.
    pub viewer_hours_used: f64,
    pub viewer_hours_limit: u32,
}

/// The org's nodes holding a live WebSocket.
#[derive(Debug, Serialize, ToSchema)]
pub struct WsStatus {
    pub count: usize,
    #[schema(value_type = Vec<String>)]
    pub connected_nodes: Vec<NodeId>,
}

/// A node was created; its API key is in this answer only.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeCreated {
    pub success: bool,
    #[schema(value_type = String)]
    pub node_id: NodeId,
    pub name: String,
    pub api_key: String,
    pub warning: &'static str,
}

impl NodeCreated {
    pub fn new(created: CreatedNode, warning: &'static str) -> Self {
        Self {
            success: true,
            node_id: created.node_id,
            name: created.name,
            api_key: created.api_key,
            warning,
        }
    }
}

/// A node was deleted by an admin.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeDeleted {
    pub success: bool,
    /// The node's id.
    #[schema(value_type = String)]
    pub deleted: NodeId,
    /// Whether the node confirmed wiping its local data.
    pub node_wiped: bool,
}

impl From<DeletedNode> for NodeDeleted {
    fn from(deleted: DeletedNode) -> Self {
        Self {
            success: true,
            deleted: deleted.node_id,
            node_wiped: deleted.node_wiped,
        }
    }
}

/// A node's new API key (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeKeyRotated {
    pub success: bool,
    #[schema(value_type = String)]
    pub node_id: NodeId,
    pub api_key: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub key_rotated_at: NaiveDateTime,
    pub warning: &'static str,
}

impl NodeKeyRotated {
    pub fn new(rotated: RotatedKey, warning: &'static str) -> Self {
        Self {
            success: true,
            node_id: rotated.node_id,
            api_key: rotated.api_key,
            key_rotated_at: rotated.key_rotated_at,
            warning,
        }
    }
}
