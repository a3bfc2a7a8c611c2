//! Org settings and the danger zone (docs/rest-api.md, "Settings").

use sentinel_application::org_settings::NotificationToggles;
use serde::Serialize;
use utoipa::ToSchema;

/// The three inbox toggles.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxToggles {
    pub motion_notifications: bool,
    pub camera_transition_notifications: bool,
    pub node_transition_notifications: bool,
}

impl From<NotificationToggles> for InboxToggles {
    fn from(toggles: NotificationToggles) -> Self {
        Self {
            motion_notifications: toggles.motion,
            camera_transition_notifications: toggles.camera_transitions,
            node_transition_notifications: toggles.node_transitions,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgSettings {
    pub notifications: InboxToggles,
    /// IANA name, `UTC` by default.
    pub timezone: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimezoneSet {
    pub success: bool,
    pub timezone: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MotionIngestion {
    pub motion_ingestion_enabled: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LogsWiped {
    pub success: bool,
    /// Stream access log rows deleted.
    pub deleted_logs: u64,
    /// MCP activity log rows deleted.
    pub deleted_mcp_logs: u64,
}

/// What the full reset did, as row counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct FullReset {
    pub success: bool,
    /// Nodes that acknowledged the wipe request.
    pub nodes_wiped: u64,
    pub nodes_deleted: u64,
    pub cameras_deleted: u64,
    /// Stream access log rows.
    pub logs_deleted: u64,
    pub mcp_logs_deleted: u64,
    pub settings_deleted: u64,
}
