//! SSE subscriber caps counted across instances in a real Redis (127.0.0.1:6379, or
//! `SENTINEL_TEST_REDIS_URL`), each test under a key prefix of its own. Skipped with a
//! notice when Redis is unreachable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sentinel_adapters_redis::{RedisStreamSlots, SlotConfig};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::stream_slots::StreamSlots;
use std::time::Duration;

fn redis_url() -> String {
    std::env::var("SENTINEL_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn config(prefix: &str, instance: &str, ttl: Duration) -> SlotConfig {
    let mut config = SlotConfig::new(instance);
    config.key_prefix = prefix.to_owned();
    config.ttl = ttl;
    config.heartbeat = ttl / 4;
    config
}

/// Two instances' slot stores under one fresh prefix; `None` (skip) without Redis.
async fn two_instances(ttl: Duration) -> Option<(RedisStreamSlots, RedisStreamSlots)> {
    let prefix = format!("sentinel:test:{}", uuid::Uuid::new_v4().simple());
    let url = redis_url();
    let connecting = RedisStreamSlots::connect(&url, config(&prefix, "a", ttl));
    let Ok(Ok(a)) = tokio::time::timeout(Duration::from_secs(2), connecting).await else {
        eprintln!("Redis unreachable at {}: test skipped", redis_url());
        return None;
    };
    let b = RedisStreamSlots::connect(&url, config(&prefix, "b", ttl))
        .await
        .unwrap();
    Some((a, b))
}

#[tokio::test]
async fn the_cap_counts_places_held_on_every_instance() {
    let Some((a, b)) = two_instances(Duration::from_secs(30)).await else {
        return;
    };
    let org = OrgId::new("org_a");
    let first = a.claim("motion", &org, 2).await.unwrap().unwrap();
    let _second = b.claim("motion", &org, 2).await.unwrap().unwrap();
    assert_eq!(a.claim("motion", &org, 2).await.unwrap(), None);
    assert_eq!(b.claim("motion", &org, 2).await.unwrap(), None);

    // Other orgs and other stream kinds have pools of their own.
    assert!(
        b.claim("motion", &OrgId::new("org_b"), 2)
            .await
            .unwrap()
            .is_some()
    );
    assert!(b.claim("notification", &org, 2).await.unwrap().is_some());

    a.release("motion", &org, first);
    let mut freed = None;
    for _ in 0..50 {
        freed = b.claim("motion", &org, 2).await.unwrap();
        if freed.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(freed.is_some(), "a released place is free for any instance");
}

#[tokio::test]
async fn the_heartbeat_keeps_held_places_and_a_dropped_instances_places_expire() {
    let ttl = Duration::from_millis(800);
    let Some((a, b)) = two_instances(ttl).await else {
        return;
    };
    let org = OrgId::new("org_a");
    // Never released: `a` goes away as a crashed instance would.
    let _held = a.claim("motion", &org, 1).await.unwrap().unwrap();
    assert_eq!(a.held(), 1);

    tokio::time::sleep(ttl * 2).await;
    assert_eq!(
        b.claim("motion", &org, 1).await.unwrap(),
        None,
        "a live instance's place outlives the ttl"
    );

    drop(a);
    tokio::time::sleep(ttl + Duration::from_millis(300)).await;
    assert!(
        b.claim("motion", &org, 1).await.unwrap().is_some(),
        "the dropped instance's place expired"
    );
}

#[tokio::test]
async fn a_zero_cap_refuses_everyone() {
    let Some((a, _b)) = two_instances(Duration::from_secs(30)).await else {
        return;
    };
    assert_eq!(
        a.claim("motion", &OrgId::new("org_a"), 0).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn a_claim_answered_too_late_gives_its_place_back() {
    let Some((direct, _)) = two_instances(Duration::from_secs(30)).await else {
        return;
    };
    drop(direct);
    let proxy = SlowProxy::start(
        redis_url()
            .trim_start_matches("redis://")
            .trim_end_matches('/'),
    )
    .await;
    let prefix = format!("sentinel:test:{}", uuid::Uuid::new_v4().simple());
    let slots =
        RedisStreamSlots::connect(&proxy.url, config(&prefix, "a", Duration::from_secs(30)))
            .await
            .unwrap();
    let org = OrgId::new("org_late");
    // A first claim loads the script, so the late one below runs in Redis in one step.
    let first = slots.claim("events", &org, 5).await.unwrap().unwrap();
    slots.release("events", &org, first);

    proxy.slow_down();
    assert!(
        slots.claim("events", &org, 5).await.is_err(),
        "answered in time"
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;

    let client = redis::Client::open(redis_url()).unwrap();
    let mut connection = client.get_multiplexed_async_connection().await.unwrap();
    let key = format!("{prefix}:events:org_late");
    let places: i64 = redis::cmd("ZCARD")
        .arg(&key)
        .query_async(&mut connection)
        .await
        .unwrap();
    assert_eq!(places, 0, "the late claim's place is still taken");
}

/// A TCP hop in front of Redis that, once slowed down, holds every answer back long
/// enough for the caller to give up on it; requests still reach Redis at once.
struct SlowProxy {
    url: String,
    slow: std::sync::Arc<std::sync::atomic::AtomicBool>,
    _accept: tokio::task::JoinHandle<()>,
}

impl SlowProxy {
    async fn start(redis_address: &str) -> Self {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("redis://{}", listener.local_addr().unwrap());
        let slow = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let slowing = slow.clone();
        let upstream_address = redis_address.to_owned();
        let accept = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let upstream = tokio::net::TcpStream::connect(&upstream_address)
                    .await
                    .unwrap();
                let (mut client_read, mut client_write) = inbound.into_split();
                let (mut redis_read, mut redis_write) = upstream.into_split();
                tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut client_read, &mut redis_write).await;
                });
                let slowing = slowing.clone();
                tokio::spawn(async move {
                    let mut buffer = vec![0u8; 16 * 1024];
                    while let Ok(read) = redis_read.read(&mut buffer).await {
                        if read == 0 {
                            break;
                        }
                        if slowing.load(std::sync::atomic::Ordering::SeqCst) {
                            tokio::time::sleep(Duration::from_millis(800)).await;
                        }
                        if client_write.write_all(&buffer[..read]).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        Self {
            url,
            slow,
            _accept: accept,
        }
    }

    fn slow_down(&self) {
        self.slow.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}
