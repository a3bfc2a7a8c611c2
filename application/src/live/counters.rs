//! What the live path has done since start, for `/metrics`: pushes, serves, bytes served,
//! and the audience (distinct viewer and camera pairs fetching segments lately). Counting
//! costs an atomic add per request; the audience takes a shared lock and, once per viewer
//! and camera, an exclusive one. The audience is keyed by a hash of the pair, so a segment
//! GET allocates nothing here (a rare collision only undercounts the gauge).

use chrono::{DateTime, TimeDelta, Utc};
use sentinel_domain::ids::{CameraId, UserId};
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};

/// A viewer counts as watching a camera this long after its last segment.
pub const WATCHING_WINDOW: TimeDelta = TimeDelta::seconds(30);
/// Audience entries older than this are dropped by the sweep.
const FORGET_AFTER: TimeDelta = TimeDelta::minutes(5);

/// The counters' values at one instant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveCounts {
    pub segments_pushed: u64,
    pub segments_served: u64,
    pub segment_bytes_served: u64,
    pub playlists_served: u64,
    /// Lines dropped from pushed playlists for naming something other than our segments.
    pub playlist_lines_dropped: u64,
    /// Viewer and camera pairs with a segment inside [`WATCHING_WINDOW`].
    pub viewers: u64,
}

#[derive(Default)]
pub struct LiveCounters {
    segments_pushed: AtomicU64,
    segments_served: AtomicU64,
    segment_bytes_served: AtomicU64,
    playlists_served: AtomicU64,
    playlist_lines_dropped: AtomicU64,
    audience: RwLock<HashMap<u64, AtomicI64>>,
    hasher: RandomState,
}

impl LiveCounters {
    pub fn segment_pushed(&self) {
        self.segments_pushed.fetch_add(1, Ordering::Relaxed);
    }

    pub fn playlist_served(&self) {
        self.playlists_served.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts lines a playlist rewrite dropped; the total before this push.
    pub fn playlist_lines_dropped(&self, lines: usize) -> u64 {
        self.playlist_lines_dropped
            .fetch_add(u64::try_from(lines).unwrap_or(u64::MAX), Ordering::Relaxed)
    }

    pub fn segment_served(
        &self,
        user: &UserId,
        camera: &CameraId,
        bytes: usize,
        now: DateTime<Utc>,
    ) {
        self.segments_served.fetch_add(1, Ordering::Relaxed);
        self.segment_bytes_served
            .fetch_add(u64::try_from(bytes).unwrap_or(u64::MAX), Ordering::Relaxed);
        let second = now.timestamp();
        let key = self.hasher.hash_one((user, camera));
        {
            let audience = self.audience.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(seen) = audience.get(&key) {
                seen.fetch_max(second, Ordering::Relaxed);
                return;
            }
        }
        self.audience
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert_with(|| AtomicI64::new(second))
            .fetch_max(second, Ordering::Relaxed);
    }

    pub fn counts(&self, now: DateTime<Utc>) -> LiveCounts {
        let since = (now - WATCHING_WINDOW).timestamp();
        let viewers = self
            .audience
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .filter(|seen| seen.load(Ordering::Relaxed) >= since)
            .count();
        LiveCounts {
            segments_pushed: self.segments_pushed.load(Ordering::Relaxed),
            segments_served: self.segments_served.load(Ordering::Relaxed),
            segment_bytes_served: self.segment_bytes_served.load(Ordering::Relaxed),
            playlists_served: self.playlists_served.load(Ordering::Relaxed),
            playlist_lines_dropped: self.playlist_lines_dropped.load(Ordering::Relaxed),
            viewers: u64::try_from(viewers).unwrap_or(u64::MAX),
        }
    }

    /// Forgets viewers gone for five minutes (bounded memory).
    pub fn prune(&self, now: DateTime<Utc>) {
        let before = (now - FORGET_AFTER).timestamp();
        self.audience
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, seen| seen.load(Ordering::Relaxed) >= before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn counts_serves_bytes_and_distinct_recent_viewers() {
        let counters = LiveCounters::default();
        let (alice, bob) = (UserId::new("alice"), UserId::new("bob"));
        let (front, back) = (CameraId::new("n_front"), CameraId::new("n_back"));
        counters.segment_pushed();
        counters.playlist_served();
        counters.segment_served(&alice, &front, 1_000, at(0));
        counters.segment_served(&alice, &front, 1_000, at(1));
        counters.segment_served(&alice, &back, 500, at(2));
        counters.segment_served(&bob, &front, 500, at(3));
        let counts = counters.counts(at(10));
        assert_eq!(counts.segments_pushed, 1);
        assert_eq!(counts.playlists_served, 1);
        assert_eq!(counts.segments_served, 4);
        assert_eq!(counts.segment_bytes_served, 3_000);
        assert_eq!(counts.viewers, 3, "alice twice on one camera counts once");
        // Bob stops; Alice keeps watching the front camera.
        counters.segment_served(&alice, &front, 1_000, at(40));
        assert_eq!(counters.counts(at(40)).viewers, 1);
    }

    #[test]
    fn prune_forgets_viewers_gone_for_five_minutes() {
        let counters = LiveCounters::default();
        counters.segment_served(&UserId::new("a"), &CameraId::new("c"), 1, at(0));
        counters.segment_served(&UserId::new("b"), &CameraId::new("c"), 1, at(200));
        counters.prune(at(301));
        assert_eq!(counters.audience.read().unwrap().len(), 1);
        assert_eq!(counters.counts(at(301)).segments_served, 2, "totals stay");
    }
}
