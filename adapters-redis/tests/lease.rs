//! `RedisLease` against the Redis at 127.0.0.1:6379, each test under its own key prefix.
//! Skipped with a notice when Redis is unreachable.

use sentinel_adapters_redis::RedisLease;
use sentinel_ports::driven::lease::Lease;
use std::time::Duration;

const REDIS_URL: &str = "redis://127.0.0.1:6379";

async fn lease() -> Option<RedisLease> {
    let prefix = format!("sentinel:test:{}:lease:", uuid::Uuid::new_v4());
    match RedisLease::connect_with_prefix(REDIS_URL, &prefix).await {
        Ok(lease) => Some(lease),
        Err(error) => {
            eprintln!("skipped: Redis unreachable at {REDIS_URL}: {error}");
            None
        }
    }
}

#[tokio::test]
async fn only_one_of_two_holders_gets_the_lease_and_the_winner_renews_it() {
    let Some(lease) = lease().await else { return };
    let ttl = Duration::from_secs(5);
    assert_eq!(lease.acquire("offline_sweep", "a", ttl).await, Ok(true));
    assert_eq!(lease.acquire("offline_sweep", "b", ttl).await, Ok(false));
    assert_eq!(lease.acquire("offline_sweep", "a", ttl).await, Ok(true));
    assert_eq!(lease.acquire("offline_sweep", "b", ttl).await, Ok(false));
    // Another loop's lease is a lease of its own.
    assert_eq!(lease.acquire("email_worker", "b", ttl).await, Ok(true));
}

#[tokio::test]
async fn an_expired_lease_hands_over_to_the_other_holder() {
    let Some(lease) = lease().await else { return };
    let ttl = Duration::from_millis(300);
    assert_eq!(lease.acquire("log_cleanup", "a", ttl).await, Ok(true));
    assert_eq!(lease.acquire("log_cleanup", "b", ttl).await, Ok(false));
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(lease.acquire("log_cleanup", "b", ttl).await, Ok(true));
    assert_eq!(lease.acquire("log_cleanup", "a", ttl).await, Ok(false));
}

#[tokio::test]
async fn renewing_keeps_the_lease_past_its_first_ttl() {
    let Some(lease) = lease().await else { return };
    let ttl = Duration::from_millis(400);
    assert_eq!(lease.acquire("motion_digest", "a", ttl).await, Ok(true));
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert_eq!(lease.acquire("motion_digest", "a", ttl).await, Ok(true));
        assert_eq!(lease.acquire("motion_digest", "b", ttl).await, Ok(false));
    }
}

#[tokio::test]
async fn only_the_holder_can_release_the_lease() {
    let Some(lease) = lease().await else { return };
    let ttl = Duration::from_secs(5);
    assert_eq!(lease.acquire("plan_reconcile", "a", ttl).await, Ok(true));
    assert_eq!(lease.release("plan_reconcile", "b").await, Ok(()));
    assert_eq!(lease.acquire("plan_reconcile", "b", ttl).await, Ok(false));
    assert_eq!(lease.release("plan_reconcile", "a").await, Ok(()));
    assert_eq!(lease.acquire("plan_reconcile", "b", ttl).await, Ok(true));
}
