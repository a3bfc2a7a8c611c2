//! The live pipeline's background work and figures: usage flushes, access-log batches,
//! cache sweeps, and the counters `/metrics` and the health report read.

use super::*;

impl LivePipeline {
    /// Writes the pending viewer-seconds, one upsert per (org, month). Seconds of a failed
    /// write stay pending for the next flush (the original lost them). **Blocking.**
    pub fn flush_viewer_usage(&self) -> RepoResult<FlushReport> {
        let now = self.ports.clock.now();
        let at = now.naive_utc();
        let mut report = FlushReport::default();
        let mut failure = None;
        for usage in self.ports.meter.begin_flush() {
            let year_month = usage.month.to_string();
            match self
                .ports
                .usage
                .add_viewer_seconds(&usage.org, &year_month, usage.seconds, at)
            {
                Ok(stored) => {
                    self.ports.meter.finish_flush(&usage, Some(stored));
                    report.rows_written += 1;
                    report.seconds_written += usage.seconds;
                }
                Err(error) => {
                    self.ports.meter.finish_flush(&usage, None);
                    failure.get_or_insert(error);
                }
            }
        }
        self.ports.meter.forget_months_before(MonthKey::of(now));
        failure.map_or(Ok(report), Err)
    }

    /// Writes the queued stream access rows. **Blocking.**
    pub fn write_access_logs(&self) -> RepoResult<usize> {
        self.access.drain(self.ports.access_log.as_ref())
    }

    /// The cache sweep (every 60 s and every `CLEANUP_INTERVAL`-th playlist push): stale
    /// cameras, the playlist cap, the access-log throttle and expired plan/codec memory.
    pub fn sweep_caches(&self) -> SweepReport {
        let now = self.ports.clock.now();
        let report = self.ports.store.sweep(now);
        if report.byte_drift != 0 {
            tracing::error!(
                drift = report.byte_drift,
                "segment cache byte total drifted"
            );
        }
        self.access.sweep(now, &report.dropped_cameras);
        if let Some(shared) = &self.shared {
            shared.prune(now);
        }
        self.plans.prune(now);
        self.codecs.prune(now);
        self.counters.prune(now);
        report
    }

    /// What the live path has done since start, for `/metrics`.
    pub fn counts(&self) -> LiveCounts {
        self.counters.counts(self.ports.clock.now())
    }

    /// The segment cache's current size.
    pub fn store_stats(&self) -> LiveStoreStats {
        self.ports.store.stats()
    }

    /// The shared tier's memories since start (`None` without a shared tier).
    pub fn shared_counts(&self) -> Option<SharedTierCounts> {
        self.shared.as_ref().map(|shared| shared.counts())
    }

    /// The shared tier's size across instances (`None` without a shared tier). One round
    /// trip.
    pub async fn shared_stats(&self) -> Option<Result<SharedLiveStats, SharedLiveError>> {
        match &self.shared {
            Some(shared) => Some(shared.stats().await),
            None => None,
        }
    }

    /// The daily cleanup: frees cameras with no push for `INACTIVE_CAMERA_CLEANUP_HOURS`.
    pub fn drop_inactive_cameras(&self) -> usize {
        let now = self.ports.clock.now();
        let dropped = self
            .ports
            .store
            .drop_idle_cameras(now - self.policy.inactive_camera_after);
        self.access.sweep(now, &dropped);
        dropped.len()
    }

    /// Stream access rows waiting for the writer.
    pub fn queued_access_rows(&self) -> usize {
        self.access.queued()
    }

    /// Stream access rows given up because the writer fell too far behind.
    pub fn dropped_access_rows(&self) -> u64 {
        self.access.dropped()
    }
}
