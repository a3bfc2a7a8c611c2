//! Fixed-window counters behind the rate-limit middleware: in memory or in Redis.

use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
#[error("rate-limit store unavailable: {0}")]
pub struct RateLimitStoreError(pub String);

#[async_trait]
pub trait RateLimitStore: Send + Sync {
    /// Adds one hit to `key`'s window of `window_seconds` and returns the count in that
    /// window including this hit, and the seconds until the window resets.
    async fn hit(&self, key: &str, window_seconds: u64)
    -> Result<WindowCount, RateLimitStoreError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowCount {
    pub count: u64,
    pub resets_in_seconds: u64,
}
