//! SSE subscriber caps counted across instances. Each org's pool of one stream kind is a
//! sorted set `sentinel:sse:<stream>:<org>` of places (`<instance>:<uuid>`) scored by when
//! they expire, on Redis's clock so instances' clocks never disagree. A Lua script drops
//! expired places, counts and claims in one step; a heartbeat pushes this instance's
//! places forward; a place that is not given back (a crashed instance) expires after
//! `ttl`.

use crate::RedisAdapterError;
use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::stream_slots::{ClaimedSlot, StreamSlots, StreamSlotsError};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Every pool's key starts with this (then `:<stream>:<org>`).
pub const STREAM_SLOTS_PREFIX: &str = "sentinel:sse";

/// One claim may take this long before the pool counts as unreachable.
const CLAIM_TIMEOUT: Duration = Duration::from_millis(500);

/// Now on Redis's clock (ms), dropped expired places, then one more place if there is room.
/// KEYS[1] the pool; ARGV cap, member, ttl (ms). 1 when claimed, 0 when full.
const CLAIM: &str = r"
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
";

/// Pushes the expiry of held places forward. KEYS[1] the pool; ARGV ttl (ms), members...
/// A place that expired meanwhile (Redis was unreachable for a while) is added back: the
/// stream is still open, and the pool should count what is really open.
const REFRESH: &str = r"
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ttl)
return #ARGV - 1
";

#[derive(Debug, Clone)]
pub struct SlotConfig {
    /// [`STREAM_SLOTS_PREFIX`] in production; tests use one of their own.
    pub key_prefix: String,
    pub instance_id: String,
    /// A place not refreshed for this long is free again.
    pub ttl: Duration,
    /// How often held places are refreshed; well under `ttl`.
    pub heartbeat: Duration,
}

impl SlotConfig {
    pub fn new(instance_id: &str) -> Self {
        Self {
            key_prefix: STREAM_SLOTS_PREFIX.to_owned(),
            instance_id: instance_id.to_owned(),
            ttl: Duration::from_secs(30),
            heartbeat: Duration::from_secs(10),
        }
    }
}

pub struct RedisStreamSlots {
    pool: Arc<Pool>,
    /// Places to give back, in order with the refreshes (see [`keep_places`]).
    releases: mpsc::UnboundedSender<Release>,
    upkeep: JoinHandle<()>,
}

/// A pool key and one of its members.
type Release = (String, String);

/// Held places, per pool key: what the heartbeat refreshes.
type Held = HashMap<String, HashSet<String>>;

struct Pool {
    connection: ConnectionManager,
    config: SlotConfig,
    claim: Script,
    refresh: Script,
    held: Mutex<Held>,
}

impl RedisStreamSlots {
    /// Connects once (the manager reconnects by itself) and starts the heartbeat, which
    /// stops when this is dropped.
    pub async fn connect(url: &str, config: SlotConfig) -> Result<Self, RedisAdapterError> {
        let client =
            redis::Client::open(url).map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CLAIM_TIMEOUT))
            .set_response_timeout(Some(CLAIM_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connection = ConnectionManager::new_with_config(client, manager_config)
            .await
            .map_err(|e| RedisAdapterError::Connect(e.to_string()))?;
        let pool = Arc::new(Pool {
            connection,
            config,
            claim: Script::new(CLAIM),
            refresh: Script::new(REFRESH),
            held: Mutex::default(),
        });
        let (releases, pending) = mpsc::unbounded_channel();
        let upkeep = tokio::spawn(keep_places(pool.clone(), pending));
        Ok(Self {
            pool,
            releases,
            upkeep,
        })
    }

    /// Places this instance holds across every pool.
    pub fn held(&self) -> usize {
        self.pool
            .held
            .lock()
            .map(|held| held.values().map(HashSet::len).sum())
            .unwrap_or(0)
    }
}

impl Drop for RedisStreamSlots {
    fn drop(&mut self) {
        self.upkeep.abort();
    }
}

#[async_trait]
impl StreamSlots for RedisStreamSlots {
    async fn claim(
        &self,
        stream: &str,
        org: &OrgId,
        cap: usize,
    ) -> Result<Option<ClaimedSlot>, StreamSlotsError> {
        let key = self.pool.key(stream, org);
        let member = format!("{}:{}", self.pool.config.instance_id, uuid::Uuid::new_v4());
        let mut connection = self.pool.connection.clone();
        let mut invocation = self.pool.claim.key(&key);
        invocation
            .arg(cap)
            .arg(&member)
            .arg(millis(self.pool.config.ttl));
        let answer = tokio::time::timeout(
            CLAIM_TIMEOUT,
            invocation.invoke_async::<i64>(&mut connection),
        )
        .await
        .map_err(|_| format!("no answer from Redis in {CLAIM_TIMEOUT:?}"))
        .and_then(|answer| answer.map_err(|e| e.to_string()));
        let claimed = match answer {
            Ok(claimed) => claimed,
            Err(error) => {
                // The claim may still have run in Redis, its answer late or lost: take the
                // place back, in order behind it on the same connection, or it would count
                // against the org for a whole `ttl`. Removing a place never taken is harmless.
                let _ = self.releases.send((key, member));
                return Err(StreamSlotsError(error));
            }
        };
        if claimed == 0 {
            return Ok(None);
        }
        if let Ok(mut held) = self.pool.held.lock() {
            held.entry(key).or_default().insert(member.clone());
        }
        Ok(Some(ClaimedSlot(member)))
    }

    fn release(&self, stream: &str, org: &OrgId, slot: ClaimedSlot) {
        let key = self.pool.key(stream, org);
        if let Ok(mut held) = self.pool.held.lock()
            && let Some(members) = held.get_mut(&key)
        {
            members.remove(&slot.0);
            if members.is_empty() {
                held.remove(&key);
            }
        }
        // Once the upkeep task is gone (shutdown) the place simply expires.
        let _ = self.releases.send((key, slot.0));
    }
}

/// Every `heartbeat`, pushes each held place's expiry forward, and gives released places
/// back. One task does both, in order: a refresh that read the held places just before a
/// release cannot re-add the place after its removal.
async fn keep_places(pool: Arc<Pool>, mut releases: mpsc::UnboundedReceiver<Release>) {
    let mut ticker = tokio::time::interval(pool.config.heartbeat);
    ticker.tick().await;
    loop {
        tokio::select! {
            _ = ticker.tick() => pool.refresh_held().await,
            release = releases.recv() => match release {
                Some((key, member)) => pool.give_back(&key, &member).await,
                None => return,
            },
        }
    }
}

impl Pool {
    fn key(&self, stream: &str, org: &OrgId) -> String {
        format!("{}:{stream}:{}", self.config.key_prefix, org.as_str())
    }

    /// One warning per round, not per pool: an outage would otherwise log every org.
    async fn refresh_held(&self) {
        let held: Held = self
            .held
            .lock()
            .map(|held| held.clone())
            .unwrap_or_default();
        let (mut failed, mut last_error) = (0usize, String::new());
        for (key, members) in held {
            if let Err(error) = self.refresh_one(&key, members).await {
                failed += 1;
                last_error = error;
            }
        }
        if failed > 0 {
            tracing::warn!(pools = failed, error = %last_error, "stream places not refreshed");
        }
    }

    async fn give_back(&self, key: &str, member: &str) {
        let mut connection = self.connection.clone();
        let removal = connection.zrem::<_, _, i64>(key, member);
        match tokio::time::timeout(CLAIM_TIMEOUT, removal).await {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => {
                tracing::debug!(%key, %error, "stream place not given back; it will expire");
            }
            Err(_) => tracing::debug!(%key, "stream place not given back; it will expire"),
        }
    }

    async fn refresh_one(&self, key: &str, members: HashSet<String>) -> Result<(), String> {
        let mut connection = self.connection.clone();
        let mut invocation = self.refresh.key(key);
        invocation.arg(millis(self.config.ttl));
        for member in &members {
            invocation.arg(member);
        }
        tokio::time::timeout(
            CLAIM_TIMEOUT,
            invocation.invoke_async::<i64>(&mut connection),
        )
        .await
        .map_err(|_| format!("no answer from Redis in {CLAIM_TIMEOUT:?}"))?
        .map_err(|e| e.to_string())?;
        Ok(())
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
