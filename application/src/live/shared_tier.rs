//! The shared tier (`LIVE_STORE=redis`) as the pipeline uses it: the [`SharedLiveStore`]
//! behind two small memories of this instance, so a hot read costs no round trip.
//!
//! - **Hot segments**: the newest few segments per camera that this instance pushed or
//!   fetched, each trusted for [`HOT_SEGMENT_TTL`]. Segments are immutable by name *within
//!   a run*, but the node's FFmpeg restarts its numbering at 0, and the re-pushed name may
//!   land on another instance: the short life bounds how long an old run's bytes could be
//!   served under a reused name (the same reason the per-instance [`LiveStore`] is not read
//!   for viewers in this mode).
//! - **Playlist memo**: the camera's playlist, pushed here or read from the shared tier,
//!   trusted for [`PLAYLIST_MEMO_TTL`]. Playlists change every second or two, and the node
//!   may push the next one to another instance, so a memo is never older than that.
//!
//! A miss is answered by [`LiveError::Fetch`]: the caller awaits
//! [`super::LivePipeline::fetch_shared`] (one round trip, which fills the memory) and tries
//! again, exactly like [`LiveError::Cold`] and `warm`.
//!
//! [`LiveError::Fetch`]: super::LiveError::Fetch
//! [`LiveError::Cold`]: super::LiveError::Cold
//! [`LiveStore`]: sentinel_ports::driven::live::LiveStore

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::SegmentName;
use sentinel_ports::driven::live::{
    SharedLiveError, SharedLiveStats, SharedLiveStore, SharedPlaylist,
};
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// Segments kept hot per camera (a player joining fetches the newest three, then one per
/// target duration).
pub const HOT_SEGMENTS_PER_CAMERA: usize = 6;
/// How long a hot segment is served without asking the shared tier.
pub const HOT_SEGMENT_TTL: TimeDelta = TimeDelta::seconds(15);
/// All cameras' hot segments together stay under this; past it, the oldest go first.
pub const HOT_SEGMENTS_MAX_BYTES: u64 = 256 * 1024 * 1024;
/// How long a playlist is served without asking the shared tier.
pub const PLAYLIST_MEMO_TTL: TimeDelta = TimeDelta::milliseconds(500);

const SHARDS: usize = 16;

/// What a [`super::LiveError::Fetch`] asks to read from the shared tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedFetch {
    Segment {
        camera_id: CameraId,
        name: SegmentName,
    },
    Playlist {
        camera_id: CameraId,
    },
}

/// What the shared tier's memories did since start, for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SharedTierCounts {
    /// Segment GETs answered from this instance's hot segments.
    pub hot_hits: u64,
    /// Segment and playlist reads that went to the shared tier.
    pub shared_reads: u64,
    /// Shared reads that found nothing.
    pub shared_misses: u64,
    /// Shared reads and writes that failed (unreachable, timed out).
    pub shared_errors: u64,
    /// Bytes held by the hot segments now.
    pub hot_bytes: u64,
}

pub struct SharedTier {
    store: Arc<dyn SharedLiveStore>,
    hot: HotSegments,
    playlists: Mutex<HashMap<CameraId, MemoPlaylist>>,
    hot_hits: AtomicU64,
    shared_reads: AtomicU64,
    shared_misses: AtomicU64,
    shared_errors: AtomicU64,
}

#[derive(Clone)]
struct MemoPlaylist {
    playlist: SharedPlaylist,
    memo_at: DateTime<Utc>,
}

impl SharedTier {
    pub fn new(store: Arc<dyn SharedLiveStore>) -> Self {
        Self {
            store,
            hot: HotSegments::new(),
            playlists: Mutex::default(),
            hot_hits: AtomicU64::new(0),
            shared_reads: AtomicU64::new(0),
            shared_misses: AtomicU64::new(0),
            shared_errors: AtomicU64::new(0),
        }
    }

    /// A hot segment, if this instance has one young enough.
    pub fn hot_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        now: DateTime<Utc>,
    ) -> Option<Bytes> {
        let found = self.hot.get(camera_id, name, now);
        if found.is_some() {
            self.hot_hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// The memo of the camera's playlist, if young enough.
    pub fn memo_playlist(
        &self,
        camera_id: &CameraId,
        now: DateTime<Utc>,
    ) -> Option<SharedPlaylist> {
        let memo = lock(&self.playlists);
        memo.get(camera_id)
            .filter(|entry| now.signed_duration_since(entry.memo_at) < PLAYLIST_MEMO_TTL)
            .map(|entry| entry.playlist.clone())
    }

    /// Writes a pushed segment to the shared tier and keeps it hot here; returns how many
    /// segments the camera has in the shared tier.
    pub async fn put_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        bytes: Bytes,
        now: DateTime<Utc>,
    ) -> Result<usize, SharedLiveError> {
        let count = self.counted(
            self.store
                .put_segment(camera_id, name, bytes.clone(), now)
                .await,
        )?;
        self.hot.insert(camera_id, name, bytes, now);
        Ok(count)
    }

    /// Writes a pushed (rewritten) playlist to the shared tier and memoises it here.
    pub async fn put_playlist(
        &self,
        camera_id: &CameraId,
        body: Bytes,
        now: DateTime<Utc>,
        largest_segment_bytes: Option<u64>,
    ) -> Result<(), SharedLiveError> {
        self.counted(self.store.put_playlist(camera_id, body.clone(), now).await)?;
        let playlist = SharedPlaylist {
            playlist: sentinel_ports::driven::live::CachedPlaylist {
                body,
                pushed_at: now,
            },
            largest_segment_bytes,
        };
        self.memoise(camera_id, playlist, now);
        Ok(())
    }

    /// Reads what a fetch asks for into this instance's memory; `false` when the shared
    /// tier has nothing under that name.
    pub async fn fetch(
        &self,
        fetch: &SharedFetch,
        now: DateTime<Utc>,
    ) -> Result<bool, SharedLiveError> {
        self.shared_reads.fetch_add(1, Ordering::Relaxed);
        let found = match fetch {
            SharedFetch::Segment { camera_id, name } => {
                let bytes = self.counted(self.store.segment(camera_id, *name).await)?;
                bytes.map(|bytes| self.hot.insert(camera_id, *name, bytes, now))
            }
            SharedFetch::Playlist { camera_id } => {
                let playlist = self.counted(self.store.playlist(camera_id).await)?;
                playlist.map(|playlist| self.memoise(camera_id, playlist, now))
            }
        };
        if found.is_none() {
            self.shared_misses.fetch_add(1, Ordering::Relaxed);
        }
        Ok(found.is_some())
    }

    /// The camera's newest `count` segments across every instance, oldest first, read
    /// straight from the shared tier (one round trip; the hot memory holds too few and
    /// only what this instance saw). `None` when the shared tier lists none.
    pub async fn newest_segments(
        &self,
        camera_id: &CameraId,
        count: usize,
    ) -> Result<Option<Vec<(SegmentName, Bytes)>>, SharedLiveError> {
        self.shared_reads.fetch_add(1, Ordering::Relaxed);
        let found = self.counted(self.store.newest_segments(camera_id, count).await)?;
        if found.as_ref().is_none_or(Vec::is_empty) {
            self.shared_misses.fetch_add(1, Ordering::Relaxed);
        }
        Ok(found)
    }

    /// Forgets the camera here at once and in the shared tier in the background (the
    /// callers are synchronous: node deleted, camera removed, org wiped). Redis's TTL and
    /// idle-camera drop clean up if that write fails.
    pub fn drop_camera(&self, camera_id: &CameraId) {
        self.hot.remove(camera_id);
        lock(&self.playlists).remove(camera_id);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(camera = %camera_id.as_str(), "no runtime to drop a camera from the shared live store");
            return;
        };
        let store = self.store.clone();
        let camera_id = camera_id.clone();
        runtime.spawn(async move {
            if let Err(error) = store.drop_camera(&camera_id).await {
                tracing::warn!(camera = %camera_id.as_str(), %error, "shared live store kept a dropped camera until its TTL");
            }
        });
    }

    /// Drops expired hot segments and playlist memos (the cache sweep).
    pub fn prune(&self, now: DateTime<Utc>) {
        self.hot.prune(now);
        lock(&self.playlists)
            .retain(|_, entry| now.signed_duration_since(entry.memo_at) < PLAYLIST_MEMO_TTL);
    }

    pub async fn stats(&self) -> Result<SharedLiveStats, SharedLiveError> {
        self.counted(self.store.stats().await)
    }

    pub fn counts(&self) -> SharedTierCounts {
        SharedTierCounts {
            hot_hits: self.hot_hits.load(Ordering::Relaxed),
            shared_reads: self.shared_reads.load(Ordering::Relaxed),
            shared_misses: self.shared_misses.load(Ordering::Relaxed),
            shared_errors: self.shared_errors.load(Ordering::Relaxed),
            hot_bytes: self.hot.bytes(),
        }
    }

    fn memoise(&self, camera_id: &CameraId, playlist: SharedPlaylist, now: DateTime<Utc>) {
        lock(&self.playlists).insert(
            camera_id.clone(),
            MemoPlaylist {
                playlist,
                memo_at: now,
            },
        );
    }

    fn counted<T>(&self, outcome: Result<T, SharedLiveError>) -> Result<T, SharedLiveError> {
        if let Err(error) = &outcome {
            self.shared_errors.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(%error, "shared live store call failed");
        }
        outcome
    }
}

/// The newest few segments per camera, each trusted for [`HOT_SEGMENT_TTL`]. Cameras are
/// spread over shards so reads of different cameras do not wait on one lock.
struct HotSegments {
    shards: Vec<RwLock<HashMap<CameraId, VecDeque<HotSegment>>>>,
    hasher: RandomState,
    bytes: AtomicU64,
    /// One global eviction at a time.
    evicting: Mutex<()>,
}

struct HotSegment {
    name: SegmentName,
    bytes: Bytes,
    stored_at: DateTime<Utc>,
}

impl HotSegments {
    fn new() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            hasher: RandomState::new(),
            bytes: AtomicU64::new(0),
            evicting: Mutex::new(()),
        }
    }

    fn shard(&self, camera_id: &CameraId) -> &RwLock<HashMap<CameraId, VecDeque<HotSegment>>> {
        let index = usize::try_from(self.hasher.hash_one(camera_id) % SHARDS as u64).unwrap_or(0);
        &self.shards[index]
    }

    fn get(&self, camera_id: &CameraId, name: SegmentName, now: DateTime<Utc>) -> Option<Bytes> {
        let shard = read(self.shard(camera_id));
        shard
            .get(camera_id)?
            .iter()
            .rev()
            .find(|segment| segment.name == name)
            .filter(|segment| now.signed_duration_since(segment.stored_at) < HOT_SEGMENT_TTL)
            .map(|segment| segment.bytes.clone())
    }

    fn insert(&self, camera_id: &CameraId, name: SegmentName, bytes: Bytes, now: DateTime<Utc>) {
        let added = len_of(&bytes);
        let mut removed = 0;
        {
            let mut shard = write(self.shard(camera_id));
            let segments = shard.entry(camera_id.clone()).or_default();
            if let Some(index) = segments.iter().position(|segment| segment.name == name) {
                removed += segments.remove(index).map_or(0, |old| len_of(&old.bytes));
            }
            segments.push_back(HotSegment {
                name,
                bytes,
                stored_at: now,
            });
            while segments.len() > HOT_SEGMENTS_PER_CAMERA {
                removed += segments.pop_front().map_or(0, |old| len_of(&old.bytes));
            }
        }
        self.adjust(added, removed);
        if self.bytes() > HOT_SEGMENTS_MAX_BYTES {
            self.evict_oldest();
        }
    }

    fn remove(&self, camera_id: &CameraId) {
        let removed = write(self.shard(camera_id)).remove(camera_id);
        let freed = removed.map_or(0, |segments| {
            segments.iter().map(|s| len_of(&s.bytes)).sum()
        });
        self.adjust(0, freed);
    }

    /// Drops expired segments and cameras left with none.
    fn prune(&self, now: DateTime<Utc>) {
        let mut freed = 0;
        for shard in &self.shards {
            write(shard).retain(|_, segments| {
                segments.retain(|segment| {
                    let fresh = now.signed_duration_since(segment.stored_at) < HOT_SEGMENT_TTL;
                    if !fresh {
                        freed += len_of(&segment.bytes);
                    }
                    fresh
                });
                !segments.is_empty()
            });
        }
        self.adjust(0, freed);
    }

    /// Over the byte budget: the oldest stored segments across cameras go first, down to
    /// nine tenths of the budget.
    fn evict_oldest(&self) {
        let Ok(_running) = self.evicting.try_lock() else {
            return;
        };
        let mut stamps: Vec<(DateTime<Utc>, u64)> = Vec::new();
        for shard in &self.shards {
            for segments in read(shard).values() {
                stamps.extend(segments.iter().map(|s| (s.stored_at, len_of(&s.bytes))));
            }
        }
        stamps.sort_unstable_by_key(|(stored_at, _)| *stored_at);
        let target = HOT_SEGMENTS_MAX_BYTES / 10 * 9;
        let mut total = self.bytes();
        let mut cutoff = None;
        for (stored_at, len) in stamps {
            if total <= target {
                break;
            }
            total = total.saturating_sub(len);
            cutoff = Some(stored_at);
        }
        let Some(cutoff) = cutoff else {
            return;
        };
        let mut freed = 0;
        for shard in &self.shards {
            write(shard).retain(|_, segments| {
                segments.retain(|segment| {
                    let keep = segment.stored_at > cutoff;
                    if !keep {
                        freed += len_of(&segment.bytes);
                    }
                    keep
                });
                !segments.is_empty()
            });
        }
        self.adjust(0, freed);
    }

    fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Acquire)
    }

    fn adjust(&self, added: u64, removed: u64) {
        if added >= removed {
            self.bytes.fetch_add(added - removed, Ordering::AcqRel);
        } else {
            self.bytes.fetch_sub(removed - added, Ordering::AcqRel);
        }
    }
}

fn len_of(bytes: &Bytes) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

/// The memories hold plain data that every critical section leaves consistent.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::TimeZone;

    fn at(millis: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap() + TimeDelta::milliseconds(millis)
    }

    fn name(sequence: u64) -> SegmentName {
        SegmentName::parse(&format!("segment_{sequence:05}.ts")).unwrap()
    }

    #[test]
    fn hot_segments_keep_the_newest_few_per_camera_for_a_short_while() {
        let hot = HotSegments::new();
        let camera = CameraId::new("c");
        for sequence in 0..10 {
            hot.insert(&camera, name(sequence), Bytes::from(vec![1; 10]), at(0));
        }
        assert_eq!(hot.bytes(), 10 * 6);
        assert!(hot.get(&camera, name(3), at(0)).is_none(), "pushed out");
        assert!(hot.get(&camera, name(9), at(0)).is_some());
        assert!(hot.get(&camera, name(9), at(15_000)).is_none(), "expired");
        hot.prune(at(15_000));
        assert_eq!(hot.bytes(), 0);
    }

    /// A shared store in a map, counting reads.
    #[derive(Default)]
    struct FakeShared {
        segments: Mutex<HashMap<(CameraId, SegmentName), Bytes>>,
        playlists: Mutex<HashMap<CameraId, SharedPlaylist>>,
        reads: AtomicU64,
        dropped: Mutex<Vec<CameraId>>,
    }

    #[async_trait::async_trait]
    impl SharedLiveStore for FakeShared {
        async fn put_segment(
            &self,
            camera_id: &CameraId,
            name: SegmentName,
            bytes: Bytes,
            _: DateTime<Utc>,
        ) -> Result<usize, SharedLiveError> {
            let mut segments = lock(&self.segments);
            segments.insert((camera_id.clone(), name), bytes);
            Ok(segments.len())
        }

        async fn segment(
            &self,
            camera_id: &CameraId,
            name: SegmentName,
        ) -> Result<Option<Bytes>, SharedLiveError> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            Ok(lock(&self.segments)
                .get(&(camera_id.clone(), name))
                .cloned())
        }

        async fn newest_segments(
            &self,
            camera_id: &CameraId,
            count: usize,
        ) -> Result<Option<Vec<(SegmentName, Bytes)>>, SharedLiveError> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            let mut found: Vec<(SegmentName, Bytes)> = lock(&self.segments)
                .iter()
                .filter(|((camera, _), _)| camera == camera_id)
                .map(|((_, name), bytes)| (*name, bytes.clone()))
                .collect();
            if found.is_empty() {
                return Ok(None);
            }
            found.sort_by_key(|(name, _)| name.sequence());
            Ok(Some(found.split_off(found.len().saturating_sub(count))))
        }

        async fn put_playlist(
            &self,
            camera_id: &CameraId,
            body: Bytes,
            now: DateTime<Utc>,
        ) -> Result<(), SharedLiveError> {
            let playlist = SharedPlaylist {
                playlist: sentinel_ports::driven::live::CachedPlaylist {
                    body,
                    pushed_at: now,
                },
                largest_segment_bytes: None,
            };
            lock(&self.playlists).insert(camera_id.clone(), playlist);
            Ok(())
        }

        async fn playlist(
            &self,
            camera_id: &CameraId,
        ) -> Result<Option<SharedPlaylist>, SharedLiveError> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            Ok(lock(&self.playlists).get(camera_id).cloned())
        }

        async fn drop_camera(&self, camera_id: &CameraId) -> Result<(), SharedLiveError> {
            lock(&self.dropped).push(camera_id.clone());
            Ok(())
        }

        async fn stats(&self) -> Result<SharedLiveStats, SharedLiveError> {
            Ok(SharedLiveStats::default())
        }
    }

    #[tokio::test]
    async fn a_fetched_segment_is_served_hot_until_it_expires() {
        let store = Arc::new(FakeShared::default());
        let tier = SharedTier::new(store.clone());
        let camera = CameraId::new("c");
        store
            .put_segment(&camera, name(1), Bytes::from_static(b"ts"), at(0))
            .await
            .unwrap();
        assert_eq!(tier.hot_segment(&camera, name(1), at(0)), None);
        let fetch = SharedFetch::Segment {
            camera_id: camera.clone(),
            name: name(1),
        };
        assert!(tier.fetch(&fetch, at(0)).await.unwrap());
        assert_eq!(
            tier.hot_segment(&camera, name(1), at(1_000)),
            Some(Bytes::from_static(b"ts"))
        );
        assert_eq!(tier.hot_segment(&camera, name(1), at(15_000)), None);
        let missing = SharedFetch::Segment {
            camera_id: camera.clone(),
            name: name(2),
        };
        assert!(!tier.fetch(&missing, at(0)).await.unwrap());
        let counts = tier.counts();
        assert_eq!(
            (counts.hot_hits, counts.shared_reads, counts.shared_misses),
            (1, 2, 1)
        );
    }

    #[tokio::test]
    async fn newest_segments_are_read_from_the_shared_store_and_counted() {
        let store = Arc::new(FakeShared::default());
        let tier = SharedTier::new(store.clone());
        let camera = CameraId::new("c");
        assert_eq!(tier.newest_segments(&camera, 2).await.unwrap(), None);
        for sequence in 1..=3 {
            store
                .put_segment(&camera, name(sequence), Bytes::from(vec![1; 4]), at(0))
                .await
                .unwrap();
        }
        let newest = tier.newest_segments(&camera, 2).await.unwrap().unwrap();
        assert_eq!(
            newest.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
            vec![name(2), name(3)]
        );
        let counts = tier.counts();
        assert_eq!((counts.shared_reads, counts.shared_misses), (2, 1));
        assert_eq!(
            counts.hot_bytes, 0,
            "a clip read does not fill the hot memory"
        );
    }

    #[tokio::test]
    async fn a_playlist_memo_lives_half_a_second() {
        let store = Arc::new(FakeShared::default());
        let tier = SharedTier::new(store.clone());
        let camera = CameraId::new("c");
        tier.put_playlist(&camera, Bytes::from_static(b"one"), at(0), Some(7))
            .await
            .unwrap();
        let memo = tier.memo_playlist(&camera, at(499)).unwrap();
        assert_eq!(
            (memo.playlist.body, memo.largest_segment_bytes),
            (Bytes::from_static(b"one"), Some(7))
        );
        assert_eq!(tier.memo_playlist(&camera, at(500)), None);
        store
            .put_playlist(&camera, Bytes::from_static(b"two"), at(600))
            .await
            .unwrap();
        let fetch = SharedFetch::Playlist {
            camera_id: camera.clone(),
        };
        assert!(tier.fetch(&fetch, at(600)).await.unwrap());
        let memo = tier.memo_playlist(&camera, at(700)).unwrap();
        assert_eq!(memo.playlist.body, Bytes::from_static(b"two"));
    }

    #[tokio::test]
    async fn dropping_a_camera_forgets_it_here_and_in_the_shared_store() {
        let store = Arc::new(FakeShared::default());
        let tier = SharedTier::new(store.clone());
        let camera = CameraId::new("c");
        tier.put_segment(&camera, name(1), Bytes::from_static(b"ts"), at(0))
            .await
            .unwrap();
        tier.put_playlist(&camera, Bytes::from_static(b"pl"), at(0), None)
            .await
            .unwrap();
        tier.drop_camera(&camera);
        assert_eq!(tier.hot_segment(&camera, name(1), at(0)), None);
        assert_eq!(tier.memo_playlist(&camera, at(0)), None);
        assert_eq!(tier.counts().hot_bytes, 0);
        for _ in 0..100 {
            if !lock(&store.dropped).is_empty() {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(*lock(&store.dropped), vec![camera]);
    }

    #[test]
    fn a_reinserted_name_replaces_its_bytes() {
        let hot = HotSegments::new();
        let camera = CameraId::new("c");
        hot.insert(&camera, name(1), Bytes::from_static(b"old run"), at(0));
        hot.insert(&camera, name(1), Bytes::from_static(b"new"), at(1));
        assert_eq!(
            hot.get(&camera, name(1), at(1)).unwrap(),
            Bytes::from_static(b"new")
        );
        assert_eq!(hot.bytes(), 3);
        hot.remove(&camera);
        assert_eq!(hot.bytes(), 0);
    }
}
