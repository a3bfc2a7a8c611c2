//! Named leases over Redis: `SET NX PX` takes a free lease, a compare-and-`PEXPIRE` script
//! renews it for its holder only, a compare-and-`DEL` script gives it back. Redis expires
//! the key itself, so a holder that dies loses the lease after one TTL.

use crate::RedisAdapterError;
use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sentinel_ports::driven::lease::{Lease, LeaseError};
use std::time::Duration;

/// Every lease key starts with this; the lease's name follows.
pub const LEASE_KEY_PREFIX: &str = "sentinel:lease:";

/// How long one lease round trip may take: an unanswered renewal counts as unknown and
/// the holder keeps running only until its last renewal runs out.
const LEASE_TIMEOUT: Duration = Duration::from_secs(2);

const RENEW_IF_MINE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
";

const DELETE_IF_MINE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

#[derive(Clone)]
pub struct RedisLease {
    connection: ConnectionManager,
    prefix: String,
}

impl RedisLease {
    /// Connects once; the connection manager reconnects by itself afterwards.
    pub async fn connect(url: &str) -> Result<Self, RedisAdapterError> {
        Self::connect_with_prefix(url, LEASE_KEY_PREFIX).await
    }

    /// Leases under another key prefix (tests keep theirs apart this way).
    pub async fn connect_with_prefix(url: &str, prefix: &str) -> Result<Self, RedisAdapterError> {
        let client =
            redis::Client::open(url).map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(LEASE_TIMEOUT))
            .set_response_timeout(Some(LEASE_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| RedisAdapterError::Connect(e.to_string()))?;
        Ok(Self {
            connection,
            prefix: prefix.to_owned(),
        })
    }

    async fn renew(&self, key: &str, holder: &str, ttl_ms: u64) -> Result<bool, LeaseError> {
        let mut connection = self.connection.clone();
        let renewed: i64 = redis::Script::new(RENEW_IF_MINE)
            .key(key)
            .arg(holder)
            .arg(ttl_ms)
            .invoke_async(&mut connection)
            .await
            .map_err(store_error)?;
        Ok(renewed == 1)
    }

    async fn take_if_free(&self, key: &str, holder: &str, ttl_ms: u64) -> Result<bool, LeaseError> {
        let mut connection = self.connection.clone();
        let set: Option<String> = redis::cmd("SET")
            .arg(key)
            .arg(holder)
            .arg("NX")
            .arg("PX")
            .arg(ttl_ms)
            .query_async(&mut connection)
            .await
            .map_err(store_error)?;
        Ok(set.is_some())
    }
}

#[async_trait]
impl Lease for RedisLease {
    async fn acquire(&self, name: &str, holder: &str, ttl: Duration) -> Result<bool, LeaseError> {
        let key = format!("{}{name}", self.prefix);
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let attempt = async {
            // The holder renews far more often than anyone takes a free lease: renew first.
            if self.renew(&key, holder, ttl_ms).await? {
                return Ok(true);
            }
            self.take_if_free(&key, holder, ttl_ms).await
        };
        tokio::time::timeout(LEASE_TIMEOUT, attempt)
            .await
            .map_err(|_| LeaseError(format!("no answer from Redis in {LEASE_TIMEOUT:?}")))?
    }

    async fn release(&self, name: &str, holder: &str) -> Result<(), LeaseError> {
        let key = format!("{}{name}", self.prefix);
        let mut connection = self.connection.clone();
        let script = redis::Script::new(DELETE_IF_MINE);
        let mut invocation = script.key(&key);
        invocation.arg(holder);
        let release = invocation.invoke_async::<i64>(&mut connection);
        tokio::time::timeout(LEASE_TIMEOUT, release)
            .await
            .map_err(|_| LeaseError(format!("no answer from Redis in {LEASE_TIMEOUT:?}")))?
            .map_err(store_error)?;
        Ok(())
    }
}

fn store_error(error: redis::RedisError) -> LeaseError {
    LeaseError(error.to_string())
}
