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
