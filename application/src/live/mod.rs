//! The live pipeline (rest-api.md §3, §9): CloudNodes push segments, playlists and codecs;
//! viewers read playlists and segments, metered in viewer-seconds against the plan's cap.
//!
//! The hot path lives in memory: the fleet directory answers "which camera is this", the
//! live store holds the video, the viewer meter counts seconds, and the org's plan is
//! remembered for 30 s. When something is not in memory yet, an operation answers
//! [`LiveError::Cold`] naming what to load; [`LivePipeline::warmed`] runs the operation,
//! loads what it names off the async runtime (it reads the database) and tries again. Nothing here writes the database
//! on a request except the once-per-camera codec report: usage is flushed every 60 s and
//! access rows are written in batches by background loops.
//!
//! The plan for the viewer-hour cap is the *effective* plan (nominal `org_plan`, free once
//! past due beyond the 7-day grace), the 402 of a suspended camera names the *nominal* one
//! (plans-and-auth.md §1.6). A free or missing plan read here nudges the background billing
//! lookup (outside local mode), which writes the Setting and drops the remembered plan.
//!
//! Plan-cap flags (`disabled_by_plan`) are read from the fleet directory; whoever changes
//! them (`PlanCaps::enforce_camera_cap`) refreshes or forgets the directory's entry, so the next push
//! sees the new flag at once.
//!
//! With a shared tier attached (`LIVE_STORE=redis`, see [`SharedTier`]), pushes also await
//! the shared write (a failure is [`LiveError::SharedStoreUnavailable`], 503, so the node
//! retries) and viewers are served from the shared tier through small memories of this
//! instance; a miss answers [`LiveError::Fetch`], which `warmed` awaits with
//! [`LivePipeline::fetch_shared`] before it retries. Evidence clips read the camera's newest
//! segments from the shared tier too ([`LivePipeline::newest_segments`]). Without one,
//! nothing here changes.

mod access_log;
mod background;
mod clip_source;
mod codec_memory;
mod counters;
mod node_side;
mod plan_memory;
mod shared_tier;
mod stats;
mod viewer_side;
mod warm;

pub use access_log::MAX_QUEUED_ACCESS_ROWS;
pub use counters::{LiveCounts, WATCHING_WINDOW};
pub use plan_memory::{OrgPlan, PLAN_MEMORY_TTL};
pub use shared_tier::{
    HOT_SEGMENT_TTL, HOT_SEGMENTS_MAX_BYTES, HOT_SEGMENTS_PER_CAMERA, PLAYLIST_MEMO_TTL,
    SharedFetch, SharedTier, SharedTierCounts,
};
pub use stats::LiveRuntimeStats;

use crate::fleet::sanitize_video_codec;
use crate::fleet_directory::{AuthNode, FleetDirectory, LiveCamera};
use crate::memories::InvalidationOutlet;
use crate::plan_lookup::PlanLookup;
use access_log::AccessLogQueue;
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use codec_memory::CodecMemory;
use counters::LiveCounters;
use plan_memory::PlanMemory;
use sentinel_domain::fleet::{NodeChanges, truncate_chars};
use sentinel_domain::ids::{CameraId, OrgId, UserId};
use sentinel_domain::live::{
    CodecPair, CodecReportError, DEFAULT_AUDIO_CODEC, MonthKey, PLAYLIST_FRESH_FOR, SegmentName,
    StreamAccess, SuspendedCamera, SuspensionNotice, USER_AGENT_MAX_CHARS, decode_playlist,
    estimate_bandwidth, master_playlist, parse_codec_report, rewrite_playlist,
    target_duration_seconds, viewer_cap_seconds,
};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationPublisher};
use sentinel_ports::driven::live::{
    CachedPlaylist, LiveStore, LiveStoreStats, SharedLiveError, SharedLiveStats, SweepReport,
};
use sentinel_ports::driven::metering::ViewerMeter;
use sentinel_ports::driven::repos::{
    CameraRepo, NodeRepo, RepoError, RepoResult, SettingsRepo, StreamAccessRepo, UsageRepo,
};
use std::sync::{Arc, OnceLock, Weak};

/// The ports the pipeline runs on.
#[derive(Clone)]
pub struct LivePorts {
    pub store: Arc<dyn LiveStore>,
    pub meter: Arc<dyn ViewerMeter>,
    pub directory: Arc<FleetDirectory>,
    pub settings: Arc<dyn SettingsRepo>,
    pub cameras: Arc<dyn CameraRepo>,
    pub nodes: Arc<dyn NodeRepo>,
    pub usage: Arc<dyn UsageRepo>,
    pub access_log: Arc<dyn StreamAccessRepo>,
    pub clock: Arc<dyn Clock>,
}

/// `CLEANUP_INTERVAL` and `INACTIVE_CAMERA_CLEANUP_HOURS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LivePolicy {
    /// Every this-many playlist pushes of a camera run the cache sweep (0: never).
    pub cleanup_interval: u64,
    /// The daily cleanup drops cameras with no push for this long.
    pub inactive_camera_after: TimeDelta,
}

/// Memory an operation needed and did not have: load it with [`LivePipeline::warm`] (off
/// the async runtime), then retry the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warmup {
    Camera { org: OrgId, camera_id: CameraId },
    Plan { org: OrgId },
    ViewerUsage { org: OrgId },
    Codecs { org: OrgId, camera_id: CameraId },
}

/// Why a live operation did not succeed. Each maps to one HTTP answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LiveError {
    #[error("Camera not found")]
    CameraNotFound,
    #[error("Camera node not found")]
    CameraNodeNotFound,
    /// 402: the camera is over its org's camera cap.
    #[error("Camera suspended by plan limit")]
    Suspended(SuspensionNotice),
    #[error("Invalid segment filename")]
    InvalidSegmentName,
    /// 429: the org used its month's viewer-hours.
    #[error("viewer-hour cap of {cap_seconds} s reached")]
    ViewerCapReached { cap_seconds: u64 },
    #[error("Segment not found")]
    SegmentNotFound,
    #[error("Stream not started yet")]
    StreamNotStarted,
    /// 400 `Invalid playlist content: <decoder message>`.
    #[error("Invalid playlist content: {0}")]
    InvalidPlaylist(String),
    #[error(transparent)]
    InvalidCodecReport(#[from] CodecReportError),
    #[error(transparent)]
    Storage(#[from] RepoError),
    /// Not an answer: load this, then retry.
    #[error("live memory needs {0:?}")]
    Cold(Warmup),
    /// Not an answer: read this from the shared tier ([`LivePipeline::fetch_shared`]), then
    /// retry.
    #[error("live memory needs {0:?} from the shared tier")]
    Fetch(SharedFetch),
    /// 503: the shared live store did not answer (the node retries its push).
    #[error("Live store unavailable")]
    SharedStoreUnavailable(String),
}

impl From<SharedLiveError> for LiveError {
    fn from(error: SharedLiveError) -> Self {
        Self::SharedStoreUnavailable(error.0)
    }
}

/// A segment push that passed every check but the body's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmittedSegment {
    pub camera_id: CameraId,
    pub name: SegmentName,
}

/// Who is watching, for the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub org: OrgId,
    pub user_id: UserId,
    pub email: String,
    /// The socket peer's address.
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
}

/// What a viewer-usage flush wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// One upsert per (org, month).
    pub rows_written: usize,
    pub seconds_written: u64,
}

pub struct LivePipeline {
    ports: LivePorts,
    policy: LivePolicy,
    plans: PlanMemory,
    access: AccessLogQueue,
    codecs: CodecMemory,
    counters: LiveCounters,
    /// Told when a plan read finds a free or missing plan, so Clerk's billing is asked in
    /// the background. Weak: the lookup holds the pipeline.
    plan_lookup: OnceLock<Weak<PlanLookup>>,
    /// The tier shared by every instance (`LIVE_STORE=redis`); `None` for one instance.
    shared: Option<Arc<SharedTier>>,
    /// Where a forgotten plan is published for the other instances' plan memories.
    invalidations: InvalidationOutlet,
}

impl LivePipeline {
    pub fn new(ports: LivePorts, policy: LivePolicy) -> Self {
        Self {
            ports,
            policy,
            plans: PlanMemory::default(),
            access: AccessLogQueue::default(),
            codecs: CodecMemory::default(),
            counters: LiveCounters::default(),
            plan_lookup: OnceLock::new(),
            shared: None,
            invalidations: InvalidationOutlet::default(),
        }
    }

    /// Publishes every forgotten plan to the other instances from now on (once, at start).
    pub fn attach_invalidations(&self, publisher: Arc<dyn InvalidationPublisher>) {
        self.invalidations.attach(publisher);
    }

    /// Serves viewers from the shared tier and writes pushes to it too. `ports.store`
    /// should then be a tiered store (the app's `TieredLiveStore`) over the same tier, so dropped cameras leave it.
    pub fn with_shared_tier(mut self, shared: Arc<SharedTier>) -> Self {
        self.shared = Some(shared);
        self
    }

    /// Connects the billing lookup (outside local mode), once.
    pub fn attach_plan_lookup(&self, lookup: &Arc<PlanLookup>) {
        if self.plan_lookup.set(Arc::downgrade(lookup)).is_err() {
            tracing::debug!("plan lookup already attached");
        }
    }

    /// Reads the org's plan settings into the plan memory, nudging the billing lookup.
    fn load_plan(&self, org: &OrgId, now: DateTime<Utc>) -> RepoResult<()> {
        let plan = self.plans.load(self.ports.settings.as_ref(), org, now)?;
        if let Some(lookup) = self.plan_lookup.get().and_then(Weak::upgrade) {
            lookup.nudge(org, Some(&plan.nominal));
        }
        Ok(())
    }

    /// Loads what a [`LiveError::Cold`] asked for. **Blocking**: reads the database.
    pub fn warm(&self, warmup: &Warmup) -> RepoResult<()> {
        let now = self.ports.clock.now();
        match warmup {
            Warmup::Camera { org, camera_id } => {
                self.ports.directory.load_camera(org, camera_id)?;
            }
            Warmup::Plan { org } => self.load_plan(org, now)?,
            Warmup::ViewerUsage { org } => {
                if self.plans.get(org, now).is_none() {
                    self.load_plan(org, now)?;
                }
                let month = MonthKey::of(now);
                if self.ports.meter.used(org, month).is_none() {
                    let stored = self.ports.usage.viewer_seconds(org, &month.to_string())?;
                    self.ports.meter.warm(org, month, stored);
                }
            }
            Warmup::Codecs { org, camera_id } => {
                let codecs = self
                    .ports
                    .cameras
                    .get(org, camera_id)?
                    .and_then(|camera| stored_codecs(camera.video_codec, camera.audio_codec));
                self.codecs.remember(camera_id, codecs, now);
            }
        }
        Ok(())
    }

    /// The month's viewer-seconds as the cap sees them (stored + unflushed), for the plan
    /// overview. **Blocking** on a cold start.
    pub fn viewer_seconds_used(&self, org: &OrgId) -> RepoResult<u64> {
        let month = MonthKey::of(self.ports.clock.now());
        if let Some(used) = self.ports.meter.used(org, month) {
            return Ok(used);
        }
        self.warm(&Warmup::ViewerUsage { org: org.clone() })?;
        Ok(self.ports.meter.used(org, month).unwrap_or_default())
    }

    /// Reads what a [`LiveError::Fetch`] asked for from the shared tier into this
    /// instance's memory (one round trip); the operation is then retried. Answers the
    /// operation's own error when the shared tier has nothing (`Segment not found`, `Stream
    /// not started yet`).
    pub async fn fetch_shared(&self, fetch: &SharedFetch) -> Result<(), LiveError> {
        let Some(shared) = &self.shared else {
            return Err(LiveError::SharedStoreUnavailable(
                "no shared live store configured".to_owned(),
            ));
        };
        if shared.fetch(fetch, self.ports.clock.now()).await? {
            return Ok(());
        }
        Err(match fetch {
            SharedFetch::Segment { .. } => LiveError::SegmentNotFound,
            SharedFetch::Playlist { .. } => LiveError::StreamNotStarted,
        })
    }

    /// Forgets the org's remembered plan (after a plan or billing change), here and on
    /// the other instances.
    pub fn forget_org_plan(&self, org: &OrgId) {
        self.plans.forget(org);
        self.invalidations.publish(Invalidation::Plan(org.clone()));
    }

    /// Another instance's forgotten plan: the local part only, nothing published.
    pub fn apply_remote(&self, invalidation: &Invalidation) {
        if let Invalidation::Plan(org) = invalidation {
            self.plans.forget(org);
        }
    }

    /// Drops every remembered plan (invalidations may have been missed).
    pub fn forget_all_plans(&self) {
        self.plans.clear();
    }

    // ----- helpers -----------------------------------------------------------------------

    /// The org's camera from the fleet directory (404 if it is not the org's).
    fn camera(&self, org: &OrgId, camera_id: &CameraId) -> Result<LiveCamera, LiveError> {
        match self.ports.directory.cached_camera(org, camera_id) {
            Some(Some(camera)) => Ok(camera),
            Some(None) => Err(LiveError::CameraNotFound),
            None => Err(LiveError::Cold(Warmup::Camera {
                org: org.clone(),
                camera_id: camera_id.clone(),
            })),
        }
    }
}

/// A camera row's codecs as the master playlist uses them.
fn stored_codecs(video: Option<String>, audio: Option<String>) -> Option<CodecPair> {
    let video = video.filter(|codec| !codec.is_empty())?;
    Some(CodecPair {
        video,
        audio: audio
            .filter(|codec| !codec.is_empty())
            .unwrap_or_else(|| DEFAULT_AUDIO_CODEC.to_owned()),
    })
}
