//! The live pipeline's assembly (in-memory segment store and viewer meter, SQLite usage and
//! access-log writers) and its background loops: viewer-usage flush and cache sweep every
//! 60 s, access-log writer every 5 s, inactive-camera cleanup daily.
//!
//! `LIVE_STORE=redis` adds the shared tier: segments and playlists go to Redis as well, so
//! any instance serves any camera; the in-memory store stays this instance's own tier.

use crate::config::{Config, LiveStoreKind};
use crate::database::{Database, SqlStore};
use crate::loops::LoopRunner;
use crate::tiered_store::TieredLiveStore;
use chrono::TimeDelta;
use sentinel_adapters_http::AppState;
use sentinel_adapters_memory::{MemoryLiveStore, MemoryViewerMeter};
use sentinel_adapters_redis::{LiveStoreSettings, RedisAdapterError, RedisLiveStore};
use sentinel_application::blocking::unblock;
use sentinel_application::blocking::unblock_value;
use sentinel_application::fleet_directory::FleetDirectory;
use sentinel_application::live::{
    LivePipeline, LivePolicy, LivePorts, LiveRuntimeStats, SharedTier,
};
use sentinel_domain::live::SegmentCacheLimits;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::health::RuntimeStats;
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::metering::ViewerMeter;
use sentinel_ports::driven::repos::Repositories;
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
    /// The tier shared with the other instances (`LIVE_STORE=redis`).
    shared: Option<Arc<SharedTier>>,
    database: Database,
    policy: LivePolicy,
}

impl LiveParts {
    /// Connects the shared tier when `LIVE_STORE=redis` (start-up fails if Redis does not
    /// answer).
    pub async fn new(config: &Config, database: &Database) -> Result<Self, RedisAdapterError> {
        let limits = SegmentCacheLimits {
            max_segments_per_camera: usize::try_from(config.live.segment_cache_max_per_camera)
                .unwrap_or(usize::MAX),
            max_total_bytes: config.live.segment_cache_max_total_bytes,
        };
        let inactive_hours = i64::try_from(config.live.inactive_camera_cleanup_hours)
            .unwrap_or(i64::MAX)
            .min(24 * 365 * 100);
        let local: Arc<dyn LiveStore> = Arc::new(MemoryLiveStore::new(limits));
        let (store, shared) = match config.live_store {
            LiveStoreKind::Memory => (local, None),
            LiveStoreKind::Redis => {
                let settings = LiveStoreSettings::new(limits);
                let redis = RedisLiveStore::connect(&config.redis_url, settings).await?;
                tracing::info!("live store: Redis, shared by every instance");
                let shared = Arc::new(SharedTier::new(Arc::new(redis)));
                let tiered: Arc<dyn LiveStore> =
                    Arc::new(TieredLiveStore::new(local, shared.clone()));
                (tiered, Some(shared))
            }
        };
        Ok(Self {
            store,
            meter: Arc::new(MemoryViewerMeter::new()),
            shared,
            database: database.clone(),
            policy: LivePolicy {
                cleanup_interval: config.live.cleanup_interval,
                inactive_camera_after: TimeDelta::hours(inactive_hours),
            },
        })
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
        let sqlite = Arc::new(SqlStore::new(self.database.clone()));
        let pipeline = LivePipeline::new(
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
        );
        Arc::new(match &self.shared {
            Some(shared) => pipeline.with_shared_tier(shared.clone()),
            None => pipeline,
        })
    }
}

/// Registers the live loops.
pub fn start_live_loops(loops: &mut LoopRunner, _config: &Config, state: &AppState) {
    let live = state.live_pipeline.clone();
    loops.spawn("viewer_usage_flush", USAGE_FLUSH_EVERY, move || {
        let live = live.clone();
        async move {
            let report = unblock(move || live.flush_viewer_usage()).await?;
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
            unblock(move || live.write_access_logs()).await?;
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
    let outcome = unblock_value(move || {
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
