//! Two app instances behind one name, sharing one real Redis (127.0.0.1:6379, or
//! `SENTINEL_TEST_REDIS_URL`): a motion event posted to instance A streams on instance B
//! with the JSON A would send, for its org only, and the SSE subscriber cap counts the
//! streams open on both. Orgs are unique per run, so parallel runs never see each other's
//! events. Skipped with a notice when Redis is unreachable (outside CI).

use crate::live_common::*;
use crate::motion_api::PlanIdentity;
use sentinel_adapters_http::MemoryRateLimitStore;
use sentinel_adapters_redis::RedisRateLimitStore;
use sentinel_tests::{EventStream, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);
const SILENCE: Duration = Duration::from_millis(500);

async fn redis_url() -> Option<String> {
    let url = std::env::var("SENTINEL_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    match RedisRateLimitStore::connect(&url).await {
        Ok(_) => Some(url),
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping: no Redis at {url}: {error}");
            None
        }
        Err(error) => panic!("CI needs Redis at {url}: {error}"),
    }
}

fn unique(label: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{label}_{}_{nanos:x}", std::process::id())
}

async fn instance(url: &str, name: &str) -> TestApp {
    TestApp::builder()
        .env("REDIS_URL", url)
        .env("INSTANCE_ID", &unique(name))
        .identity(Arc::new(PlanIdentity))
        // These tokens carry no org the limiter can read, so it keys them by client IP:
        // in Redis that bucket is shared with every other run on this machine.
        .rate_limit_store(Arc::new(MemoryRateLimitStore::new()))
        .start()
        .await
}

async fn post_motion(app: &TestApp, score: i32) {
    post_motion_from(app, KEY_A, CAM_A, score).await;
}

async fn post_motion_from(app: &TestApp, key: &str, camera: &str, score: i32) {
    let response = app
        .client
        .post(app.url(&format!("/api/cameras/{camera}/motion")))
        .header("x-node-api-key", key)
        .json(&json!({"score": score, "timestamp": "2026-11-27T11:59:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn open(app: &TestApp, token: &str, org: &str) -> EventStream {
    open_at(app, "/api/motion/events/stream", token, org).await
}

async fn open_at(app: &TestApp, path: &str, token: &str, org: &str) -> EventStream {
    let mut stream = EventStream::open(app, path, token).await;
    assert_eq!(
        stream.next_data(WAIT).await,
        Some(json!({"type": "connected", "org_id": org}))
    );
    stream
}

/// Posts warm-up events on `a` until `b`'s relay has subscribed and one comes through,
/// then lets every stream drain them.
async fn until_relayed(a: &TestApp, streams: &mut [&mut EventStream]) {
    for _ in 0..20 {
        post_motion(a, 1).await;
        if streams[0]
            .next_data(Duration::from_millis(300))
            .await
            .is_some()
        {
            for stream in streams.iter_mut() {
                while stream.next_data(SILENCE).await.is_some() {}
            }
            return;
        }
    }
    panic!("instance B never received instance A's events");
}

#[actix_web::test]
async fn motion_posted_to_one_instance_streams_on_the_other_for_its_org_only() {
    let Some(url) = redis_url().await else {
        return;
    };
    let (org_a, org_b) = (unique("org_a"), unique("org_b"));
    let a = instance(&url, "a").await;
    let b = instance(&url, "b").await;
    seed_node(&a, &org_a, "aaaa0001", KEY_A);
    seed_camera(&a, &org_a, "aaaa0001", CAM_A, "Front door");
    let member = |org: &str| PlanIdentity::token("member", org, "u1", "pro_plus", "");
    let mut on_a = open(&a, &member(&org_a), &org_a).await;
    let mut on_b = open(&b, &member(&org_a), &org_a).await;
    let mut other_org_on_b = open(&b, &member(&org_b), &org_b).await;
    until_relayed(&a, &mut [&mut on_b, &mut on_a, &mut other_org_on_b]).await;

    post_motion(&a, 77).await;
    let expected: Value = json!({
        "type": "motion",
        "camera_id": CAM_A,
        "node_id": "aaaa0001",
        "score": 77,
        "timestamp": "2026-11-27T11:59:00",
    });
    assert_eq!(on_b.next_data(WAIT).await, Some(expected.clone()));
    assert_eq!(on_a.next_data(WAIT).await, Some(expected));
    assert_eq!(
        on_a.next_data(SILENCE).await,
        None,
        "A streamed its own event twice"
    );
    assert_eq!(
        on_b.next_data(SILENCE).await,
        None,
        "B streamed A's event twice"
    );
    assert_eq!(
        other_org_on_b.next_data(SILENCE).await,
        None,
        "another org never sees the event"
    );
    a.stop().await;
    b.stop().await;
}

#[actix_web::test]
async fn the_stream_cap_counts_streams_open_on_every_instance() {
    let Some(url) = redis_url().await else {
        return;
    };
    let org = unique("org_cap");
    let a = instance(&url, "a").await;
    let b = instance(&url, "b").await;
    let free = |n: usize| PlanIdentity::token("member", &org, &format!("u{n}"), "free_org", "");
    let mut open_streams = Vec::new();
    for n in 0..10 {
        let app = if n % 2 == 0 { &a } else { &b };
        open_streams.push(EventStream::open(app, "/api/motion/events/stream", &free(n)).await);
    }
    for app in [&a, &b] {
        let (status, body) =
            status_json(view(app, &free(10), "/api/motion/events/stream").await).await;
        assert_eq!(status, 429);
        assert_eq!(
            body,
            json!({"detail": "Too many open motion streams for this organization (limit 10 on \
                your plan). Close another tab or upgrade your plan."})
        );
    }
    assert_eq!(
        a.state
            .motion_subscribers
            .subscribers_of(&sentinel_domain::ids::OrgId::new(org.as_str())),
        5,
        "each instance still counts its own streams"
    );
    let other = PlanIdentity::token("member", &unique("org_other"), "u0", "free_org", "");
    let _other = EventStream::open(&b, "/api/motion/events/stream", &other).await;
    drop(open_streams);
    a.stop().await;
    b.stop().await;
}

/// The motion notification A creates streams on B with A's row id and the same JSON, and
/// B, which only relays it, creates no notification of its own.
#[actix_web::test]
async fn a_notification_created_on_one_instance_streams_on_the_other_and_is_not_duplicated() {
    let Some(url) = redis_url().await else {
        return;
    };
    let (org, warm_up_org) = (unique("org_n"), unique("org_w"));
    let a = instance(&url, "a").await;
    let b = instance(&url, "b").await;
    seed_node(&a, &org, "aaaa0001", KEY_A);
    seed_camera(&a, &org, "aaaa0001", CAM_A, "Front door");
    // Warm-up motion comes from another org: the org under test gets exactly one event,
    // so its motion notification cannot be held back by the per-camera cooldown.
    seed_node(&a, &warm_up_org, "bbbb0001", KEY_B);
    seed_camera(&a, &warm_up_org, "bbbb0001", CAM_B, "Back yard");
    let admin = |org: &str| PlanIdentity::token("admin", org, "u1", "pro_plus", "");
    let mut warm_up_on_b = open(&b, &admin(&warm_up_org), &warm_up_org).await;
    let mut inbox_on_a = open_at(&a, "/api/notifications/stream", &admin(&org), &org).await;
    let mut inbox_on_b = open_at(&b, "/api/notifications/stream", &admin(&org), &org).await;
    let mut relayed = false;
    for _ in 0..20 {
        post_motion_from(&a, KEY_B, CAM_B, 1).await;
        if warm_up_on_b
            .next_data(Duration::from_millis(300))
            .await
            .is_some()
        {
            relayed = true;
            break;
        }
    }
    assert!(relayed, "instance B never received instance A's events");

    post_motion(&a, 88).await;
    let on_a = inbox_on_a.next_data(WAIT).await.unwrap();
    assert_eq!(on_a["kind"], "motion");
    assert_eq!(inbox_on_b.next_data(WAIT).await, Some(on_a));
    assert_eq!(
        inbox_on_b.next_data(SILENCE).await,
        None,
        "B streamed it twice"
    );

    assert_eq!(inbox_total(&a, &admin(&org)).await, 1);
    assert_eq!(
        inbox_total(&b, &admin(&org)).await,
        0,
        "B's emitters reacted to A's motion"
    );
    a.stop().await;
    b.stop().await;
}

async fn inbox_total(app: &TestApp, token: &str) -> i64 {
    let (status, body) = status_json(view(app, token, "/api/notifications").await).await;
    assert_eq!(status, 200);
    body["total"].as_i64().unwrap()
}
