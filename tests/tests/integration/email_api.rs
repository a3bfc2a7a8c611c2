//! E-mail over the real app: preferences endpoints, enqueue from the notification bus
//! (gate, audience, per-recipient unsubscribe links) and the one-click unsubscribe page.

use chrono::{TimeZone, Utc};
use sentinel_app::database::SqlStore;
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::{Audience, NotificationContent, NotificationKind, Severity};
use sentinel_ports::driven::notification_events::NotificationCreated;
use sentinel_ports::driven::repos::{EmailOutboxRepo, OutboxEmail};
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::time::Duration;

/// The org's audit entries for `event`, oldest first.
fn audit_details(app: &TestApp, org: &str, event: &str) -> Vec<Value> {
    let page = app
        .state
        .repos
        .audit
        .list(
            &OrgId::new(org),
            &sentinel_domain::audit::AuditQuery {
                event: Some(event.into()),
                username_contains: None,
                limit: 100,
                offset: 0,
            },
        )
        .unwrap();
    page.entries
        .iter()
        .rev()
        .map(|entry| serde_json::from_str(entry.details.as_deref().unwrap_or("null")).unwrap())
        .collect()
}

const PREFS: &str = "/api/notifications/email/preferences";

async fn get_json(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
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

async fn post_json(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn notification(
    id: i64,
    kind: NotificationKind,
    audience: &str,
    title: &str,
) -> NotificationCreated {
    NotificationCreated {
        id: Some(id),
        org: OrgId::new("org_local"),
        content: NotificationContent {
            kind,
            audience: Audience::coerce(audience),
            title: title.into(),
            body: "No heartbeat received in over 90 seconds.".into(),
            severity: Severity::Warning,
            link: Some("/dashboard?camera=cam-1".into()),
            camera_id: Some("cam-1".into()),
            node_id: Some("node-1".into()),
            meta: None,
        },
        created_at: Utc
            .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
            .unwrap()
            .naive_utc(),
    }
}

/// The org's outbox once it holds `count` rows (the enqueuer runs in the background).
async fn outbox_rows(app: &TestApp, count: usize) -> Vec<OutboxEmail> {
    let store = SqlStore::new(app.database.clone());
    for _ in 0..100 {
        let rows = store.list_outbox(&OrgId::new("org_local")).unwrap();
        if rows.len() >= count {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    store.list_outbox(&OrgId::new("org_local")).unwrap()
}

fn unsubscribe_path(row: &OutboxEmail) -> String {
    let line = row
        .body_text
        .lines()
        .find_map(|line| line.strip_prefix("Unsubscribe: "))
        .unwrap();
    let path = line.strip_prefix("http://localhost:5173").unwrap();
    assert!(
        row.body_html.contains(line),
        "the HTML carries the same link"
    );
    path.to_owned()
}

#[actix_web::test]
async fn preferences_default_round_trip_and_only_admins_change_them() {
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    let member = app.local_token("member", "local").await;
    let admin = app.local_token("admin", "local").await;
    let (status, body) = get_json(&app, &member, PREFS).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({
            "email_globally_enabled": true,
            "preferences": {
                "email_camera_offline": true, "email_node_offline": true,
                "email_incident_created": true, "email_mcp_key_audit": true,
                "email_cameranode_disk_low": true, "email_member_audit": true,
                "email_motion": false, "email_welcome": true,
            }
        })
    );
    let (status, _) = post_json(&app, &member, PREFS, json!({"email_motion": true})).await;
    assert_eq!(status, 403);

    let (status, body) = post_json(
        &app,
        &admin,
        PREFS,
        json!({"email_motion": true, "email_node_offline": false, "email_camera_offline": null,
               "email_welcome": false, "unknown": 1}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["changes"],
        json!(["email_node_offline=False", "email_motion=True"])
    );
    assert_eq!(body["preferences"]["email_motion"], true);
    assert_eq!(body["preferences"]["email_welcome"], true, "not settable");
    // A partial update leaves the rest alone; repeating it changes nothing.
    let (_, body) = post_json(&app, &admin, PREFS, json!({"email_motion": true})).await;
    assert_eq!(body["changes"], json!([]));
    assert_eq!(
        audit_details(&app, "org_local", "email_prefs_updated"),
        [json!({"changes": ["email_node_offline=False", "email_motion=True"]})],
        "one audit row, only when something changed"
    );
    let (_, body) = get_json(&app, &member, PREFS).await;
    assert_eq!(body["preferences"]["email_motion"], true);
    assert_eq!(body["preferences"]["email_node_offline"], false);
    assert_eq!(body["preferences"]["email_camera_offline"], true);
    app.stop().await;
}

#[actix_web::test]
async fn preferences_are_per_org() {
    let app = TestApp::start().await;
    let acme_admin = app.local_token("admin", "acme").await;
    let local_admin = app.local_token("admin", "local").await;
    let (status, _) = post_json(&app, &acme_admin, PREFS, json!({"email_motion": true})).await;
    assert_eq!(status, 200);
    let (_, acme) = get_json(&app, &acme_admin, PREFS).await;
    let (_, local) = get_json(&app, &local_admin, PREFS).await;
    assert_eq!(acme["preferences"]["email_motion"], true);
    assert_eq!(local["preferences"]["email_motion"], false);
    assert_eq!(local["email_globally_enabled"], false);
    let (status, _) = get_json(&app, "not-a-token", PREFS).await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[actix_web::test]
async fn notifications_enqueue_one_row_per_recipient_of_the_audience_when_enabled() {
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    let events = app.state.notification_events.clone();
    // Unmapped kinds (an inbox-only one, one this version does not know) and default-off
    // motion: nothing.
    events.publish(notification(
        1,
        NotificationKind::IntegrationKeyCreated,
        "admin",
        "New key",
    ));
    events.publish(notification(
        1,
        NotificationKind::parse("kind_of_a_newer_version"),
        "all",
        "Something new",
    ));
    events.publish(notification(
        2,
        NotificationKind::Motion,
        "all",
        "Motion on Door",
    ));
    events.publish(notification(
        3,
        NotificationKind::CameraOffline,
        "all",
        "Door went offline",
    ));
    events.publish(notification(
        4,
        NotificationKind::NodeOffline,
        "admin",
        "Node 'Garage' went offline",
    ));
    let rows = outbox_rows(&app, 3).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let rows_after = outbox_rows(&app, 3).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows_after.len(), 3);
    let summary: Vec<(&str, &str, Option<i64>)> = rows
        .iter()
        .map(|r| {
            (
                r.kind.as_str(),
                r.recipient_email.as_str(),
                r.notification_id,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("camera_offline", "admin@example.com", Some(3)),
            ("camera_offline", "member@example.com", Some(3)),
            ("node_offline", "admin@example.com", Some(4)),
        ]
    );
    assert_eq!(rows[0].subject, "[Sentinel] Camera offline: Door");
    assert!(rows.iter().all(|r| r.attempts == 0));
    assert_ne!(unsubscribe_path(&rows[0]), unsubscribe_path(&rows[1]));
    assert!(!rows[0].body_html.contains("__SENTINEL_UNSUBSCRIBE_URL__"));
    app.stop().await;
}

#[actix_web::test]
async fn with_the_kill_switch_off_nothing_is_enqueued() {
    let app = TestApp::start().await;
    app.state.notification_events.publish(notification(
        1,
        NotificationKind::CameraOffline,
        "all",
        "Door went offline",
    ));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(outbox_rows(&app, 0).await.is_empty());
    app.stop().await;
}

#[actix_web::test]
async fn the_unsubscribe_link_suppresses_the_address_once_and_refuses_tampering() {
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    app.state.notification_events.publish(notification(
        9,
        NotificationKind::CameraOffline,
        "all",
        "Door went offline",
    ));
    let rows = outbox_rows(&app, 2).await;
    let member_row = rows
        .iter()
        .find(|r| r.recipient_email == "member@example.com")
        .unwrap();
    let path = unsubscribe_path(member_row);

    let response = app.get(&path).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(page.contains("unsubscribed"), "{page}");
    assert!(page.contains("camera offline"), "{page}");
    assert!(page.contains("http://localhost:5173/settings#settings-notifications"));
    let store = SqlStore::new(app.database.clone());
    let suppression = store
        .suppression_global("member@example.com")
        .unwrap()
        .unwrap();
    assert_eq!(
        (suppression.reason.as_str(), suppression.source.as_str()),
        ("unsubscribe", "unsubscribe_link")
    );
    assert_eq!(
        audit_details(&app, "org_local", "email_unsubscribed"),
        [json!({"kind": "camera_offline", "via_link": true, "address": "m***@example.com"})]
    );
    // Idempotent second click.
    assert_eq!(app.get(&path).await.status(), 200);
    assert!(
        store
            .suppression_global("admin@example.com")
            .unwrap()
            .is_none()
    );

    // Tampering with the payload or signature is refused with the HTML page.
    let (prefix, token) = path.split_once("?t=").unwrap();
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[2] = parts[2].chars().rev().collect();
    let forged = format!("{prefix}?t={}", parts.join("."));
    let response = app.get(&forged).await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Link not recognised")
    );
    let response = app
        .get("/api/notifications/email/unsubscribe?t=garbage")
        .await;
    assert_eq!(response.status(), 400);
    let response = app.get("/api/notifications/email/unsubscribe").await;
    assert_eq!(response.status(), 422);
    app.stop().await;
}

#[actix_web::test]
async fn the_confirmation_page_escapes_the_kind_and_the_link_is_rate_limited_per_ip() {
    use sentinel_ports::driven::clock::Clock;
    let app = TestApp::start().await;
    let token = app
        .state
        .email
        .tokens
        .mint(
            "org_local",
            "<script>alert(1)</script>_x",
            "a@example.com",
            app.clock.now().timestamp(),
        )
        .unwrap();
    let path = format!("/api/notifications/email/unsubscribe?t={token}");
    let response = app.get(&path).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(!page.contains("<script>"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; x"),
        "{page}"
    );
    for _ in 0..59 {
        assert_eq!(app.get(&path).await.status(), 200);
    }
    assert_eq!(app.get(&path).await.status(), 429);
    app.stop().await;
}

// ── Independent gates (notifications-email-webhooks.md §1.3) ────────────────────────────

fn inbox_rows(app: &TestApp) -> Vec<sentinel_domain::notifications::Notification> {
    use sentinel_ports::driven::clock::Clock;
    app.state
        .repos
        .notifications
        .list(
            &OrgId::new("org_local"),
            &sentinel_domain::notifications::InboxQuery {
                include_admin: true,
                since: app.clock.now().naive_utc() - chrono::Duration::days(1),
                after: None,
                limit: 100,
                offset: 0,
            },
        )
        .unwrap()
        .notifications
}

fn create(
    app: &TestApp,
    notification: sentinel_domain::notifications::NotificationContent,
) -> bool {
    use sentinel_ports::driven::clock::Clock;
    app.state
        .use_cases
        .notifier
        .create(
            &OrgId::new("org_local"),
            notification,
            app.clock.now().naive_utc(),
        )
        .is_some()
}

fn set(app: &TestApp, key: &str, value: &str) {
    use sentinel_ports::driven::clock::Clock;
    app.state
        .repos
        .settings
        .set(
            &OrgId::new("org_local"),
            key,
            value,
            app.clock.now().naive_utc(),
        )
        .unwrap();
}

#[actix_web::test]
async fn an_inbox_muted_kind_is_still_e_mailed_without_an_inbox_row() {
    use sentinel_domain::notifications::kinds;
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    let mut stream = (app.state.notification_feed)();
    set(&app, "cameranode_disk_notifications", "false");
    let stored = create(
        &app,
        kinds::cameranode_disk_low("Garage", "node_1", 93.0, 7 << 30, 100 << 30),
    );
    assert!(!stored, "the inbox gate is off");
    let rows = outbox_rows(&app, 1).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, "cameranode_disk_low");
    assert_eq!(rows[0].recipient_email, "admin@example.com");
    assert_eq!(rows[0].notification_id, None, "no inbox row to point at");
    assert_eq!(rows[0].subject, "[Sentinel] CameraNode disk low: Garage");
    assert!(inbox_rows(&app).is_empty());
    // On the bus it is marked unstored, so inbox streams skip it.
    let event = stream.recv().await.unwrap();
    assert_eq!(event.id, None);
    assert!(!event.stored());
    app.stop().await;
}

#[actix_web::test]
async fn an_e_mail_muted_kind_still_reaches_the_inbox_without_an_outbox_row() {
    use sentinel_domain::notifications::kinds;
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    set(&app, "email_cameranode_disk_low", "false");
    assert!(create(
        &app,
        kinds::cameranode_disk_low("Garage", "node_1", 93.0, 7 << 30, 100 << 30),
    ));
    // A kind that is e-mailed, published after: once its row is there, the enqueuer is done
    // with the muted one too (it consumes the bus in order).
    assert!(create(&app, kinds::node_offline("Garage", "node_1")));
    let rows = outbox_rows(&app, 1).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let rows_after = outbox_rows(&app, 1).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows_after.len(), 1);
    assert_eq!(rows[0].kind, "node_offline");
    let inbox: Vec<NotificationKind> = inbox_rows(&app)
        .into_iter()
        .map(|row| row.content.kind)
        .collect();
    assert_eq!(
        inbox,
        [
            NotificationKind::NodeOffline,
            NotificationKind::CameranodeDiskLow
        ]
    );
    app.stop().await;
}
