//! Segments and playlists per camera in process memory.
//!
//! Layout: cameras are spread over 16 shards (`RwLock<HashMap>` each) and every camera has
//! its own `RwLock`, so pushes and reads of different cameras never wait for each other;
//! a shard lock is held only to find (or add) a camera. Segment bytes are `Bytes`: a
//! response gets a reference-counted handle, never a copy. The global byte total is an
//! atomic adjusted inside the camera's critical section, so it always equals the sum of
//! the rings; the sweep verifies that with a recount.
//!
//! Lock order: shard → camera, and never two cameras at once except in the sweep's
//! recount (which holds no shard lock, and of which only one runs at a time). The global eviction is serialised by its own
//! mutex (a push that finds it busy leaves the work to the running one).

use bytes::Bytes;
use chrono::{DateTime, Utc};
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::{
    EvictionCandidate, MAX_CACHED_PLAYLISTS, STALE_CAMERA_AFTER, SegmentCacheLimits, SegmentName,
    SegmentRing, Slot, plan_global_eviction,
};
use sentinel_ports::driven::live::{CachedPlaylist, LiveStore, LiveStoreStats, SweepReport};
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError};

const SHARDS: usize = 16;

/// How many rounds one push may spend bringing the total under the cap (concurrent pushes
/// can refill it while a round runs).
const EVICTION_ROUNDS: usize = 3;

pub struct MemoryLiveStore {
    limits: SegmentCacheLimits,
    shards: Vec<RwLock<HashMap<CameraId, Arc<CameraCache>>>>,
    hasher: std::collections::hash_map::RandomState,
    total_bytes: AtomicU64,
    /// Segments dropped by either cap since start.
    evicted: AtomicU64,
    /// The "push time" eviction orders by: monotonic across cameras, never equal twice.
    push_clock: AtomicU64,
    evicting: Mutex<()>,
    /// One sweep at a time (its recount holds every camera at once).
    sweeping: Mutex<()>,
}

#[derive(Default)]
struct CameraCache {
    state: RwLock<CameraState>,
}

#[derive(Default)]
struct CameraState {
    ring: SegmentRing<Bytes>,
    playlist: Option<StoredPlaylist>,
    playlist_pushes: u64,
    /// Last segment or playlist push; the sweep drops cameras idle for a minute.
    last_push: Option<DateTime<Utc>>,
    /// Removed from its shard: its bytes are no longer counted and a push must look the
    /// camera up again.
    detached: bool,
}

struct StoredPlaylist {
    body: Bytes,
    pushed_at: DateTime<Utc>,
    order: u64,
}

impl MemoryLiveStore {
    pub fn new(limits: SegmentCacheLimits) -> Self {
        Self {
            limits,
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
            total_bytes: AtomicU64::new(0),
            evicted: AtomicU64::new(0),
            push_clock: AtomicU64::new(0),
            evicting: Mutex::new(()),
            sweeping: Mutex::new(()),
        }
    }

    /// The running byte total.
    pub fn byte_total(&self) -> u64 {
        self.total_bytes.load(Ordering::Acquire)
    }

    /// Every cached segment's length summed afresh (compare with [`Self::byte_total`]
    /// when nothing is pushing).
    pub fn recount_bytes(&self) -> u64 {
        self.all_cameras()
            .iter()
            .map(|(_, cache)| {
                let state = read(&cache.state);
                if state.detached {
                    0
                } else {
                    state.ring.recount_bytes()
                }
            })
            .sum()
    }

    fn shard(&self, camera_id: &CameraId) -> &RwLock<HashMap<CameraId, Arc<CameraCache>>> {
        let index = usize::try_from(self.hasher.hash_one(camera_id) % SHARDS as u64).unwrap_or(0);
        &self.shards[index]
    }

    fn camera(&self, camera_id: &CameraId) -> Option<Arc<CameraCache>> {
        read(self.shard(camera_id)).get(camera_id).cloned()
    }

    fn camera_or_insert(&self, camera_id: &CameraId) -> Arc<CameraCache> {
        if let Some(cache) = self.camera(camera_id) {
            return cache;
        }
        write(self.shard(camera_id))
            .entry(camera_id.clone())
            .or_default()
            .clone()
    }

    fn all_cameras(&self) -> Vec<(CameraId, Arc<CameraCache>)> {
        self.shards
            .iter()
            .flat_map(|shard| {
                read(shard)
                    .iter()
                    .map(|(id, cache)| (id.clone(), cache.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn next_push(&self) -> u64 {
        self.push_clock.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn add_bytes(&self, added: u64, removed: u64) {
        if added >= removed {
            self.total_bytes
                .fetch_add(added - removed, Ordering::AcqRel);
        } else {
            self.total_bytes
                .fetch_sub(removed - added, Ordering::AcqRel);
        }
    }

    /// The global cap: past `max_total_bytes`, evict the oldest pushes across all cameras
    /// down to the low-water mark. A push that finds an eviction running leaves the work to
    /// it; the runner looks at the total again after letting go, so nothing is left over
    /// the cap once pushes stop.
    fn enforce_byte_budget(&self) {
        let cap = self.limits.max_total_bytes;
        while self.byte_total() > cap {
            let running = match self.evicting.try_lock() {
                Ok(guard) => guard,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => return,
            };
            for _ in 0..EVICTION_ROUNDS {
                let total = self.byte_total();
                if total <= cap {
                    break;
                }
                if self.evict_oldest(total, cap) == 0 {
                    // Nothing left to evict: only a bookkeeping bug gets here; the sweep's
                    // recount corrects the total.
                    return;
                }
            }
            drop(running);
        }
    }

    /// One eviction round; returns how many segments went.
    fn evict_oldest(&self, total: u64, cap: u64) -> usize {
        let cameras = self.all_cameras();
        let mut candidates = Vec::new();
        for (index, (_, cache)) in cameras.iter().enumerate() {
            let state = read(&cache.state);
            if state.detached {
                continue;
            }
            candidates.extend(state.ring.slots().map(|slot| EvictionCandidate {
                pushed: slot.pushed(),
                bytes: slot_bytes(slot),
                key: (index, slot.name()),
            }));
        }
        let mut chosen = plan_global_eviction(total, cap, candidates);
        chosen.sort_unstable_by_key(|candidate| candidate.key.0);
        let mut freed = Vec::with_capacity(chosen.len());
        for group in chosen.chunk_by(|a, b| a.key.0 == b.key.0) {
            let Some((_, cache)) = group.first().and_then(|c| cameras.get(c.key.0)) else {
                continue;
            };
            let mut state = write(&cache.state);
            if state.detached {
                continue;
            }
            for candidate in group {
                if let Some(slot) = state.ring.remove_push(candidate.key.1, candidate.pushed) {
                    self.add_bytes(0, slot_bytes(&slot));
                    freed.push(slot);
                }
            }
        }
        self.count_evicted(freed.len());
        freed.len()
    }

    fn count_evicted(&self, segments: usize) {
        if segments > 0 {
            self.evicted.fetch_add(
                u64::try_from(segments).unwrap_or(u64::MAX),
                Ordering::Relaxed,
            );
        }
    }

    /// Detaches and removes every camera `idle` says to drop; returns their ids. Payloads
    /// are freed after the locks are released.
    fn drop_cameras_where(&self, idle: impl Fn(&CameraState) -> bool) -> Vec<CameraId> {
        let mut dropped = Vec::new();
        let mut freed = Vec::new();
        for shard in &self.shards {
            write(shard).retain(|camera_id, cache| {
                let mut state = write(&cache.state);
                if !idle(&state) {
                    return true;
                }
                freed.push(self.detach(&mut state));
                dropped.push(camera_id.clone());
                false
            });
        }
        drop(freed);
        dropped
    }

    fn detach(&self, state: &mut CameraState) -> (Vec<Slot<Bytes>>, Option<StoredPlaylist>) {
        state.detached = true;
        let slots = state.ring.drain();
        self.add_bytes(0, slots.iter().map(slot_bytes).sum());
        (slots, state.playlist.take())
    }

    /// Keeps the newest [`MAX_CACHED_PLAYLISTS`] playlists; returns how many were dropped.
    fn cap_playlists(&self) -> usize {
        let mut playlists: Vec<(u64, Arc<CameraCache>)> = self
            .all_cameras()
            .into_iter()
            .filter_map(|(_, cache)| {
                let order = read(&cache.state).playlist.as_ref().map(|p| p.order)?;
                Some((order, cache))
            })
            .collect();
        let excess = playlists.len().saturating_sub(MAX_CACHED_PLAYLISTS);
        if excess == 0 {
            return 0;
        }
        playlists.sort_unstable_by_key(|(order, _)| *order);
        let mut dropped = 0;
        for (order, cache) in playlists.into_iter().take(excess) {
            let mut state = write(&cache.state);
            if state.playlist.as_ref().is_some_and(|p| p.order == order) {
                state.playlist = None;
                dropped += 1;
            }
        }
        dropped
    }

    /// Recounts every ring with all cameras held at once (no push can move bytes
    /// meanwhile), corrects the running total and returns `total - recount`.
    fn recount_and_correct(&self) -> i64 {
        let cameras = self.all_cameras();
        let guards: Vec<RwLockWriteGuard<'_, CameraState>> = cameras
            .iter()
            .map(|(_, cache)| write(&cache.state))
            .collect();
        let recount: u64 = guards
            .iter()
            .filter(|state| !state.detached)
            .map(|state| state.ring.recount_bytes())
            .sum();
        let total = self.total_bytes.swap(recount, Ordering::AcqRel);
        drop(guards);
        i64::try_from(i128::from(total) - i128::from(recount)).unwrap_or(i64::MAX)
    }
}

impl LiveStore for MemoryLiveStore {
    fn put_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        bytes: Bytes,
        now: DateTime<Utc>,
    ) -> usize {
        let pushed = self.next_push();
        let (count, outcome) = loop {
            let cache = self.camera_or_insert(camera_id);
            let mut state = write(&cache.state);
            if state.detached {
                continue;
            }
            let outcome = state
                .ring
                .push(name, bytes, pushed, self.limits.per_camera());
            self.add_bytes(outcome.added_bytes, outcome.removed_bytes);
            state.last_push = Some(now);
            break (state.ring.len(), outcome);
        };
        self.count_evicted(outcome.evicted.len());
        drop(outcome);
        self.enforce_byte_budget();
        count
    }

    fn segment(&self, camera_id: &CameraId, name: SegmentName) -> Option<Bytes> {
        let cache = self.camera(camera_id)?;
        read(&cache.state).ring.get(name).cloned()
    }

    fn newest_segments(
        &self,
        camera_id: &CameraId,
        count: usize,
    ) -> Option<Vec<(SegmentName, Bytes)>> {
        let cache = self.camera(camera_id)?;
        let state = read(&cache.state);
        if state.ring.is_empty() {
            return None;
        }
        Some(
            state
                .ring
                .newest(count)
                .map(|slot| (slot.name(), slot.payload().clone()))
                .collect(),
        )
    }

    fn largest_segment_bytes(&self, camera_id: &CameraId) -> Option<u64> {
        let cache = self.camera(camera_id)?;
        read(&cache.state).ring.largest_segment_bytes()
    }

    fn put_playlist(&self, camera_id: &CameraId, body: Bytes, now: DateTime<Utc>) -> u64 {
        let order = self.next_push();
        loop {
            let cache = self.camera_or_insert(camera_id);
            let mut state = write(&cache.state);
            if state.detached {
                continue;
            }
            state.playlist = Some(StoredPlaylist {
                body,
                pushed_at: now,
                order,
            });
            state.playlist_pushes += 1;
            state.last_push = Some(now);
            return state.playlist_pushes;
        }
    }

    fn playlist(&self, camera_id: &CameraId) -> Option<CachedPlaylist> {
        let cache = self.camera(camera_id)?;
        let state = read(&cache.state);
        state.playlist.as_ref().map(|playlist| CachedPlaylist {
            body: playlist.body.clone(),
            pushed_at: playlist.pushed_at,
        })
    }

    fn sweep(&self, now: DateTime<Utc>) -> SweepReport {
        let _one_at_a_time = self.sweeping.lock().unwrap_or_else(PoisonError::into_inner);
        let stale_before = now - STALE_CAMERA_AFTER;
        let dropped_cameras =
            self.drop_cameras_where(|state| state.last_push.is_none_or(|at| at < stale_before));
        let dropped_playlists = self.cap_playlists();
        let byte_drift = self.recount_and_correct();
        SweepReport {
            dropped_cameras,
            dropped_playlists,
            byte_drift,
        }
    }

    fn drop_idle_cameras(&self, idle_since: DateTime<Utc>) -> Vec<CameraId> {
        self.drop_cameras_where(|state| state.last_push.is_none_or(|at| at < idle_since))
    }

    fn drop_camera(&self, camera_id: &CameraId) {
        let removed = write(self.shard(camera_id)).remove(camera_id);
        if let Some(cache) = removed {
            let freed = self.detach(&mut write(&cache.state));
            drop(freed);
        }
    }

    fn stats(&self) -> LiveStoreStats {
        let mut stats = LiveStoreStats {
            bytes: self.byte_total(),
            evicted_segments: self.evicted.load(Ordering::Relaxed),
            ..LiveStoreStats::default()
        };
        for (_, cache) in self.all_cameras() {
            let state = read(&cache.state);
            if state.detached {
                continue;
            }
            let segments = u64::try_from(state.ring.len()).unwrap_or(u64::MAX);
            stats.segments += segments;
            stats.segment_cameras += u64::from(segments > 0);
            stats.playlists += u64::from(state.playlist.is_some());
        }
        stats
    }
}

fn slot_bytes(slot: &Slot<Bytes>) -> u64 {
    u64::try_from(slot.payload().len()).unwrap_or(u64::MAX)
}

/// A poisoned lock still holds consistent data here (every critical section either
/// completes its bookkeeping or panics before touching shared state), so keep going.
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
