//! Fixed windows as `INCR` + `EXPIRE NX`: one round trip, atomic per key, shared by all
//! instances.

use crate::RedisAdapterError;
use async_trait::async_trait;
use redis::aio::ConnectionManager;
use sentinel_ports::driven::rate_limit::{RateLimitStore, RateLimitStoreError, WindowCount};

const KEY_PREFIX: &str = "sentinel:rl:";

#[derive(Clone)]
pub struct RedisRateLimitStore {
    connection: ConnectionManager,
}

impl RedisRateLimitStore {
    /// Connects once; the connection manager reconnects by itself afterwards.
    pub async fn connect(url: &str) -> Result<Self, RedisAdapterError> {
        let client =
            redis::Client::open(url).map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let connection = ConnectionManager::new(client)
            .await
            .map_err(|e| RedisAdapterError::Connect(e.to_string()))?;
        Ok(Self { connection })
    }
}

#[async_trait]
impl RateLimitStore for RedisRateLimitStore {
    async fn hit(
        &self,
        key: &str,
        window_seconds: u64,
    ) -> Result<WindowCount, RateLimitStoreError> {
        let redis_key = format!("{KEY_PREFIX}{window_seconds}:{key}");
        let mut connection = self.connection.clone();
        let (count, ttl): (u64, i64) = redis::pipe()
            .atomic()
            .incr(&redis_key, 1u64)
            .cmd("EXPIRE")
            .arg(&redis_key)
            .arg(window_seconds)
            .arg("NX")
            .ignore()
            .ttl(&redis_key)
            .query_async(&mut connection)
            .await
            .map_err(|e| RateLimitStoreError(e.to_string()))?;
        let resets_in_seconds = u64::try_from(ttl).unwrap_or(window_seconds);
        Ok(WindowCount {
            count,
            resets_in_seconds,
        })
    }
}
