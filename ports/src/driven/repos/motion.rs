//! `motion_events`: what CloudNodes detected.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::motion::{MotionEvent, MotionPage, MotionQuery, NewMotionEvent};

#[ambassador::delegatable_trait]
pub trait MotionRepo: Send + Sync {
    fn insert(&self, org: &OrgId, event: &NewMotionEvent) -> RepoResult<MotionEvent>;

    /// Newest first (by timestamp, then id), filtered and paged; `total` counts every match.
    fn list(&self, org: &OrgId, query: &MotionQuery) -> RepoResult<MotionPage>;

    /// Per camera: events at or after `since`, most events first (then camera id).
    fn camera_stats(&self, org: &OrgId, since: NaiveDateTime)
    -> RepoResult<Vec<MotionCameraStats>>;

    /// Retention: deletes the org's events older than `cutoff`; returns how many.
    fn delete_older_than(&self, org: &OrgId, cutoff: NaiveDateTime) -> RepoResult<usize>;
}

/// One camera's motion over a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionCameraStats {
    pub camera_id: CameraId,
    pub event_count: i64,
    pub peak_score: Option<i32>,
    pub latest: Option<NaiveDateTime>,
}
