//! Fixed windows in process memory, for a single instance.

use async_trait::async_trait;
use sentinel_ports::driven::rate_limit::{RateLimitStore, RateLimitStoreError, WindowCount};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Expired windows are swept once the map grows past this many keys.
const SWEEP_AFTER_KEYS: usize = 10_000;

#[derive(Debug, Default)]
pub struct MemoryRateLimitStore {
    windows: Mutex<HashMap<String, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    resets_at: Instant,
    count: u64,
}

impl MemoryRateLimitStore {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl RateLimitStore for MemoryRateLimitStore {
    async fn hit(
        &self,
        key: &str,
        window_seconds: u64,
    ) -> Result<WindowCount, RateLimitStoreError> {
        let now = Instant::now();
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| RateLimitStoreError("rate-limit map poisoned".into()))?;
        if windows.len() > SWEEP_AFTER_KEYS {
            windows.retain(|_, window| window.resets_at > now);
        }
        let window = windows.entry(key.to_owned()).or_insert(Window {
            resets_at: now + Duration::from_secs(window_seconds),
            count: 0,
        });
        if window.resets_at <= now {
            *window = Window {
                resets_at: now + Duration::from_secs(window_seconds),
                count: 0,
            };
        }
        window.count += 1;
        Ok(WindowCount {
            count: window.count,
            resets_in_seconds: window.resets_at.saturating_duration_since(now).as_secs(),
        })
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
}
