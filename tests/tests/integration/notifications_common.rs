//! Shared helpers of the notification tests.

use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::{self, Notification, NotificationContent};
use sentinel_ports::driven::clock::Clock;
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

pub async fn app() -> TestApp {
    TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .start()
        .await
}

pub fn admin(org: &str) -> String {
    FakeIdentity::token("admin", org, &format!("admin_{org}"))
}

pub fn member(org: &str) -> String {
    FakeIdentity::token("member", org, &format!("member_{org}"))
}

pub fn now(app: &TestApp) -> NaiveDateTime {
    app.clock.now().naive_utc()
}

/// Stores a notification through the pipeline, one second after the clock's now (and moves
/// the clock there), so ordering against read cursors is unambiguous.
pub fn store(app: &TestApp, org: &str, notification: NotificationContent) -> Option<Notification> {
    app.clock.advance(TimeDelta::seconds(1));
    app.state
        .use_cases
        .notifier
        .create(&OrgId::new(org), notification, now(app))
}

pub fn for_everyone(title: &str) -> NotificationContent {
    notifications::camera_offline(title, "cam_1", Some("node_1"))
}

pub fn for_admins(title: &str) -> NotificationContent {
    notifications::node_offline(title, "node_1")
}

pub async fn get_json(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn post_json(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn titles(app: &TestApp, token: &str) -> Vec<String> {
    let (status, body) = get_json(app, "/api/notifications", token).await;
    assert_eq!(status, 200, "{body}");
    body["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_owned())
        .collect()
}

pub async fn unread(app: &TestApp, token: &str) -> Value {
    let (status, body) = get_json(app, "/api/notifications/unread-count", token).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Polls the inbox until `predicate` holds on its rows (the emitters run in the background).
pub async fn wait_for_rows(
    app: &TestApp,
    token: &str,
    predicate: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let mut rows = Vec::new();
    for _ in 0..100 {
        let (_, body) = get_json(app, "/api/notifications", token).await;
        rows = body["notifications"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if predicate(&rows) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("condition never held; rows: {rows:?}");
}
