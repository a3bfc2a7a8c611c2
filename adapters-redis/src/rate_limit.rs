//! Fixed windows as `INCR` + `EXPIRE NX`: one round trip, atomic per key, shared by all
//! instances.

use crate::RedisAdapterError;
use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sentinel_ports::driven::rate_limit::{RateLimitStore, RateLimitStoreError, WindowCount};
use std::time::Duration;

const KEY_PREFIX: &str = "sentinel:rl:";

/// How long one counter update may take before the limiter gives up on Redis (and the
/// request goes through, fail-open). Without a bound, a vanished Redis made every
/// rate-limited request wait on the reconnect loop indefinitely.
const STORE_TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct RedisRateLimitStore {
    connection: ConnectionManager,
}

impl RedisRateLimitStore {
    /// Connects once; the connection manager reconnects by itself afterwards.
    pub async fn connect(url: &str) -> Result<Self, RedisAdapterError> {
        let client =
            redis::Client::open(url).map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(STORE_TIMEOUT))
            .set_response_timeout(Some(STORE_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connection = ConnectionManager::new_with_config(client, config)
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
        let mut pipe = redis::pipe();
        pipe.atomic()
            .incr(&redis_key, 1u64)
            .cmd("EXPIRE")
            .arg(&redis_key)
            .arg(window_seconds)
            .arg("NX")
            .ignore()
            .ttl(&redis_key);
        let query = pipe.query_async::<(u64, i64)>(&mut connection);
        let (count, ttl) = tokio::time::timeout(STORE_TIMEOUT, query)
            .await
            .map_err(|_| RateLimitStoreError(format!("no answer from Redis in {STORE_TIMEOUT:?}")))?
            .map_err(|e| RateLimitStoreError(e.to_string()))?;
        let resets_in_seconds = u64::try_from(ttl).unwrap_or(window_seconds);
        Ok(WindowCount {
            count,
            resets_in_seconds,
        })
    }
}
