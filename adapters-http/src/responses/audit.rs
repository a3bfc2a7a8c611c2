//! The org audit trail and the stream access log (docs/rest-api.md §4).
//!
//! Timestamps are naive UTC in Python's `isoformat()` (no offset), so the document gives
//! their pattern: `format: date-time` would demand an offset.

use chrono::NaiveDateTime;
use sentinel_domain::audit::AuditEntry;
use sentinel_ports::driven::repos::{StreamAccessEntry, StreamAccessStats};
use serde::Serialize;
use utoipa::ToSchema;

/// One audit row.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditLogItem {
    pub id: i64,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub timestamp: Option<NaiveDateTime>,
    pub event: String,
    /// The client address the action came from.
    pub ip: Option<String>,
    pub username: Option<String>,
    /// A JSON object, as text.
    pub details: Option<String>,
}

impl From<&AuditEntry> for AuditLogItem {
    fn from(entry: &AuditEntry) -> Self {
        Self {
            id: entry.id,
            timestamp: entry.timestamp,
            event: entry.event.clone(),
            ip: entry.ip_address.clone(),
            username: entry.username.clone(),
            details: entry.details.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditLogPage {
    /// Matching rows, all pages.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub logs: Vec<AuditLogItem>,
}

/// One opened live stream.
#[derive(Debug, Serialize, ToSchema)]
pub struct StreamLogItem {
    pub id: i64,
    pub user_id: String,
    /// `""` when unknown.
    pub user_email: String,
    pub org_id: String,
    pub camera_id: String,
    pub node_id: String,
    pub ip_address: Option<String>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub accessed_at: Option<NaiveDateTime>,
}

impl From<&StreamAccessEntry> for StreamLogItem {
    fn from(entry: &StreamAccessEntry) -> Self {
        Self {
            id: entry.id,
            user_id: entry.user_id.clone(),
            user_email: entry.user_email.clone(),
            org_id: entry.org_id.as_str().to_owned(),
            camera_id: entry.camera_id.clone(),
            node_id: entry.node_id.clone(),
            ip_address: entry.ip_address.clone(),
            accessed_at: entry.accessed_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StreamLogPage {
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub logs: Vec<StreamLogItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CameraAccesses {
    pub camera_id: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserAccesses {
    pub user_id: String,
    /// `""` when unknown.
    pub user_email: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayAccesses {
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: String,
    pub count: i64,
}

/// Accesses of the last `days` days.
#[derive(Debug, Serialize, ToSchema)]
pub struct StreamLogStats {
    pub days: i64,
    pub total_accesses: i64,
    /// The 10 most viewed cameras.
    pub by_camera: Vec<CameraAccesses>,
    /// The 10 most active users.
    pub by_user: Vec<UserAccesses>,
    pub by_day: Vec<DayAccesses>,
}

impl StreamLogStats {
    pub fn new(days: i64, stats: StreamAccessStats) -> Self {
        Self {
            days,
            total_accesses: stats.total_accesses,
            by_camera: stats
                .by_camera
                .into_iter()
                .map(|(camera_id, count)| CameraAccesses { camera_id, count })
                .collect(),
            by_user: stats
                .by_user
                .into_iter()
                .map(|(user_id, user_email, count)| UserAccesses {
                    user_id,
                    user_email,
                    count,
                })
                .collect(),
            by_day: stats
                .by_day
                .into_iter()
                .map(|(day, count)| DayAccesses {
                    date: day.format("%Y-%m-%d").to_string(),
                    count,
                })
                .collect(),
        }
    }
}
