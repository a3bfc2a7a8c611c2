//! The shared live tier (`LIVE_STORE=redis`): segments and rewritten playlists in Redis,
//! so any instance can serve any camera. Every call is one round trip: a push is one Lua
//! script that stores the segment, trims the camera to its cap, drops a few idle cameras
//! and enforces the global byte budget (each eviction O(log n) on a sorted set by push
//! order). The key layout is in [`scripts`].
//!
//! Calls are bounded by [`OPERATION_TIMEOUT`]: a vanished Redis answers with an error
//! quickly instead of holding the request on the reconnect loop.

mod scripts;

use crate::RedisAdapterError;
use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use redis::Script;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::{STALE_CAMERA_AFTER, SegmentCacheLimits, SegmentName, low_water_mark};
use sentinel_ports::driven::live::{
    CachedPlaylist, SharedLiveError, SharedLiveStats, SharedLiveStore, SharedPlaylist,
};
use std::future::Future;
use std::time::Duration;

/// Every key of the live tier starts with this (see the cross-instance conventions).
pub const DEFAULT_LIVE_PREFIX: &str = "sentinel:live:";

/// One call's budget, a 2 MiB segment included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(2);

/// How long a segment, index or playlist key lives after its last write: a backstop for
/// when nothing pushes at all (otherwise idle cameras are dropped after
/// [`STALE_CAMERA_AFTER`] by the next push of any camera).
pub const DEFAULT_KEY_TTL: Duration = Duration::from_secs(5 * 60);

/// What the shared tier keeps and where.
#[derive(Debug, Clone)]
pub struct LiveStoreSettings {
    /// Key prefix, `sentinel:live:` in production; tests use their own.
    pub prefix: String,
    pub limits: SegmentCacheLimits,
    pub key_ttl: Duration,
    /// A camera with no push for this long is dropped.
    pub idle_after: TimeDelta,
}

impl LiveStoreSettings {
    pub fn new(limits: SegmentCacheLimits) -> Self {
        Self {
            prefix: DEFAULT_LIVE_PREFIX.to_owned(),
            limits,
            key_ttl: DEFAULT_KEY_TTL,
            idle_after: STALE_CAMERA_AFTER,
        }
    }
}

pub struct RedisLiveStore {
    connection: ConnectionManager,
    settings: LiveStoreSettings,
    push_segment: Script,
    read_playlist: Script,
    newest_segments: Script,
    drop_camera: Script,
}

impl RedisLiveStore {
    /// Connects once (start-up fails if Redis does not answer); the connection manager
    /// reconnects by itself afterwards.
    pub async fn connect(
        url: &str,
        settings: LiveStoreSettings,
    ) -> Result<Self, RedisAdapterError> {
        let client =
            redis::Client::open(url).map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(OPERATION_TIMEOUT))
            .set_response_timeout(Some(OPERATION_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| RedisAdapterError::Connect(e.to_string()))?;
        Ok(Self {
            connection,
            settings,
            push_segment: Script::new(&scripts::push_segment()),
            read_playlist: Script::new(&scripts::read_playlist()),
            newest_segments: Script::new(&scripts::newest_segments()),
            drop_camera: Script::new(&scripts::drop_camera()),
        })
    }

    pub fn settings(&self) -> &LiveStoreSettings {
        &self.settings
    }

    fn key(&self, kind: &str, camera_id: &CameraId) -> String {
        format!("{}{kind}:{}", self.settings.prefix, camera_id.as_str())
    }

    fn segment_key(&self, camera_id: &CameraId, name: SegmentName) -> String {
        format!("{}seg:{}:{name}", self.settings.prefix, camera_id.as_str())
    }

    fn ttl_ms(&self) -> u64 {
        u64::try_from(self.settings.key_ttl.as_millis()).unwrap_or(u64::MAX)
    }
}

#[async_trait]
impl SharedLiveStore for RedisLiveStore {
    async fn put_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        bytes: Bytes,
        now: DateTime<Utc>,
    ) -> Result<usize, SharedLiveError> {
        let limits = self.settings.limits;
        let idle_before = now - self.settings.idle_after;
        let mut invocation = self.push_segment.prepare_invoke();
        invocation
            .arg(&self.settings.prefix)
            .arg(camera_id.as_str())
            .arg(name.to_string())
            .arg(bytes.as_ref())
            .arg(limits.per_camera())
            .arg(limits.max_total_bytes)
            .arg(low_water_mark(limits.max_total_bytes))
            .arg(now.timestamp_millis())
            .arg(idle_before.timestamp_millis())
            .arg(self.ttl_ms());
        let mut connection = self.connection.clone();
        let count: u64 = bounded(invocation.invoke_async(&mut connection)).await?;
        Ok(usize::try_from(count).unwrap_or(usize::MAX))
    }

    async fn segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
    ) -> Result<Option<Bytes>, SharedLiveError> {
        let mut connection = self.connection.clone();
        let key = self.segment_key(camera_id, name);
        let found: Option<Vec<u8>> =
            bounded(redis::cmd("GET").arg(&key).query_async(&mut connection)).await?;
        Ok(found.map(Bytes::from))
    }

    async fn newest_segments(
        &self,
        camera_id: &CameraId,
        count: usize,
    ) -> Result<Option<Vec<(SegmentName, Bytes)>>, SharedLiveError> {
        let mut invocation = self.newest_segments.prepare_invoke();
        invocation
            .arg(&self.settings.prefix)
            .arg(camera_id.as_str())
            .arg(i64::try_from(count).unwrap_or(i64::MAX).to_string());
        let mut connection = self.connection.clone();
        let found: Option<Vec<Vec<u8>>> = bounded(invocation.invoke_async(&mut connection)).await?;
        found.map(named_segments).transpose()
    }

    async fn put_playlist(
        &self,
        camera_id: &CameraId,
        body: Bytes,
        now: DateTime<Utc>,
    ) -> Result<(), SharedLiveError> {
        let key = self.key("pl", camera_id);
        let mut pipe = redis::pipe();
        pipe.atomic()
            .cmd("HSET")
            .arg(&key)
            .arg("body")
            .arg(body.as_ref())
            .arg("at")
            .arg(now.timestamp_millis())
            .ignore()
            .cmd("PEXPIRE")
            .arg(&key)
            .arg(self.ttl_ms())
            .ignore()
            .cmd("ZADD")
            .arg(format!("{}cams", self.settings.prefix))
            .arg("GT")
            .arg(now.timestamp_millis())
            .arg(camera_id.as_str())
            .ignore();
        let mut connection = self.connection.clone();
        bounded(pipe.query_async::<()>(&mut connection)).await
    }

    async fn playlist(
        &self,
        camera_id: &CameraId,
    ) -> Result<Option<SharedPlaylist>, SharedLiveError> {
        let mut invocation = self.read_playlist.prepare_invoke();
        invocation
            .arg(&self.settings.prefix)
            .arg(camera_id.as_str());
        let mut connection = self.connection.clone();
        let found: Option<(Vec<u8>, i64, u64)> =
            bounded(invocation.invoke_async(&mut connection)).await?;
        let Some((body, at_ms, largest)) = found else {
            return Ok(None);
        };
        let pushed_at = Utc
            .timestamp_millis_opt(at_ms)
            .single()
            .ok_or_else(|| SharedLiveError(format!("playlist push time {at_ms} out of range")))?;
        Ok(Some(SharedPlaylist {
            playlist: CachedPlaylist {
                body: Bytes::from(body),
                pushed_at,
            },
            largest_segment_bytes: (largest > 0).then_some(largest),
        }))
    }

    async fn drop_camera(&self, camera_id: &CameraId) -> Result<(), SharedLiveError> {
        let mut invocation = self.drop_camera.prepare_invoke();
        invocation
            .arg(&self.settings.prefix)
            .arg(camera_id.as_str());
        let mut connection = self.connection.clone();
        bounded(invocation.invoke_async::<i64>(&mut connection)).await?;
        Ok(())
    }

    async fn stats(&self) -> Result<SharedLiveStats, SharedLiveError> {
        let prefix = &self.settings.prefix;
        let mut pipe = redis::pipe();
        pipe.cmd("ZCARD")
            .arg(format!("{prefix}cams"))
            .cmd("ZCARD")
            .arg(format!("{prefix}all"))
            .cmd("GET")
            .arg(format!("{prefix}bytes"))
            .cmd("GET")
            .arg(format!("{prefix}evicted"));
        let mut connection = self.connection.clone();
        let (cameras, segments, bytes, evicted): (u64, u64, Option<i64>, Option<u64>) =
            bounded(pipe.query_async(&mut connection)).await?;
        Ok(SharedLiveStats {
            cameras,
            segments,
            bytes: bytes
                .and_then(|total| u64::try_from(total).ok())
                .unwrap_or(0),
            evicted_segments: evicted.unwrap_or(0),
        })
    }
}

/// `{name, bytes, name, bytes, ...}` as the newest-segments script returns it.
fn named_segments(flat: Vec<Vec<u8>>) -> Result<Vec<(SegmentName, Bytes)>, SharedLiveError> {
    let mut items = flat.into_iter();
    let mut segments = Vec::with_capacity(items.len() / 2);
    while let Some(name) = items.next() {
        let bytes = items
            .next()
            .ok_or_else(|| SharedLiveError("segment name without bytes".to_owned()))?;
        let name = std::str::from_utf8(&name)
            .ok()
            .and_then(|name| SegmentName::parse(name).ok())
            .ok_or_else(|| {
                SharedLiveError(format!(
                    "unexpected segment name {:?}",
                    String::from_utf8_lossy(&name)
                ))
            })?;
        segments.push((name, Bytes::from(bytes)));
    }
    Ok(segments)
}

/// Runs one Redis call within [`OPERATION_TIMEOUT`].
async fn bounded<T>(
    call: impl Future<Output = redis::RedisResult<T>>,
) -> Result<T, SharedLiveError> {
    tokio::time::timeout(OPERATION_TIMEOUT, call)
        .await
        .map_err(|_| SharedLiveError(format!("no answer from Redis in {OPERATION_TIMEOUT:?}")))?
        .map_err(|error| SharedLiveError(error.to_string()))
}
