//! The live pipeline (rest-api.md §3, §9): CloudNodes push segments, playlists and codecs;
//! viewers read playlists and segments, metered in viewer-seconds against the plan's cap.
//!
//! The hot path lives in memory: the fleet directory answers "which camera is this", the
//! live store holds the video, the viewer meter counts seconds, and the org's plan is
//! remembered for 30 s. When something is not in memory yet, an operation answers
//! [`LiveError::Cold`] naming what to load; the caller runs [`LivePipeline::warm`] off the
//! async runtime (it reads the database) and tries again. Nothing here writes the database
//! on a request except the once-per-camera codec report: usage is flushed every 60 s and
//! access rows are written in batches by background loops.
//!
//! The plan for the viewer-hour cap is the *effective* plan (nominal `org_plan`, free once
//! past due beyond the 7-day grace), the 402 of a suspended camera names the *nominal* one
//! (plans-and-auth.md §1.6). A free or missing plan read here nudges the background billing
//! lookup (outside local mode), which writes the Setting and drops the remembered plan.
//!
//! Plan-cap flags (`disabled_by_plan`) are read from the fleet directory; whoever changes
//! them (`enforce_camera_cap`) refreshes or forgets the directory's entry, so the next push
//! sees the new flag at once.
//!
//! With a shared tier attached (`LIVE_STORE=redis`, see [`SharedTier`]), pushes also await
//! the shared write (a failure is [`LiveError::SharedStoreUnavailable`], 503, so the node
//! retries) and viewers are served from the shared tier through small memories of this
//! instance; a miss answers [`LiveError::Fetch`], which the caller awaits with
//! [`LivePipeline::fetch_shared`] and retries. Evidence clips read the camera's newest
//! segments from the shared tier too ([`LivePipeline::newest_segments`]). Without one,
//! nothing here changes.

mod access_log;
mod clip_source;
mod codec_memory;
mod counters;
mod plan_memory;
mod shared_tier;
mod stats;
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

    // ----- the node's side -------------------------------------------------------------

    /// The checks of a segment push before its body is read, in the contract's order:
    /// camera of this node (404) → suspended by the plan (402) → file name (400).
    pub fn admit_segment(
        &self,
        node: &AuthNode,
        camera_id: &CameraId,
        filename: &str,
    ) -> Result<AdmittedSegment, LiveError> {
        let camera = self.node_camera(node, camera_id)?;
        if camera.disabled_by_plan {
            let now = self.ports.clock.now();
            let plan = self.plans.get(&node.org_id, now).ok_or_else(|| {
                LiveError::Cold(Warmup::Plan {
                    org: node.org_id.clone(),
                })
            })?;
            let suspended = SuspendedCamera { name: camera.name };
            return Err(LiveError::Suspended(suspended.notice(&plan.nominal)));
        }
        let name = SegmentName::parse(filename).map_err(|_| LiveError::InvalidSegmentName)?;
        Ok(AdmittedSegment {
            camera_id: camera.camera_id,
            name,
        })
    }

    /// Caches an admitted segment in this instance's store; returns how many segments the
    /// camera now has there.
    pub fn store_segment(&self, segment: &AdmittedSegment, bytes: Bytes) -> usize {
        let now = self.ports.clock.now();
        self.counters.segment_pushed();
        self.ports
            .store
            .put_segment(&segment.camera_id, segment.name, bytes, now)
    }

    /// Caches an admitted segment here and, with a shared tier, awaits its write there;
    /// returns how many segments the camera now has (in the shared tier when there is one).
    pub async fn push_segment(
        &self,
        segment: &AdmittedSegment,
        bytes: Bytes,
    ) -> Result<usize, LiveError> {
        let Some(shared) = &self.shared else {
            return Ok(self.store_segment(segment, bytes));
        };
        self.store_segment(segment, bytes.clone());
        let now = self.ports.clock.now();
        Ok(shared
            .put_segment(&segment.camera_id, segment.name, bytes, now)
            .await?)
    }

    /// The camera of a playlist, codec or motion push: the node's own, in its org (404
    /// otherwise). No plan check: suspended cameras may still push playlists.
    pub fn node_camera(
        &self,
        node: &AuthNode,
        camera_id: &CameraId,
    ) -> Result<LiveCamera, LiveError> {
        let camera = self.camera(&node.org_id, camera_id)?;
        if camera.node_row_id == Some(node.row_id) {
            Ok(camera)
        } else {
            Err(LiveError::CameraNotFound)
        }
    }

    /// Rewrites and caches a pushed playlist in this instance's store; every
    /// `CLEANUP_INTERVAL`-th push of the camera also sweeps the caches.
    pub fn update_playlist(&self, camera: &LiveCamera, body: &[u8]) -> Result<(), LiveError> {
        self.cache_playlist(camera, body).map(drop)
    }

    /// [`Self::update_playlist`] and, with a shared tier, the shared write of the same
    /// rewritten body (rewritten once per push).
    pub async fn push_playlist(&self, camera: &LiveCamera, body: &[u8]) -> Result<(), LiveError> {
        let rewritten = self.cache_playlist(camera, body)?;
        let Some(shared) = &self.shared else {
            return Ok(());
        };
        let now = self.ports.clock.now();
        let largest = self.ports.store.largest_segment_bytes(&camera.camera_id);
        shared
            .put_playlist(&camera.camera_id, rewritten, now, largest)
            .await?;
        Ok(())
    }

    /// Decodes, rewrites and caches here; returns the rewritten body.
    fn cache_playlist(&self, camera: &LiveCamera, body: &[u8]) -> Result<Bytes, LiveError> {
        let text = decode_playlist(body).map_err(|error| LiveError::InvalidPlaylist(error.0))?;
        let rewritten = rewrite_playlist(text);
        if rewritten.dropped > 0 {
            self.note_dropped_playlist_lines(camera, rewritten.dropped);
        }
        let rewritten = Bytes::from(rewritten.text);
        let now = self.ports.clock.now();
        let pushes = self
            .ports
            .store
            .put_playlist(&camera.camera_id, rewritten.clone(), now);
        let interval = self.policy.cleanup_interval;
        if interval > 0 && pushes % interval == 0 {
            self.sweep_caches();
        }
        Ok(rewritten)
    }

    /// Counts what a rewrite dropped; logs it when the running total reaches a power of
    /// two, so a node that keeps pushing foreign URIs is seen without flooding the log.
    fn note_dropped_playlist_lines(&self, camera: &LiveCamera, lines: usize) {
        let before = self.counters.playlist_lines_dropped(lines);
        let after = before.saturating_add(u64::try_from(lines).unwrap_or(u64::MAX));
        if before == 0 || before.ilog2() != after.ilog2() {
            tracing::warn!(
                camera_id = %camera.camera_id,
                org = %camera.org_id,
                lines,
                total = after,
                "pushed playlist named URIs other than its own segments; dropped"
            );
        }
    }

    /// Stores a codec report on the camera (video level repaired, audio defaulted) and on
    /// the node if it has none yet. **Blocking**: writes the database (once per camera per
    /// node run).
    pub fn record_codecs(
        &self,
        node: &AuthNode,
        camera: &LiveCamera,
        body: &[u8],
    ) -> Result<(), LiveError> {
        let report = parse_codec_report(body)?;
        let codecs = CodecPair {
            video: sanitize_video_codec(&report.video),
            audio: report.audio,
        };
        let now = self.ports.clock.now();
        let at = now.naive_utc();
        let org = &node.org_id;
        self.ports.cameras.update_codecs(
            org,
            &camera.camera_id,
            &codecs.video,
            &codecs.audio,
            at,
        )?;
        let node_row = self.ports.nodes.get(org, &node.node_id)?;
        if node_row.is_some_and(|row| row.video_codec.as_deref().is_none_or(str::is_empty)) {
            let changes = NodeChanges {
                video_codec: Some(Some(codecs.video.clone())),
                audio_codec: Some(Some(codecs.audio.clone())),
                codec_detected_at: Some(Some(at)),
                ..NodeChanges::default()
            };
            self.ports.nodes.update(org, &node.node_id, &changes)?;
        }
        self.codecs.remember(&camera.camera_id, Some(codecs), now);
        Ok(())
    }

    // ----- the viewer's side -----------------------------------------------------------

    /// The rewritten media playlist, if pushed in the last 30 s. Logs the access (hit or
    /// miss, at most once per user and camera every five minutes) once the camera checks
    /// passed. Not metered.
    pub fn playlist_for_viewer(
        &self,
        viewer: &Viewer,
        camera_id: &CameraId,
    ) -> Result<Bytes, LiveError> {
        let camera = self.camera(&viewer.org, camera_id)?;
        let node_row_id = camera.node_row_id.ok_or(LiveError::CameraNodeNotFound)?;
        let now = self.ports.clock.now();
        self.access
            .offer(&viewer.org, &viewer.user_id, camera_id, now, || {
                StreamAccess {
                    user_id: viewer.user_id.clone(),
                    user_email: viewer.email.clone(),
                    camera_id: camera_id.clone(),
                    node_ref: node_row_id.to_string(),
                    ip_address: viewer.ip_address.clone(),
                    user_agent: viewer
                        .user_agent
                        .as_deref()
                        .map(|agent| truncate_chars(agent, USER_AGENT_MAX_CHARS)),
                    accessed_at: now.naive_utc(),
                }
            });
        let (body, _) = self.fresh_playlist(camera_id, now)?;
        self.counters.playlist_served();
        Ok(body)
    }

    /// A one-variant master playlist for `stream.m3u8` carrying `BANDWIDTH` and, once
    /// known, the camera's `CODECS`. Same checks as the media playlist, not logged.
    pub fn master_playlist_for_viewer(
        &self,
        viewer: &Viewer,
        camera_id: &CameraId,
    ) -> Result<String, LiveError> {
        let camera = self.camera(&viewer.org, camera_id)?;
        camera.node_row_id.ok_or(LiveError::CameraNodeNotFound)?;
        let now = self.ports.clock.now();
        let (_, target_duration) = self.fresh_playlist(camera_id, now)?;
        let codecs = self.codecs.get(camera_id, now).ok_or_else(|| {
            LiveError::Cold(Warmup::Codecs {
                org: viewer.org.clone(),
                camera_id: camera_id.clone(),
            })
        })?;
        let largest = self.largest_segment_bytes(camera_id, now);
        let bandwidth = estimate_bandwidth(largest, target_duration);
        Ok(master_playlist(bandwidth, codecs.as_ref()))
    }

    /// A cached segment, in the contract's order: camera (404) → file name (400) →
    /// viewer-hour cap (429) → bytes (404 `Segment not found`, not charged). A served
    /// segment counts one viewer-second.
    pub fn segment_for_viewer(
        &self,
        org: &OrgId,
        user: &UserId,
        camera_id: &CameraId,
        filename: &str,
    ) -> Result<Bytes, LiveError> {
        self.camera(org, camera_id)?;
        let name = SegmentName::parse(filename).map_err(|_| LiveError::InvalidSegmentName)?;
        let now = self.ports.clock.now();
        let month = MonthKey::of(now);
        let cold = || LiveError::Cold(Warmup::ViewerUsage { org: org.clone() });
        let plan = self.plans.get(org, now).ok_or_else(cold)?;
        let used = self.ports.meter.used(org, month).ok_or_else(cold)?;
        if let Some(cap_seconds) = viewer_cap_seconds(plan.effective(now))
            && used >= cap_seconds
        {
            return Err(LiveError::ViewerCapReached { cap_seconds });
        }
        let bytes = self.cached_segment(camera_id, name, now)?;
        self.ports.meter.record(org, month, 1);
        self.counters
            .segment_served(user, camera_id, bytes.len(), now);
        Ok(bytes)
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

    // ----- background work ------------------------------------------------------------

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

    /// The cached playlist and its target duration, if pushed less than 30 s ago.
    fn fresh_playlist(
        &self,
        camera_id: &CameraId,
        now: DateTime<Utc>,
    ) -> Result<(Bytes, Option<u64>), LiveError> {
        let playlist = self
            .cached_playlist(camera_id, now)?
            .filter(|playlist| now.signed_duration_since(playlist.pushed_at) < PLAYLIST_FRESH_FOR)
            .ok_or(LiveError::StreamNotStarted)?;
        let target = std::str::from_utf8(&playlist.body)
            .ok()
            .and_then(target_duration_seconds);
        Ok((playlist.body, target))
    }
}

impl LivePipeline {
    /// A viewer's segment: this instance's store, or the shared tier's hot memory
    /// ([`LiveError::Fetch`] on a miss).
    fn cached_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        now: DateTime<Utc>,
    ) -> Result<Bytes, LiveError> {
        match &self.shared {
            None => self
                .ports
                .store
                .segment(camera_id, name)
                .ok_or(LiveError::SegmentNotFound),
            Some(shared) => shared.hot_segment(camera_id, name, now).ok_or_else(|| {
                LiveError::Fetch(SharedFetch::Segment {
                    camera_id: camera_id.clone(),
                    name,
                })
            }),
        }
    }

    /// A viewer's playlist (fresh or not): this instance's store, or the shared tier's
    /// memo ([`LiveError::Fetch`] once it is older than [`PLAYLIST_MEMO_TTL`]).
    fn cached_playlist(
        &self,
        camera_id: &CameraId,
        now: DateTime<Utc>,
    ) -> Result<Option<CachedPlaylist>, LiveError> {
        match &self.shared {
            None => Ok(self.ports.store.playlist(camera_id)),
            Some(shared) => match shared.memo_playlist(camera_id, now) {
                Some(memo) => Ok(Some(memo.playlist)),
                None => Err(LiveError::Fetch(SharedFetch::Playlist {
                    camera_id: camera_id.clone(),
                })),
            },
        }
    }

    /// The master playlist's bandwidth source: the largest segment this instance or (with
    /// a shared tier) the whole cluster holds for the camera.
    fn largest_segment_bytes(&self, camera_id: &CameraId, now: DateTime<Utc>) -> Option<u64> {
        let shared = self
            .shared
            .as_ref()
            .and_then(|shared| shared.memo_playlist(camera_id, now))
            .and_then(|memo| memo.largest_segment_bytes);
        shared.or_else(|| self.ports.store.largest_segment_bytes(camera_id))
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
