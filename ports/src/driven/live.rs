//! The live video cache: segments and rewritten playlists per camera, in process memory by
//! default. Never blocks and never touches the database. Cache policy (per-camera ring,
//! global byte budget, sweep) is `sentinel_domain::live`'s; a store applies it.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::SegmentName;

/// A rewritten playlist and when it was pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedPlaylist {
    pub body: Bytes,
    pub pushed_at: DateTime<Utc>,
}

/// Counters for the health report and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveStoreStats {
    /// Cameras with at least one cached segment.
    pub segment_cameras: u64,
    /// Cameras with a cached playlist (fresh or not).
    pub playlists: u64,
    pub segments: u64,
    /// The running byte total of every cached segment.
    pub bytes: u64,
    /// Segments dropped since start by the per-camera cap or the global byte cap.
    pub evicted_segments: u64,
}

/// What a sweep removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Cameras dropped whole (no push for a minute).
    pub dropped_cameras: Vec<CameraId>,
    /// Playlists dropped to stay within the playlist cap.
    pub dropped_playlists: usize,
    /// Running byte total minus the recount the sweep made (0 unless there is a bug).
    pub byte_drift: i64,
}

pub trait LiveStore: Send + Sync {
    /// Caches a segment (overwriting one of the same name), trims the camera to its cap
    /// and the whole cache to its byte budget. Returns how many segments the camera now
    /// has. `now` stamps the camera's activity for the sweep.
    fn put_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        bytes: Bytes,
        now: DateTime<Utc>,
    ) -> usize;

    /// The cached bytes (a shared handle, never a copy).
    fn segment(&self, camera_id: &CameraId, name: SegmentName) -> Option<Bytes>;

    /// The newest `count` segments, oldest first; `None` when the camera has no segments
    /// cached at all (what an evidence clip is cut from).
    fn newest_segments(
        &self,
        camera_id: &CameraId,
        count: usize,
    ) -> Option<Vec<(SegmentName, Bytes)>>;

    /// Size of the camera's largest cached segment (the master playlist's bandwidth).
    fn largest_segment_bytes(&self, camera_id: &CameraId) -> Option<u64>;

    /// Caches an already rewritten playlist; returns how many playlists this camera has
    /// pushed since its cache was created (every Nth push runs the sweep).
    fn put_playlist(&self, camera_id: &CameraId, body: Bytes, now: DateTime<Utc>) -> u64;

    fn playlist(&self, camera_id: &CameraId) -> Option<CachedPlaylist>;

    /// Drops cameras with no push for [`sentinel_domain::live::STALE_CAMERA_AFTER`], keeps
    /// at most [`sentinel_domain::live::MAX_CACHED_PLAYLISTS`] playlists (oldest pushes
    /// dropped) and recounts the byte total.
    fn sweep(&self, now: DateTime<Utc>) -> SweepReport;

    /// Drops every camera with no push since `idle_since`; returns their ids.
    fn drop_idle_cameras(&self, idle_since: DateTime<Utc>) -> Vec<CameraId>;

    /// Forgets everything cached for a camera (node deleted, camera removed, org wiped).
    /// Idempotent.
    fn drop_camera(&self, camera_id: &CameraId);

    fn stats(&self) -> LiveStoreStats;
}

/// The live cache shared by every instance (`LIVE_STORE=redis`), so any instance can serve
/// any camera. Asynchronous: each call is a network round trip. The pipeline keeps the
/// synchronous [`LiveStore`] as this instance's own tier and puts a small hot cache in
/// front of this one; it never reads the shared tier for what it can answer from memory.
///
/// Policy as in [`LiveStore`]: each camera keeps its newest
/// `SEGMENT_CACHE_MAX_PER_CAMERA` segments, all cameras together stay under
/// `SEGMENT_CACHE_MAX_TOTAL_BYTES` (oldest pushes evicted first, down to the low-water
/// mark), and a camera with no push for [`sentinel_domain::live::STALE_CAMERA_AFTER`] is
/// dropped. "Newest" is by push order here (the in-memory ring orders by sequence number);
/// the two differ only for a segment that arrives after a later one.
#[async_trait::async_trait]
pub trait SharedLiveStore: Send + Sync {
    /// Stores a segment (overwriting one of the same name) and applies both caps; returns
    /// how many segments the camera now has.
    async fn put_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        bytes: Bytes,
        now: DateTime<Utc>,
    ) -> Result<usize, SharedLiveError>;

    async fn segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
    ) -> Result<Option<Bytes>, SharedLiveError>;

    /// The camera's newest `count` segments (by push order) with their bytes, oldest
    /// first, in one round trip: what an evidence clip is cut from on any instance. `None`
    /// when the camera has no segment listed at all; a segment that expired meanwhile is
    /// left out (so the list may be empty).
    async fn newest_segments(
        &self,
        camera_id: &CameraId,
        count: usize,
    ) -> Result<Option<Vec<(SegmentName, Bytes)>>, SharedLiveError>;

    /// Stores an already rewritten playlist.
    async fn put_playlist(
        &self,
        camera_id: &CameraId,
        body: Bytes,
        now: DateTime<Utc>,
    ) -> Result<(), SharedLiveError>;

    /// The camera's playlist with the size of its largest segment (the master playlist's
    /// bandwidth), in one round trip.
    async fn playlist(
        &self,
        camera_id: &CameraId,
    ) -> Result<Option<SharedPlaylist>, SharedLiveError>;

    /// Forgets everything stored for a camera. Idempotent.
    async fn drop_camera(&self, camera_id: &CameraId) -> Result<(), SharedLiveError>;

    async fn stats(&self) -> Result<SharedLiveStats, SharedLiveError>;
}

/// A playlist read from the shared tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedPlaylist {
    pub playlist: CachedPlaylist,
    pub largest_segment_bytes: Option<u64>,
}

/// The shared tier's size, across every instance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SharedLiveStats {
    pub cameras: u64,
    pub segments: u64,
    pub bytes: u64,
    pub evicted_segments: u64,
}

/// The shared tier did not answer (unreachable, timed out, or an unexpected reply).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("shared live store: {0}")]
pub struct SharedLiveError(pub String);
