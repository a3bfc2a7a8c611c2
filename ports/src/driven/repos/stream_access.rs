//! `stream_access_logs`: who opened which live stream.

use super::RepoResult;
use chrono::{NaiveDate, NaiveDateTime};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::live::StreamAccess;

#[ambassador::delegatable_trait]
pub trait StreamAccessRepo: Send + Sync {
    /// Inserts the org's rows in one transaction; returns how many were written.
    fn record_stream_accesses(&self, org: &OrgId, rows: &[StreamAccess]) -> RepoResult<usize>;
}

/// Reading the stream access log back (the audit dashboard) and trimming it (retention).
#[ambassador::delegatable_trait]
pub trait StreamAccessLogRepo: Send + Sync {
    /// Newest first (by `accessed_at`, then id), filtered and paged; `total` counts every
    /// match.
    fn list_stream_accesses(
        &self,
        org: &OrgId,
        query: &StreamAccessQuery,
    ) -> RepoResult<StreamAccessPage>;

    /// Counts over the org's rows accessed at or after `since`.
    fn stream_access_stats(
        &self,
        org: &OrgId,
        since: NaiveDateTime,
    ) -> RepoResult<StreamAccessStats>;

    /// Every camera's and user's view count over the org's rows accessed at or after
    /// `since` (the MCP `get_stream_stats` tool; no top-N cut, order unspecified).
    fn stream_view_counts(&self, org: &OrgId, since: NaiveDateTime)
    -> RepoResult<StreamViewCounts>;

    /// Retention: deletes the org's rows older than `cutoff`; returns how many.
    fn delete_stream_accesses_older_than(
        &self,
        org: &OrgId,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize>;
}

/// Filters and page of a stream-log listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamAccessQuery {
    /// Exact camera id.
    pub camera_id: Option<CameraId>,
    /// Case-insensitive substring of `user_email` or `user_id`; `%`/`_` stay wildcards,
    /// as in the original.
    pub user_contains: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// A stored `stream_access_logs` row (without the user agent, which is never shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamAccessEntry {
    pub id: i64,
    pub user_id: String,
    /// `""` when null.
    pub user_email: String,
    pub org_id: OrgId,
    pub camera_id: String,
    pub node_id: String,
    pub ip_address: Option<String>,
    pub accessed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamAccessPage {
    pub total: i64,
    pub entries: Vec<StreamAccessEntry>,
}

/// Totals of a window: top cameras and users (10 each, by count), and every day (newest
/// first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamAccessStats {
    pub total_accesses: i64,
    pub by_camera: Vec<(String, i64)>,
    /// `(user_id, user_email or "", count)`.
    pub by_user: Vec<(String, String, i64)>,
    pub by_day: Vec<(NaiveDate, i64)>,
}

/// Views of a window, per camera and per user, uncut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamViewCounts {
    pub total_views: i64,
    pub by_camera: Vec<(String, i64)>,
    /// `(user_id, user_email or "", views)`.
    pub by_user: Vec<(String, String, i64)>,
}
