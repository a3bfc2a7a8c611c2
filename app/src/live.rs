//! The live pipeline's assembly (in-memory segment store and viewer meter, SQLite usage and
//! access-log writers) and its background loops: viewer-usage flush and cache sweep every
//! 60 s, access-log writer every 5 s, inactive-camera cleanup daily.

use crate::config::Config;
use crate::loops::LoopRunner;
use chrono::TimeDelta;
use sentinel_adapters_http::AppState;
use sentinel_adapters_memory::{MemoryLiveStore, MemoryViewerMeter};
use sentinel_adapters_sqlite::{Database, SqliteStore};
use sentinel_domain::live::SegmentCacheLimits;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::health::RuntimeStats;
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::metering::ViewerMeter;
use sentinel_ports::driven::repos::Repositories;
use sentinel_ports::usecases::fleet_directory::FleetDirectory;
use sentinel_ports::usecases::live::{LivePipeline, LivePolicy, LivePorts, LiveRuntimeStats};
use std::sync::Arc;
use std::time::Duration;

const USAGE_FLUSH_EVERY: Duration = Duration::from_secs(60);
const CACHE_SWEEP_EVERY: Duration = Duration::from_secs(60);
const ACCESS_LOG_WRITE_EVERY: Duration = Duration::from_secs(5);
const INACTIVE_CLEANUP_EVERY: Duration = Duration::from_secs(24 * 3_600);

/// The live path's in-memory parts, built before the rest so health can report on them.
pub struct LiveParts {
    pub store: Arc<dyn LiveStore>,
    pub meter: Arc<dyn ViewerMeter>,
    database: Database,
    policy: LivePolicy,
}

impl LiveParts {
    pub fn new(config: &Config, database: &Database) -> Self {
        let limits = SegmentCacheLimits {
            max_segments_per_camera: usize::try_from(config.live.segment_cache_max_per_camera)
                .unwrap_or(usize::MAX),
            max_total_bytes: config.live.segment_cache_max_total_bytes,
        };
        let inactive_hours = i64::try_from(config.live.inactive_camera_cleanup_hours)
            .unwrap_or(i64::MAX)
            .min(24 * 365 * 100);
        Self {
            store: Arc::new(MemoryLiveStore::new(limits)),
            meter: Arc::new(MemoryViewerMeter::new()),
            database: database.clone(),
            policy: LivePolicy {
                cleanup_interval: config.live.cleanup_interval,
                inactive_camera_after: TimeDelta::hours(inactive_hours),
            },
        }
    }

    /// `hls_cache` and `viewer_usage` of the health report.
    pub fn runtime_stats(&self) -> Arc<dyn RuntimeStats> {
        Arc::new(LiveRuntimeStats::new(
            self.store.clone(),
            self.meter.clone(),
        ))
    }

    pub fn pipeline(
        &self,
        repos: &Repositories,
        directory: Arc<FleetDirectory>,
        clock: Arc<dyn Clock>,
    ) -> Arc<LivePipeline> {
        let sqlite = Arc::new(SqliteStore::new(self.database.clone()));
        Arc::new(LivePipeline::new(
            LivePorts {
                store: self.store.clone(),
                meter: self.meter.clone(),
                directory,
                settings: repos.settings.clone(),
                cameras: repos.cameras.clone(),
                nodes: repos.nodes.clone(),
                usage: sqlite.clone(),
                access_log: sqlite,
                clock,
            },
            self.policy,
        ))
    }
}

/// Registers the live loops.
pub fn start_live_loops(loops: &mut LoopRunner, _config: &Config, state: &AppState) {
    let live = state.live_pipeline.clone();
    loops.spawn("viewer_usage_flush", USAGE_FLUSH_EVERY, move || {
        let live = live.clone();
        async move {
            let report = tokio::task::spawn_blocking(move || live.flush_viewer_usage()).await??;
            if report.rows_written > 0 {
                tracing::debug!(
                    rows = report.rows_written,
                    seconds = report.seconds_written,
                    "viewer usage flushed"
                );
            }
            Ok(())
        }
    });
    let live = state.live_pipeline.clone();
    loops.spawn("segment_cache_sweep", CACHE_SWEEP_EVERY, move || {
        let report = live.sweep_caches();
        async move {
            if !report.dropped_cameras.is_empty() {
                tracing::debug!(
                    cameras = report.dropped_cameras.len(),
                    "idle camera caches dropped"
                );
            }
            Ok(())
        }
    });
    let live = state.live_pipeline.clone();
    loops.spawn("stream_access_log", ACCESS_LOG_WRITE_EVERY, move || {
        let live = live.clone();
        async move {
            tokio::task::spawn_blocking(move || live.write_access_logs()).await??;
            Ok(())
        }
    });
    let live = state.live_pipeline.clone();
    loops.spawn(
        "inactive_camera_cleanup",
        INACTIVE_CLEANUP_EVERY,
        move || {
            let dropped = live.drop_inactive_cameras();
            async move {
                if dropped > 0 {
                    tracing::info!(cameras = dropped, "inactive camera caches freed");
                }
                Ok(())
            }
        },
    );
}

/// Writes what the loops had not written yet, once the server stopped.
pub async fn flush_on_shutdown(live: &Arc<LivePipeline>) {
    let live = live.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let usage = live.flush_viewer_usage();
        let access = live.write_access_logs();
        (usage, access)
    })
    .await;
    match outcome {
        Ok((Ok(_), Ok(_))) => {}
        Ok((usage, access)) => {
            tracing::error!(?usage, ?access, "final live flush failed");
        }
        Err(error) => tracing::error!(%error, "final live flush panicked"),
    }
}
