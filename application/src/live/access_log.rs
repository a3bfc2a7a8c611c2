//! Stream access rows are decided on the request path (throttled per user and camera) but
//! written by a background task in batches: a playlist GET never waits for the database.

use chrono::{DateTime, Utc};
use sentinel_domain::ids::{CameraId, OrgId, UserId};
use sentinel_domain::live::{AccessLogThrottle, StreamAccess};
use sentinel_ports::driven::repos::{RepoResult, StreamAccessRepo};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// Rows waiting beyond this are dropped (and counted): a database outage must not grow
/// memory without bound.
pub const MAX_QUEUED_ACCESS_ROWS: usize = 10_000;

#[derive(Default)]
pub struct AccessLogQueue {
    throttle: Mutex<AccessLogThrottle>,
    queued: Mutex<Vec<(OrgId, StreamAccess)>>,
    dropped: AtomicU64,
}

impl AccessLogQueue {
    /// Queues the row `build` makes if this (user, camera) was not logged in the last five
    /// minutes.
    pub fn offer(
        &self,
        org: &OrgId,
        user: &UserId,
        camera: &CameraId,
        now: DateTime<Utc>,
        build: impl FnOnce() -> StreamAccess,
    ) {
        let admitted = self
            .throttle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .admit(user, camera, now);
        if admitted {
            self.enqueue(vec![(org.clone(), build())]);
        }
    }

    /// Writes everything queued, one transaction per org. Rows of an org whose write
    /// failed are queued again (room permitting); the first failure is returned after every
    /// org was tried.
    pub fn drain(&self, repo: &dyn StreamAccessRepo) -> RepoResult<usize> {
        let rows = std::mem::take(&mut *self.queued.lock().unwrap_or_else(PoisonError::into_inner));
        let mut by_org: HashMap<OrgId, Vec<StreamAccess>> = HashMap::new();
        for (org, row) in rows {
            by_org.entry(org).or_default().push(row);
        }
        let mut written = 0;
        let mut failure = None;
        for (org, rows) in by_org {
            match repo.record_stream_accesses(&org, &rows) {
                Ok(count) => written += count,
                Err(error) => {
                    tracing::warn!(%error, rows = rows.len(), "stream access rows not written; retrying later");
                    self.enqueue(rows.into_iter().map(|row| (org.clone(), row)).collect());
                    failure.get_or_insert(error);
                }
            }
        }
        failure.map_or(Ok(written), Err)
    }

    /// The sweep's share: forget dropped cameras' throttles and prune a large throttle map.
    pub fn sweep(&self, now: DateTime<Utc>, dropped_cameras: &[CameraId]) {
        let mut throttle = self.throttle.lock().unwrap_or_else(PoisonError::into_inner);
        for camera in dropped_cameras {
            throttle.forget_camera(camera);
        }
        throttle.prune(now);
    }

    pub fn queued(&self) -> usize {
        self.queued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Rows given up because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    fn enqueue(&self, rows: Vec<(OrgId, StreamAccess)>) {
        let mut queued = self.queued.lock().unwrap_or_else(PoisonError::into_inner);
        let room = MAX_QUEUED_ACCESS_ROWS.saturating_sub(queued.len());
        let overflow = rows.len().saturating_sub(room);
        if overflow > 0 {
            self.dropped.fetch_add(
                u64::try_from(overflow).unwrap_or(u64::MAX),
                Ordering::Relaxed,
            );
            tracing::warn!(overflow, "stream access log queue full; rows dropped");
        }
        queued.extend(rows.into_iter().take(room));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use sentinel_ports::driven::repos::RepoError;

    /// Fails for `org_bad`, records everything else.
    #[derive(Default)]
    struct Recorder {
        written: Mutex<Vec<(OrgId, usize)>>,
    }

    impl StreamAccessRepo for Recorder {
        fn record_stream_accesses(&self, org: &OrgId, rows: &[StreamAccess]) -> RepoResult<usize> {
            if org.as_str() == "org_bad" {
                return Err(RepoError::Unavailable("locked".into()));
            }
            self.written.lock().unwrap().push((org.clone(), rows.len()));
            Ok(rows.len())
        }
    }

    fn row(user: &str) -> StreamAccess {
        StreamAccess {
            user_id: UserId::new(user),
            user_email: String::new(),
            camera_id: CameraId::new("c"),
            node_ref: "1".into(),
            ip_address: None,
            user_agent: None,
            accessed_at: Utc
                .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
                .unwrap()
                .naive_utc(),
        }
    }

    #[test]
    fn rows_are_throttled_queued_and_written_per_org() {
        let queue = AccessLogQueue::default();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
        let camera = CameraId::new("c");
        for user in ["u1", "u1", "u2"] {
            queue.offer(
                &OrgId::new("org_a"),
                &UserId::new(user),
                &camera,
                now,
                || row(user),
            );
        }
        assert_eq!(queue.queued(), 2, "the repeat view is throttled");
        let repo = Recorder::default();
        assert_eq!(queue.drain(&repo).unwrap(), 2);
        assert_eq!(queue.queued(), 0);
        assert_eq!(*repo.written.lock().unwrap(), [(OrgId::new("org_a"), 2)]);
    }

    #[test]
    fn rows_of_a_failed_write_are_kept_for_the_next_drain() {
        let queue = AccessLogQueue::default();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
        queue.offer(
            &OrgId::new("org_bad"),
            &UserId::new("u"),
            &CameraId::new("c"),
            now,
            || row("u"),
        );
        queue.offer(
            &OrgId::new("org_ok"),
            &UserId::new("u"),
            &CameraId::new("d"),
            now,
            || row("u"),
        );
        let repo = Recorder::default();
        assert!(queue.drain(&repo).is_err());
        assert_eq!(*repo.written.lock().unwrap(), [(OrgId::new("org_ok"), 1)]);
        assert_eq!(queue.queued(), 1, "the failed org's row waits");
    }

    #[test]
    fn a_full_queue_drops_and_counts() {
        let queue = AccessLogQueue::default();
        let rows = (0..MAX_QUEUED_ACCESS_ROWS + 5)
            .map(|i| (OrgId::new("org_a"), row(&format!("u{i}"))))
            .collect();
        queue.enqueue(rows);
        assert_eq!(queue.queued(), MAX_QUEUED_ACCESS_ROWS);
        assert_eq!(queue.dropped(), 5);
    }
}
