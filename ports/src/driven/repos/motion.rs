//! `motion_events`: what CloudNodes detected.

use super::RepoResult;
use sentinel_domain::ids::OrgId;
use sentinel_domain::motion::{MotionEvent, MotionPage, MotionQuery, NewMotionEvent};

pub trait MotionRepo: Send + Sync {
    fn insert(&self, org: &OrgId, event: &NewMotionEvent) -> RepoResult<MotionEvent>;

    /// Newest first (by timestamp, then id), filtered and paged; `total` counts every match.
    fn list(&self, org: &OrgId, query: &MotionQuery) -> RepoResult<MotionPage>;
}
