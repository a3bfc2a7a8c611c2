//! The notification SSE stream over real HTTP: frames, audience filter, per-plan cap,
//! tenant isolation, and the health report's subscriber numbers.

use crate::notifications_common::*;
use sentinel_tests::{EventStream, FakeIdentity};
use serde_json::Value;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(2);
const QUIET: Duration = Duration::from_millis(300);

#[actix_web::test]
async fn stream_opens_with_connected_then_carries_notifications() {
    let app = app().await;
    let mut stream = EventStream::open(&app, "/api/notifications/stream", &member("org_a")).await;
    let first = stream.next_data(WAIT).await.unwrap();
    assert_eq!(
        first,
        serde_json::json!({"type": "connected", "org_id": "org_a"})
    );
    let stored = store(&app, "org_a", for_everyone("Door")).unwrap();
    let event = stream.next_data(WAIT).await.unwrap();
    assert_eq!(event["type"], "notification");
    assert_eq!(event["id"], stored.id);
    assert_eq!(event["kind"], "camera_offline");
    assert_eq!(event["audience"], "all");
    assert_eq!(event["title"], "Door went offline");
}

#[actix_web::test]
async fn admin_audience_events_reach_only_admin_subscribers() {
    let app = app().await;
    let mut as_admin = EventStream::open(&app, "/api/notifications/stream", &admin("org_a")).await;
    let mut as_member =
        EventStream::open(&app, "/api/notifications/stream", &member("org_a")).await;
    as_admin.next_data(WAIT).await.unwrap();
    as_member.next_data(WAIT).await.unwrap();
    store(&app, "org_a", for_admins("Shed"));
    store(&app, "org_a", for_everyone("Door"));
    assert_eq!(
        as_admin.next_data(WAIT).await.unwrap()["title"],
        "Node 'Shed' went offline"
    );
    assert_eq!(
        as_admin.next_data(WAIT).await.unwrap()["title"],
        "Door went offline"
    );
    // The member's first event is the all-audience one: the admin row was never sent.
    assert_eq!(
        as_member.next_data(WAIT).await.unwrap()["title"],
        "Door went offline"
    );
    assert!(as_member.next_data(QUIET).await.is_none());
}

#[actix_web::test]
async fn other_orgs_events_never_reach_a_stream() {
    let app = app().await;
    let mut org_b = EventStream::open(&app, "/api/notifications/stream", &admin("org_b")).await;
    assert_eq!(org_b.next_data(WAIT).await.unwrap()["org_id"], "org_b");
    store(&app, "org_a", for_everyone("Door"));
    store(&app, "org_a", for_admins("Shed"));
    assert!(org_b.next_data(QUIET).await.is_none());
}

#[actix_web::test]
async fn streams_over_the_plans_cap_are_refused_with_429_per_org() {
    let app = app().await;
    let free = |org: &str, n: usize| {
        FakeIdentity::token_on_plan("member", org, &format!("u{n}"), "free_org")
    };
    let mut open = Vec::new();
    for n in 0..10 {
        open.push(EventStream::open(&app, "/api/notifications/stream", &free("org_a", n)).await);
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
    let _other = EventStream::open(&app, "/api/notifications/stream", &free("org_b", 0)).await;
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

#[actix_web::test]
async fn an_inbox_muted_kind_is_never_streamed() {
    let app = app().await;
    let mut stream = EventStream::open(&app, "/api/notifications/stream", &admin("org_a")).await;
    stream.next_data(WAIT).await.unwrap();
    {
        use sentinel_ports::driven::repos::SettingsRepo;
        let store = sentinel_app::database::SqlStore::new(app.database.clone());
        let org = sentinel_domain::ids::OrgId::new("org_a");
        store
            .set(&org, "camera_transition_notifications", "false", now(&app))
            .unwrap();
    }
    // Published on the bus unstored (for e-mail), but an inbox stream skips it.
    assert!(store(&app, "org_a", for_everyone("Door")).is_none());
    store(&app, "org_a", for_admins("Shed")).unwrap();
    assert_eq!(
        stream.next_data(WAIT).await.unwrap()["title"],
        "Node 'Shed' went offline"
    );
    assert!(stream.next_data(QUIET).await.is_none());
}
