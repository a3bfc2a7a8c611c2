//! The inbox (notifications-email-webhooks.md §2) and its live stream frames (§3).
//!
//! Timestamps are naive UTC in Python's `isoformat()` (no offset), so the document gives
//! their pattern: `format: date-time` would demand an offset.

use chrono::NaiveDateTime;
use sentinel_domain::notifications::Notification;
use sentinel_ports::driven::notification_events::NotificationCreated;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// One inbox row, as the caller sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationItem {
    pub id: i64,
    /// `camera_offline`, `motion`, `incident_created`, ...
    pub kind: String,
    /// `all` or `admin`.
    pub audience: String,
    pub title: String,
    pub body: String,
    /// `info`, `warning`, `error` or `critical`.
    pub severity: String,
    pub link: Option<String>,
    pub camera_id: Option<String>,
    pub node_id: Option<String>,
    /// Free-form details of the kind.
    #[schema(value_type = Option<Object>)]
    pub meta: Option<Value>,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub created_at: NaiveDateTime,
    /// Newer than the caller's last visit.
    pub unread: bool,
}

impl NotificationItem {
    pub fn new(row: &Notification, unread: bool) -> Self {
        Self {
            id: row.id,
            kind: row.content.kind.as_str().to_owned(),
            audience: row.content.audience.as_str().to_owned(),
            title: row.content.title.clone(),
            body: row.content.body.clone(),
            severity: row.content.severity.as_str().to_owned(),
            link: row.content.link.clone(),
            camera_id: row.content.camera_id.clone(),
            node_id: row.content.node_id.clone(),
            meta: row.content.meta.clone(),
            created_at: row.created_at,
            unread,
        }
    }
}

/// A page of the caller's inbox, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxPage {
    /// Visible rows in the window, all pages.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub last_viewed_at: NaiveDateTime,
    pub notifications: Vec<NotificationItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    /// At most 99.
    pub unread: i64,
    /// More than 99 are unread.
    pub capped: bool,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub last_viewed_at: NaiveDateTime,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedViewed {
    pub success: bool,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub last_viewed_at: NaiveDateTime,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClearedAll {
    pub success: bool,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub cleared_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub last_viewed_at: NaiveDateTime,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PromotionRequested {
    pub success: bool,
    pub message: String,
}

/// A `data:` frame of the notification stream (after the `connected` frame).
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationFrame {
    /// Always `notification`.
    #[serde(rename = "type")]
    pub frame_type: &'static str,
    pub id: Option<i64>,
    pub kind: String,
    pub audience: String,
    pub title: String,
    pub body: String,
    pub severity: String,
    pub link: Option<String>,
    pub camera_id: Option<String>,
    pub node_id: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub meta: Option<Value>,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub created_at: NaiveDateTime,
}

impl From<&NotificationCreated> for NotificationFrame {
    fn from(created: &NotificationCreated) -> Self {
        Self {
            frame_type: "notification",
            id: created.id,
            kind: created.content.kind.as_str().to_owned(),
            audience: created.content.audience.as_str().to_owned(),
            title: created.content.title.clone(),
            body: created.content.body.clone(),
            severity: created.content.severity.as_str().to_owned(),
            link: created.content.link.clone(),
            camera_id: created.content.camera_id.clone(),
            node_id: created.content.node_id.clone(),
            meta: created.content.meta.clone(),
            created_at: created.created_at,
        }
    }
}
