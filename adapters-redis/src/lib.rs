//! Redis-backed adapters, used when `REDIS_URL` is set: rate-limit counters shared by
//! every instance (later: cross-instance event fan-out).

mod rate_limit;

pub use rate_limit::RedisRateLimitStore;

#[derive(Debug, thiserror::Error)]
pub enum RedisAdapterError {
    #[error("invalid REDIS_URL: {0}")]
    InvalidUrl(String),
    #[error("cannot connect to Redis: {0}")]
    Connect(String),
}
