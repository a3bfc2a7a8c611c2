//! Every notification written to an org's inbox, published once stored, for whoever reacts
//! to them (the SSE stream, the e-mail outbox, the Sentinel agent dispatcher).

use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use serde_json::Value;

/// A stored notification (the `notifications` row, `meta` parsed).
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationCreated {
    pub id: i64,
    pub org: OrgId,
    /// `camera_offline`, `motion`, `incident_created`, ... (the spec's kinds).
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
    pub meta: Option<Value>,
    pub created_at: NaiveDateTime,
}

pub trait NotificationEvents: Send + Sync {
    fn publish(&self, created: NotificationCreated);
}
