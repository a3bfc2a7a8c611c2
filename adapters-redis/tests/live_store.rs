//! The shared live tier against the real Redis (`SENTINEL_TEST_REDIS_URL`, default
//! 127.0.0.1:6379). Each test has its own key prefix; tests skip with a notice when Redis
//! is unreachable outside CI.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use redis::AsyncCommands;
use sentinel_adapters_redis::{LiveStoreSettings, RedisLiveStore};
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::{SegmentCacheLimits, SegmentName};
use sentinel_ports::driven::live::SharedLiveStore;

fn url() -> String {
    std::env::var("SENTINEL_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

struct Fixture {
    store: RedisLiveStore,
    prefix: String,
    redis: redis::aio::MultiplexedConnection,
}

impl Fixture {
    async fn keys(&mut self) -> Vec<String> {
        let mut keys: Vec<String> = self.redis.keys(format!("{}*", self.prefix)).await.unwrap();
        keys.sort();
        keys
    }

    async fn exists(&mut self, key: &str) -> bool {
        self.redis
            .exists(format!("{}{key}", self.prefix))
            .await
            .unwrap()
    }

    async fn ttl_ms(&mut self, key: &str) -> i64 {
        self.redis
            .pttl(format!("{}{key}", self.prefix))
            .await
            .unwrap()
    }

    async fn clean(mut self) {
        let keys = self.keys().await;
        if !keys.is_empty() {
            let _: () = self.redis.del(keys).await.unwrap();
        }
    }
}

/// `None` (after a notice) when Redis is unreachable outside CI.
async fn fixture(per_camera: usize, total: u64) -> Option<Fixture> {
    fixture_with_ttl(per_camera, total, None).await
}

async fn fixture_with_ttl(
    per_camera: usize,
    total: u64,
    key_ttl: Option<std::time::Duration>,
) -> Option<Fixture> {
    let prefix = format!("sentinel:test:live:{:016x}:", rand_suffix());
    let mut settings = LiveStoreSettings::new(SegmentCacheLimits {
        max_segments_per_camera: per_camera,
        max_total_bytes: total,
    });
    settings.prefix = prefix.clone();
    if let Some(ttl) = key_ttl {
        settings.key_ttl = ttl;
    }
    let store = match RedisLiveStore::connect(&url(), settings).await {
        Ok(store) => store,
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping: no Redis at {}: {error}", url());
            return None;
        }
        Err(error) => panic!("CI needs Redis at {}: {error}", url()),
    };
    let redis = redis::Client::open(url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    Some(Fixture {
        store,
        prefix,
        redis,
    })
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

fn cam(id: &str) -> CameraId {
    CameraId::new(id)
}

fn name(sequence: u64) -> SegmentName {
    SegmentName::parse(&format!("segment_{sequence:05}.ts")).unwrap()
}

fn at(second: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap() + TimeDelta::seconds(second)
}

fn payload(tag: u64, len: usize) -> Bytes {
    let mut bytes = vec![0x47u8; len];
    bytes[len.min(9) - 1] = u8::try_from(tag % 251).unwrap();
    Bytes::from(bytes)
}

#[tokio::test]
async fn a_segment_round_trips_byte_identical() {
    let Some(fx) = fixture(10, 1 << 30).await else {
        return;
    };
    let body = Bytes::from((0..=255u8).cycle().take(70_000).collect::<Vec<_>>());
    let count = fx
        .store
        .put_segment(&cam("c/1"), name(1), body.clone(), at(0))
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(
        fx.store.segment(&cam("c/1"), name(1)).await.unwrap(),
        Some(body)
    );
    assert_eq!(fx.store.segment(&cam("c/1"), name(2)).await.unwrap(), None);
    assert_eq!(
        fx.store.segment(&cam("other"), name(1)).await.unwrap(),
        None
    );
    fx.clean().await;
}

#[tokio::test]
async fn the_newest_segments_come_back_oldest_first_in_push_order() {
    let Some(mut fx) = fixture(10, 1 << 30).await else {
        return;
    };
    assert_eq!(
        fx.store.newest_segments(&cam("c/1"), 3).await.unwrap(),
        None,
        "nothing pushed"
    );
    // Pushed out of sequence order: push order decides what is newest.
    for sequence in [1, 2, 4, 3, 5] {
        fx.store
            .put_segment(&cam("c/1"), name(sequence), payload(sequence, 500), at(0))
            .await
            .unwrap();
    }
    fx.store
        .put_segment(&cam("other"), name(9), payload(9, 10), at(0))
        .await
        .unwrap();
    let newest = fx.store.newest_segments(&cam("c/1"), 3).await.unwrap();
    assert_eq!(
        newest.unwrap(),
        [4, 3, 5].map(|sequence| (name(sequence), payload(sequence, 500)))
    );
    let all = fx.store.newest_segments(&cam("c/1"), 99).await.unwrap();
    assert_eq!(all.unwrap().len(), 5);
    let huge = fx.store.newest_segments(&cam("c/1"), usize::MAX).await;
    assert_eq!(huge.unwrap().unwrap().len(), 5);
    assert_eq!(
        fx.store.newest_segments(&cam("c/1"), 0).await.unwrap(),
        Some(Vec::new())
    );

    // A segment whose key expired is left out; one with every key gone lists nothing.
    let key = format!("{}seg:c/1:{}", fx.prefix, name(5));
    let _: () = fx.redis.del(key).await.unwrap();
    let newest = fx.store.newest_segments(&cam("c/1"), 2).await.unwrap();
    assert_eq!(newest.unwrap(), vec![(name(3), payload(3, 500))]);
    fx.store.drop_camera(&cam("c/1")).await.unwrap();
    assert_eq!(
        fx.store.newest_segments(&cam("c/1"), 3).await.unwrap(),
        None
    );
    fx.clean().await;
}

#[tokio::test]
async fn the_per_camera_cap_trims_the_oldest_and_deletes_their_keys() {
    let Some(mut fx) = fixture(3, 1 << 30).await else {
        return;
    };
    for sequence in 1..=5 {
        let count = fx
            .store
            .put_segment(&cam("c"), name(sequence), payload(sequence, 100), at(0))
            .await
            .unwrap();
        assert_eq!(count, usize::try_from(sequence.min(3)).unwrap());
    }
    for gone in [1, 2] {
        assert_eq!(fx.store.segment(&cam("c"), name(gone)).await.unwrap(), None);
        assert!(!fx.exists(&format!("seg:c:{}", name(gone))).await);
    }
    for kept in 3..=5 {
        assert!(
            fx.store
                .segment(&cam("c"), name(kept))
                .await
                .unwrap()
                .is_some()
        );
    }
    let stats = fx.store.stats().await.unwrap();
    assert_eq!((stats.segments, stats.bytes), (3, 300));
    assert_eq!(stats.evicted_segments, 2);
    fx.clean().await;
}

#[tokio::test]
async fn an_overwrite_replaces_the_bytes_and_the_byte_count() {
    let Some(fx) = fixture(10, 1 << 30).await else {
        return;
    };
    fx.store
        .put_segment(&cam("c"), name(1), payload(1, 100), at(0))
        .await
        .unwrap();
    let count = fx
        .store
        .put_segment(&cam("c"), name(1), payload(2, 40), at(1))
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(
        fx.store.segment(&cam("c"), name(1)).await.unwrap(),
        Some(payload(2, 40))
    );
    let stats = fx.store.stats().await.unwrap();
    assert_eq!((stats.segments, stats.bytes), (1, 40));
    fx.clean().await;
}

#[tokio::test]
async fn the_global_byte_cap_evicts_the_oldest_pushes_first() {
    // Cap 1 000 bytes: low-water mark 950.
    let Some(fx) = fixture(10, 1_000).await else {
        return;
    };
    let pushes = [("a", 1), ("b", 1), ("a", 2), ("b", 2), ("a", 3)];
    for (camera, sequence) in pushes {
        fx.store
            .put_segment(&cam(camera), name(sequence), payload(sequence, 200), at(0))
            .await
            .unwrap();
    }
    // 1 000 bytes: at the cap, nothing evicted yet.
    assert_eq!(fx.store.stats().await.unwrap().bytes, 1_000);
    fx.store
        .put_segment(&cam("b"), name(3), payload(3, 200), at(0))
        .await
        .unwrap();
    // 1 200 > 1 000: evict down to ≤ 950, oldest first: a/1 then b/1 (800 left).
    assert_eq!(fx.store.segment(&cam("a"), name(1)).await.unwrap(), None);
    assert_eq!(fx.store.segment(&cam("b"), name(1)).await.unwrap(), None);
    for (camera, sequence) in [("a", 2), ("b", 2), ("a", 3), ("b", 3)] {
        assert!(
            fx.store
                .segment(&cam(camera), name(sequence))
                .await
                .unwrap()
                .is_some(),
            "{camera}/{sequence} kept"
        );
    }
    let stats = fx.store.stats().await.unwrap();
    assert_eq!(
        (stats.segments, stats.bytes, stats.evicted_segments),
        (4, 800, 2)
    );
    fx.clean().await;
}

#[tokio::test]
async fn segment_index_and_playlist_keys_carry_a_ttl() {
    let Some(mut fx) = fixture(10, 1 << 30).await else {
        return;
    };
    fx.store
        .put_segment(&cam("c"), name(7), payload(7, 10), at(0))
        .await
        .unwrap();
    fx.store
        .put_playlist(&cam("c"), Bytes::from_static(b"#EXTM3U\n"), at(0))
        .await
        .unwrap();
    let limit = i64::try_from(fx.store.settings().key_ttl.as_millis()).unwrap();
    for key in [
        format!("seg:c:{}", name(7)),
        "idx:c".to_owned(),
        "pl:c".to_owned(),
    ] {
        let ttl = fx.ttl_ms(&key).await;
        assert!(ttl > 0 && ttl <= limit, "{key} has TTL {ttl} ms");
    }
    fx.clean().await;
}

#[tokio::test]
async fn a_playlist_round_trips_with_its_push_time_and_largest_segment() {
    let Some(fx) = fixture(10, 1 << 30).await else {
        return;
    };
    assert_eq!(fx.store.playlist(&cam("c")).await.unwrap(), None);
    let body = Bytes::from_static(b"#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
    fx.store
        .put_playlist(&cam("c"), body.clone(), at(5))
        .await
        .unwrap();
    let read = fx.store.playlist(&cam("c")).await.unwrap().unwrap();
    assert_eq!(read.playlist.body, body);
    assert_eq!(read.playlist.pushed_at, at(5));
    assert_eq!(read.largest_segment_bytes, None);
    for (sequence, len) in [(1, 300), (2, 900), (3, 500)] {
        fx.store
            .put_segment(&cam("c"), name(sequence), payload(sequence, len), at(6))
            .await
            .unwrap();
    }
    let read = fx.store.playlist(&cam("c")).await.unwrap().unwrap();
    assert_eq!(read.largest_segment_bytes, Some(900));
    fx.clean().await;
}

#[tokio::test]
async fn drop_camera_removes_its_keys_and_bytes_only() {
    let Some(mut fx) = fixture(10, 1 << 30).await else {
        return;
    };
    for camera in ["gone", "kept"] {
        for sequence in 1..=3 {
            fx.store
                .put_segment(&cam(camera), name(sequence), payload(sequence, 50), at(0))
                .await
                .unwrap();
        }
        fx.store
            .put_playlist(&cam(camera), Bytes::from_static(b"#EXTM3U\n"), at(0))
            .await
            .unwrap();
    }
    fx.store.drop_camera(&cam("gone")).await.unwrap();
    fx.store.drop_camera(&cam("gone")).await.unwrap();
    let keys = fx.keys().await;
    assert!(
        keys.iter().all(|key| !key.contains(":gone")),
        "left behind: {keys:?}"
    );
    assert_eq!(fx.store.playlist(&cam("gone")).await.unwrap(), None);
    assert!(fx.store.playlist(&cam("kept")).await.unwrap().is_some());
    let stats = fx.store.stats().await.unwrap();
    assert_eq!((stats.cameras, stats.segments, stats.bytes), (1, 3, 150));
    fx.clean().await;
}

#[tokio::test]
async fn a_push_drops_cameras_idle_past_the_stale_window() {
    let Some(fx) = fixture(10, 1 << 30).await else {
        return;
    };
    fx.store
        .put_segment(&cam("idle"), name(1), payload(1, 10), at(0))
        .await
        .unwrap();
    fx.store
        .put_segment(&cam("busy"), name(1), payload(1, 10), at(61))
        .await
        .unwrap();
    assert_eq!(fx.store.segment(&cam("idle"), name(1)).await.unwrap(), None);
    assert!(
        fx.store
            .segment(&cam("busy"), name(1))
            .await
            .unwrap()
            .is_some()
    );
    let stats = fx.store.stats().await.unwrap();
    assert_eq!((stats.cameras, stats.segments, stats.bytes), (1, 1, 10));
    fx.clean().await;
}

#[tokio::test]
async fn segments_expired_by_their_ttl_leave_the_byte_total_at_the_next_push() {
    let ttl = std::time::Duration::from_millis(100);
    let Some(fx) = fixture_with_ttl(10, 1 << 30, Some(ttl)).await else {
        return;
    };
    for sequence in 1..=3 {
        fx.store
            .put_segment(&cam("gone"), name(sequence), payload(sequence, 100), at(0))
            .await
            .unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    fx.store
        .put_segment(&cam("new"), name(1), payload(1, 10), at(1))
        .await
        .unwrap();
    let stats = fx.store.stats().await.unwrap();
    assert_eq!((stats.segments, stats.bytes), (1, 10));
    fx.clean().await;
}
