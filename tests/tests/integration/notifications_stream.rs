//! The notification SSE stream over real HTTP: frames, audience filter, per-plan cap,
//! tenant isolation, and the health report's subscriber numbers.

use crate::notifications_common::*;
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::Value;
use std::time::Duration;

/// An open stream, read frame by frame.
struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    async fn open(app: &TestApp, token: &str) -> EventStream {
        let response = app
            .client
            .get(app.url("/api/notifications/stream"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_eq!(response.headers()["x-accel-buffering"], "no");
        EventStream {
            response,
            buffer: String::new(),
        }
    }

    /// The next `data:` frame's JSON, or `None` if none arrives within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                if let Some(data) = frame.strip_prefix("data: ") {
                    return Some(serde_json::from_str(data.trim_end()).unwrap());
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .unwrap()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

const WAIT: Duration = Duration::from_secs(2);
const QUIET: Duration = Duration::from_millis(300);

#[actix_web::test]
async fn stream_opens_with_connected_then_carries_notifications() {
    let app = app().await;
    let mut stream = EventStream::open(&app, &member("org_a")).await;
    let first = stream.next(WAIT).await.unwrap();
    assert_eq!(
        first,
        serde_json::json!({"type": "connected", "org_id": "org_a"})
    );
    let stored = store(&app, "org_a", for_everyone("Door")).unwrap();
    let event = stream.next(WAIT).await.unwrap();
    assert_eq!(event["type"], "notification");
    assert_eq!(event["id"], stored.id);
    assert_eq!(event["kind"], "camera_offline");
    assert_eq!(event["audience"], "all");
    assert_eq!(event["title"], "Door went offline");
}

#[actix_web::test]
async fn admin_audience_events_reach_only_admin_subscribers() {
    let app = app().await;
    let mut as_admin = EventStream::open(&app, &admin("org_a")).await;
    let mut as_member = EventStream::open(&app, &member("org_a")).await;
    as_admin.next(WAIT).await.unwrap();
    as_member.next(WAIT).await.unwrap();
    store(&app, "org_a", for_admins("Shed"));
    store(&app, "org_a", for_everyone("Door"));
    assert_eq!(
        as_admin.next(WAIT).await.unwrap()["title"],
        "Node 'Shed' went offline"
    );
    assert_eq!(
        as_admin.next(WAIT).await.unwrap()["title"],
        "Door went offline"
    );
    // The member's first event is the all-audience one: the admin row was never sent.
    assert_eq!(
        as_member.next(WAIT).await.unwrap()["title"],
        "Door went offline"
    );
    assert!(as_member.next(QUIET).await.is_none());
}

#[actix_web::test]
async fn other_orgs_events_never_reach_a_stream() {
    let app = app().await;
    let mut org_b = EventStream::open(&app, &admin("org_b")).await;
    assert_eq!(org_b.next(WAIT).await.unwrap()["org_id"], "org_b");
    store(&app, "org_a", for_everyone("Door"));
    store(&app, "org_a", for_admins("Shed"));
    assert!(org_b.next(QUIET).await.is_none());
}

#[actix_web::test]
async fn streams_over_the_plans_cap_are_refused_with_429_per_org() {
    let app = app().await;
    let free = |org: &str, n: usize| {
        FakeIdentity::token_on_plan("member", org, &format!("u{n}"), "free_org")
    };
    let mut open = Vec::new();
    for n in 0..10 {
        open.push(EventStream::open(&app, &free("org_a", n)).await);
    }
    let refused = app
        .client
        .get(app.url("/api/notifications/stream"))
        .bearer_auth(free("org_a", 10))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("limit 10"),
        "{body}"
    );
    // The cap is per org.
    let _other = EventStream::open(&app, &free("org_b", 0)).await;
    let (_, health) = get_json(&app, "/api/health/detailed", &admin("org_a")).await;
    assert_eq!(health["checks"]["sse"]["subscriber_total"], 11, "{health}");
    assert_eq!(health["checks"]["sse"]["subscriber_orgs"], 2, "{health}");
    // A closed stream frees its place (noticed when the next frame cannot be written).
    drop(open.pop());
    let mut freed = None;
    for _ in 0..50 {
        store(&app, "org_a", for_everyone("Wake"));
        let response = app
            .client
            .get(app.url("/api/notifications/stream"))
            .bearer_auth(free("org_a", 11))
            .send()
            .await
            .unwrap();
        if response.status() == 200 {
            freed = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        freed.is_some(),
        "the dropped stream's place was never freed"
    );
}
