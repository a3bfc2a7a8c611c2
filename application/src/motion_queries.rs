//! Reading motion back (notifications-email-webhooks.md "Motion REST" and §3): the org's
//! recent events, per-camera counts, and the live stream's per-plan cap.
//!
//! Windows are "the last `hours` hours" of the server's clock; the stats window has no
//! lower bound (a negative `hours` reaches into the future and finds nothing, as the
//! original did).

use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::motion::{MotionPage, MotionQuery};
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::repos::{MotionCameraStats, MotionRepo, RepoResult, Repositories};
use std::sync::Arc;

/// Motion read back for the dashboard.
pub struct MotionQueries {
    motion: Arc<dyn MotionRepo>,
}

impl MotionQueries {
    pub fn new(repos: &Repositories) -> Self {
        Self {
            motion: repos.motion.clone(),
        }
    }

    /// The org's events of the last `hours` hours, newest first. **Blocking.**
    pub fn recent_events(
        &self,
        org: &OrgId,
        camera_id: Option<CameraId>,
        hours: i64,
        page: (i64, i64),
        now: NaiveDateTime,
    ) -> RepoResult<MotionPage> {
        let (limit, offset) = page;
        self.motion.list(
            org,
            &MotionQuery {
                camera_id,
                since: window_start(now, hours),
                limit,
                offset,
            },
        )
    }

    /// Per-camera counts, peak score and latest event over the last `hours` hours.
    /// **Blocking.**
    pub fn camera_stats(
        &self,
        org: &OrgId,
        hours: i64,
        now: NaiveDateTime,
    ) -> RepoResult<Vec<MotionCameraStats>> {
        self.motion.camera_stats(org, window_start(now, hours))
    }
}

/// `now − hours`, saturating at the calendar's ends.
fn window_start(now: NaiveDateTime, hours: i64) -> NaiveDateTime {
    TimeDelta::try_hours(hours)
        .and_then(|span| now.checked_sub_signed(span))
        .unwrap_or(if hours > 0 {
            NaiveDateTime::MIN
        } else {
            NaiveDateTime::MAX
        })
}

/// Open dashboard motion streams an org may hold on `plan` (unknown plans: free).
pub fn stream_cap(plan: &Plan) -> usize {
    usize::try_from(plan.limits().max_sse_subscribers).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn stream_caps_follow_the_plan() {
        assert_eq!(stream_cap(&Plan::FREE), 10);
        assert_eq!(stream_cap(&Plan::PRO), 30);
        assert_eq!(stream_cap(&Plan::PRO_PLUS), 100);
        assert_eq!(stream_cap(&Plan::new("mystery")), 10);
    }

    #[test]
    fn windows_saturate() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap();
        assert_eq!(window_start(now, 24), now - TimeDelta::hours(24));
        assert_eq!(window_start(now, -2), now + TimeDelta::hours(2));
        assert_eq!(window_start(now, i64::MAX), NaiveDateTime::MIN);
        assert_eq!(window_start(now, i64::MIN), NaiveDateTime::MAX);
    }
}
