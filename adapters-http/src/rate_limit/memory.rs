//! Fixed windows in process memory, for a single instance.
//!
//! Anyone can choose the keys (an IP, a key-shaped header), so every hit costs the same
//! however many keys exist: the map is split into shards with a lock each, expired windows
//! leave in the order they expire (a queue per window length, a few pops per hit, never a
//! scan), and a full shard gives up its oldest window to make room. Dropping a window only
//! ever forgets a count, so a flood of new keys can make the limiter forget, never refuse
//! someone it would have let through.

use async_trait::async_trait;
use sentinel_ports::driven::rate_limit::{RateLimitStore, RateLimitStoreError, WindowCount};
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SHARDS: usize = 32;
/// Windows kept in all, across shards (about 100 bytes each).
pub const MAX_WINDOWS: usize = 131_072;
/// Expired windows removed per hit at most: enough to keep ahead of the rate new
/// windows can be opened, small enough to keep every hit cheap.
const EXPIRED_PER_HIT: usize = 8;

#[derive(Debug)]
pub struct MemoryRateLimitStore {
    shards: Box<[Mutex<Shard>]>,
    per_shard: usize,
    hasher: RandomState,
}

impl Default for MemoryRateLimitStore {
    fn default() -> Self {
        Self::with_capacity(MAX_WINDOWS)
    }
}

#[derive(Debug, Default)]
struct Shard {
    windows: HashMap<Arc<str>, Window>,
    /// Per window length, windows in the order they reset (the clock only moves forward,
    /// so each queue is sorted). An entry whose window was reset since is stale and skipped.
    expiries: Vec<(u64, ExpiryQueue)>,
}

/// Windows of one length, oldest reset first: when each resets, and whose it is.
type ExpiryQueue = VecDeque<(Instant, Arc<str>)>;

#[derive(Debug, Clone, Copy)]
struct Window {
    resets_at: Instant,
    count: u64,
}

impl MemoryRateLimitStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding at most `capacity` windows (rounded up to a multiple of the shards).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            per_shard: capacity.div_ceil(SHARDS).max(1),
            hasher: RandomState::new(),
        }
    }

    /// Windows held now (expired ones not yet removed included).
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|shard| shard.lock().map_or(0, |shard| shard.windows.len()))
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counts one event for `key` now; its count in the current window.
    pub fn record(&self, key: &str, window_seconds: u64) -> u64 {
        self.count(key, window_seconds, Instant::now())
            .map_or(0, |window| window.count)
    }

    /// `key`'s count in its current window, without counting.
    pub fn current(&self, key: &str) -> u64 {
        let now = Instant::now();
        self.shards[self.shard_of(key)].lock().map_or(0, |shard| {
            shard
                .windows
                .get(key)
                .filter(|window| window.resets_at > now)
                .map_or(0, |window| window.count)
        })
    }

    fn shard_of(&self, key: &str) -> usize {
        usize::try_from(self.hasher.hash_one(key)).unwrap_or(0) % SHARDS
    }

    fn count(
        &self,
        key: &str,
        window_seconds: u64,
        now: Instant,
    ) -> Result<WindowCount, RateLimitStoreError> {
        let mut shard = self.shards[self.shard_of(key)]
            .lock()
            .map_err(|_| RateLimitStoreError("rate-limit shard poisoned".into()))?;
        shard.remove_expired(now, EXPIRED_PER_HIT);
        let open = shard
            .windows
            .get_mut(key)
            .filter(|window| window.resets_at > now);
        let window = if let Some(window) = open {
            window.count += 1;
            *window
        } else {
            let resets_at = now + Duration::from_secs(window_seconds);
            shard.open(key, resets_at, window_seconds, self.per_shard)
        };
        Ok(WindowCount {
            count: window.count,
            resets_in_seconds: window.resets_at.saturating_duration_since(now).as_secs(),
        })
    }
}

impl Shard {
    /// Starts `key`'s window (new, or replacing an expired one) with a count of one.
    fn open(&mut self, key: &str, resets_at: Instant, length: u64, capacity: usize) -> Window {
        let window = Window {
            resets_at,
            count: 1,
        };
        let key: Arc<str> = match self.windows.get_key_value(key) {
            Some((held, _)) => held.clone(),
            None => {
                while self.windows.len() >= capacity && self.evict_oldest() {}
                Arc::from(key)
            }
        };
        self.windows.insert(key.clone(), window);
        self.queue(length).push_back((resets_at, key));
        window
    }

    fn queue(&mut self, length: u64) -> &mut ExpiryQueue {
        let at = match self.expiries.iter().position(|(l, _)| *l == length) {
            Some(at) => at,
            None => {
                self.expiries.push((length, VecDeque::new()));
                self.expiries.len() - 1
            }
        };
        &mut self.expiries[at].1
    }

    /// Removes up to `budget` windows that have reset by `now`.
    fn remove_expired(&mut self, now: Instant, mut budget: usize) {
        for (_, queue) in &mut self.expiries {
            while budget > 0 && queue.front().is_some_and(|(at, _)| *at <= now) {
                if let Some((at, key)) = queue.pop_front() {
                    remove_if_current(&mut self.windows, &key, at);
                }
                budget -= 1;
            }
        }
    }

    /// Drops the window that resets first, whatever its length; `false` when none is left.
    fn evict_oldest(&mut self) -> bool {
        loop {
            let oldest = self
                .expiries
                .iter_mut()
                .filter_map(|(_, queue)| queue.front().map(|(at, _)| *at).zip(Some(queue)))
                .min_by_key(|(at, _)| *at)
                .and_then(|(_, queue)| queue.pop_front());
            let Some((at, key)) = oldest else {
                return false;
            };
            if remove_if_current(&mut self.windows, &key, at) {
                return true;
            }
        }
    }
}

/// Removes `key`'s window if it is the one queued to reset at `at` (not a newer one).
fn remove_if_current(windows: &mut HashMap<Arc<str>, Window>, key: &str, at: Instant) -> bool {
    let current = windows
        .get(key)
        .is_some_and(|window| window.resets_at == at);
    if current {
        windows.remove(key);
    }
    current
}

#[async_trait]
impl RateLimitStore for MemoryRateLimitStore {
    async fn hit(
        &self,
        key: &str,
        window_seconds: u64,
    ) -> Result<WindowCount, RateLimitStoreError> {
        self.count(key, window_seconds, Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_within_a_window_per_key() {
        let store = MemoryRateLimitStore::new();
        assert_eq!(store.hit("a", 60).await.unwrap().count, 1);
        assert_eq!(store.hit("a", 60).await.unwrap().count, 2);
        assert_eq!(store.hit("b", 60).await.unwrap().count, 1);
    }

    #[tokio::test]
    async fn a_new_window_starts_from_zero() {
        let store = MemoryRateLimitStore::new();
        store.hit("a", 0).await.unwrap();
        assert_eq!(store.hit("a", 0).await.unwrap().count, 1);
    }

    #[test]
    fn expired_windows_leave_without_a_scan() {
        let store = MemoryRateLimitStore::with_capacity(1_000_000);
        let start = Instant::now();
        for n in 0..10_000 {
            store.count(&format!("k{n}"), 60, start).unwrap();
        }
        assert_eq!(store.len(), 10_000);
        // Each later hit removes a few expired windows of its own shard; enough hits remove
        // them all. Keys spread over the shards by a per-process hash, so the hits are
        // many enough (~125 a shard, each removing up to 8) for the fullest shard's ~370
        // expired windows whatever the spread.
        let later = start + Duration::from_secs(61);
        for n in 0..4_000 {
            store.count(&format!("fresh{n}"), 60, later).unwrap();
        }
        assert_eq!(store.len(), 4_000, "every expired window is gone");
    }

    #[test]
    fn a_flood_of_new_keys_stays_within_capacity_and_forgets_what_resets_first() {
        let store = MemoryRateLimitStore::with_capacity(SHARDS * 100);
        let start = Instant::now();
        for _ in 0..5 {
            store.count("hourly", 3_600, start).unwrap();
            store.count("minutely", 60, start).unwrap();
        }
        for n in 0..100_000 {
            let at = start + Duration::from_micros(n);
            store.count(&format!("flood{n}"), 60, at).unwrap();
        }
        assert!(store.len() <= SHARDS * 100, "{} windows", store.len());
        let later = start + Duration::from_secs(1);
        // A full shard gives up the window that would reset first: the flood's own
        // minute windows and the older minute window, never the hour window.
        assert_eq!(store.count("hourly", 3_600, later).unwrap().count, 6);
        assert_eq!(
            store.count("minutely", 60, later).unwrap().count,
            1,
            "forgotten, so counted afresh (the limiter forgets; it never refuses more)"
        );
    }

    #[test]
    fn windows_of_different_lengths_expire_independently() {
        let store = MemoryRateLimitStore::with_capacity(1_000);
        let start = Instant::now();
        store.count("hour", 3_600, start).unwrap();
        store.count("minute", 60, start).unwrap();
        let later = start + Duration::from_secs(61);
        store.count("other", 60, later).unwrap();
        assert_eq!(store.count("hour", 3_600, later).unwrap().count, 2);
        assert_eq!(store.count("minute", 60, later).unwrap().count, 1);
    }

    #[test]
    fn a_reset_window_is_not_removed_by_its_stale_expiry() {
        let store = MemoryRateLimitStore::with_capacity(1_000);
        let start = Instant::now();
        store.count("a", 60, start).unwrap();
        // Reopened after expiry, before any sweep removed it.
        let reopened = start + Duration::from_secs(61);
        store.count("a", 60, reopened).unwrap();
        // The sweep reaches the stale entry of the first window: the new one stays.
        store
            .count("b", 60, reopened + Duration::from_secs(1))
            .unwrap();
        let count = store
            .count("a", 60, reopened + Duration::from_secs(2))
            .unwrap();
        assert_eq!(count.count, 2);
    }
}
