//! `POST /api/webhooks/clerk` and `/api/webhooks/resend` (notifications-email-webhooks.md §9):
//! Svix signatures computed here independently of the app, the ledger, and each event's effect.

use crate::nodes_common::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::{EmailOutboxRepo, SettingsRepo};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::Arc;

const CLERK_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const RESEND_SECRET: &str = "whsec_c2VjcmV0LWZvci1yZXNlbmQtd2ViaG9va3M=";
const PATHS_A: [&str; 4] = ["/dev/video0", "/dev/video1", "/dev/video2", "/dev/video3"];
const PATHS_B: [&str; 4] = ["/dev/video4", "/dev/video5", "/dev/video6", "/dev/video7"];

async fn webhook_app() -> TestApp {
    TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .env("CLERK_WEBHOOK_SECRET", CLERK_SECRET)
        .env("RESEND_WEBHOOK_SECRET", RESEND_SECRET)
        .start()
        .await
}

/// Svix's scheme: `v1,base64(HMAC-SHA256(base64-decoded secret, "id.ts.body"))`.
fn svix_signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

struct Delivery<'a> {
    path: &'a str,
    secret: &'a str,
    id: &'a str,
    timestamp_offset: i64,
    tamper: bool,
}

async fn deliver(app: &TestApp, delivery: Delivery<'_>, event: &Value) -> (u16, Value) {
    let body = event.to_string();
    let timestamp = app.clock.now().timestamp() + delivery.timestamp_offset;
    let signature = svix_signature(delivery.secret, delivery.id, timestamp, &body);
    let sent = if delivery.tamper {
        body.replace("org_a", "org_b")
    } else {
        body
    };
    let response = app
        .client
        .post(app.url(delivery.path))
        .header("content-type", "application/json")
        .header("svix-id", delivery.id)
        .header("svix-timestamp", timestamp.to_string())
        .header("svix-signature", signature)
        .body(sent)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn clerk(app: &TestApp, id: &str, event: Value) -> (u16, Value) {
    let delivery = Delivery {
        path: "/api/webhooks/clerk",
        secret: CLERK_SECRET,
        id,
        timestamp_offset: 0,
        tamper: false,
    };
    deliver(app, delivery, &event).await
}

async fn resend(app: &TestApp, id: &str, event: Value) -> (u16, Value) {
    let delivery = Delivery {
        path: "/api/webhooks/resend",
        secret: RESEND_SECRET,
        id,
        timestamp_offset: 0,
        tamper: false,
    };
    deliver(app, delivery, &event).await
}

fn setting(app: &TestApp, org: &str, key: &str) -> Option<String> {
    SettingsRepo::get(&store(app), &OrgId::new(org), key).unwrap()
}

fn subscription(org: &str, items: Value) -> Value {
    json!({"type": "subscription.updated", "data": {"payer": {"organization_id": org}, "items": items}})
}

fn active(slug: &str) -> Value {
    json!([{"status": "active", "plan": {"slug": slug}}])
}

fn flagged(app: &TestApp, node_id: &str) -> Vec<String> {
    cameras_of(app, "org_a", node_id)
        .into_iter()
        .filter(|camera| camera.disabled_by_plan)
        .map(|camera| camera.camera_id.into_inner())
        .collect()
}

async fn titles(app: &TestApp, token: &str) -> Vec<String> {
    let (status, body) = api(app, "GET", "/api/notifications", Some(token), None).await;
    assert_eq!(status, 200, "{body}");
    body["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_owned())
        .collect()
}

// ----- signatures and the ledger --------------------------------------------------------

#[actix_web::test]
async fn a_signed_subscription_event_sets_the_plan() {
    let app = webhook_app().await;
    let (status, body) = clerk(&app, "msg_1", subscription("org_a", active("pro"))).await;
    assert_eq!((status, body), (200, json!({"received": true})));
    assert_eq!(setting(&app, "org_a", "org_plan").as_deref(), Some("pro"));
    assert_eq!(
        setting(&app, "org_a", "payment_past_due").as_deref(),
        Some("false")
    );
}

#[actix_web::test]
async fn bad_signatures_are_rejected_with_no_side_effects() {
    let app = webhook_app().await;
    let event = subscription("org_a", active("pro"));
    let cases = [
        ("tampered body", CLERK_SECRET, 0, true),
        ("wrong secret", RESEND_SECRET, 0, false),
        ("stale timestamp", CLERK_SECRET, -301, false),
        ("future timestamp", CLERK_SECRET, 301, false),
    ];
    for (case, secret, offset, tamper) in cases {
        let delivery = Delivery {
            path: "/api/webhooks/clerk",
            secret,
            id: "msg_bad",
            timestamp_offset: offset,
            tamper,
        };
        let (status, body) = deliver(&app, delivery, &event).await;
        assert_eq!(status, 400, "{case}");
        assert_eq!(body, json!({"detail": "Invalid signature"}), "{case}");
    }
    let unsigned = app
        .client
        .post(app.url("/api/webhooks/clerk"))
        .body(event.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
    assert_eq!(setting(&app, "org_a", "org_plan"), None);
    assert_eq!(setting(&app, "org_b", "org_plan"), None);
    // Nothing was recorded either: the same id, correctly signed, is processed.
    let (status, body) = clerk(&app, "msg_bad", event).await;
    assert_eq!((status, body), (200, json!({"received": true})));
}

#[actix_web::test]
async fn a_replayed_message_is_processed_once() {
    let app = webhook_app().await;
    clerk(&app, "msg_replay", subscription("org_a", active("pro"))).await;
    set_setting(&app, "org_a", "org_plan", "pro_plus");
    let (status, body) = clerk(&app, "msg_replay", subscription("org_a", active("pro"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "duplicate", "svix_id": "msg_replay"})
    );
    assert_eq!(
        setting(&app, "org_a", "org_plan").as_deref(),
        Some("pro_plus"),
        "the replay changed nothing"
    );
}

#[actix_web::test]
async fn an_unset_secret_makes_the_endpoints_unavailable() {
    let app = fake_app().await;
    for (path, secret) in [
        ("/api/webhooks/clerk", CLERK_SECRET),
        ("/api/webhooks/resend", RESEND_SECRET),
    ] {
        let delivery = Delivery {
            path,
            secret,
            id: "msg_x",
            timestamp_offset: 0,
            tamper: false,
        };
        let (status, body) = deliver(&app, delivery, &json!({"type": "user.created"})).await;
        assert_eq!(status, 400);
        assert_eq!(body, json!({"detail": "Webhook processing unavailable"}));
    }
}

#[actix_web::test]
async fn standard_webhooks_headers_are_accepted() {
    let app = webhook_app().await;
    let body = subscription("org_a", active("pro_plus")).to_string();
    let ts = app.clock.now().timestamp();
    let response = app
        .client
        .post(app.url("/api/webhooks/clerk"))
        .header("webhook-id", "msg_std")
        .header("webhook-timestamp", ts.to_string())
        .header(
            "webhook-signature",
            svix_signature(CLERK_SECRET, "msg_std", ts, &body),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        setting(&app, "org_a", "org_plan").as_deref(),
        Some("pro_plus")
    );
}

// ----- billing ---------------------------------------------------------------------------

/// Eight cameras (node A's four first, node B's a minute later) on a pro org.
async fn eight_cameras() -> (TestApp, String, String) {
    let app = webhook_app().await;
    set_setting(&app, "org_a", "org_plan", "pro");
    let (node_a, key_a) = create_node(&app, ADMIN_A, Some("A")).await;
    let (node_b, key_b) = create_node(&app, ADMIN_A, Some("B")).await;
    register(&app, &node_a, &key_a, &PATHS_A).await;
    app.clock.advance(chrono::Duration::seconds(60));
    register(&app, &node_b, &key_b, &PATHS_B).await;
    (app, node_a, node_b)
}

#[actix_web::test]
async fn downgrade_and_upgrade_flip_the_newest_cameras() {
    let (app, node_a, node_b) = eight_cameras().await;
    assert!(flagged(&app, &node_a).is_empty() && flagged(&app, &node_b).is_empty());

    let ended = json!({"type": "subscriptionItem.ended", "data": {"payer": {"organization_id": "org_a"}, "plan": {"slug": "pro"}}});
    assert_eq!(clerk(&app, "msg_end", ended).await.0, 200);
    assert_eq!(
        setting(&app, "org_a", "org_plan").as_deref(),
        Some("free_org")
    );
    let newest_b: Vec<String> = PATHS_B[1..].iter().map(|p| camera_id(&node_b, p)).collect();
    assert!(flagged(&app, &node_a).is_empty(), "the oldest are kept");
    assert_eq!(flagged(&app, &node_b), newest_b);
    let cached = app
        .state
        .fleet_directory
        .cached_camera(
            &OrgId::new("org_a"),
            &sentinel_domain::ids::CameraId::new(newest_b[0].clone()),
        )
        .flatten()
        .unwrap();
    assert!(cached.disabled_by_plan, "the live path sees the flag");
    let (_, cameras) = api(&app, "GET", "/api/cameras", Some(ADMIN_A), None).await;
    assert_eq!(cameras.as_array().unwrap().len(), 8, "rows are preserved");

    let upgraded = clerk(&app, "msg_up", subscription("org_a", active("pro"))).await;
    assert_eq!(upgraded.0, 200);
    assert!(
        flagged(&app, &node_b).is_empty(),
        "the upgrade re-enables all"
    );
}

#[actix_web::test]
async fn past_due_beyond_grace_then_paid_restores_the_cameras() {
    let (app, _node_a, node_b) = eight_cameras().await;
    let past_due = json!({"type": "subscription.pastDue", "data": {"payer": {"organization_id": "org_a"}, "past_due_at": 1_700_000_000}});
    assert_eq!(clerk(&app, "msg_pd", past_due).await.0, 200);
    assert_eq!(
        setting(&app, "org_a", "payment_past_due").as_deref(),
        Some("true")
    );
    assert_eq!(
        setting(&app, "org_a", "payment_past_due_at").as_deref(),
        Some("2023-11-14T22:13:20+00:00")
    );
    assert_eq!(
        flagged(&app, &node_b).len(),
        3,
        "grace long over: free caps"
    );

    // A second past-due notice keeps the first timestamp.
    let again = json!({"type": "subscriptionItem.pastDue", "data": {"payer": {"organization_id": "org_a"}, "past_due_at": 1_800_000_000}});
    clerk(&app, "msg_pd2", again).await;
    assert_eq!(
        setting(&app, "org_a", "payment_past_due_at").as_deref(),
        Some("2023-11-14T22:13:20+00:00")
    );

    let paid = json!({"type": "paymentAttempt.updated", "data": {"payer": {"organization_id": "org_a"}, "status": "paid"}});
    assert_eq!(clerk(&app, "msg_paid", paid).await.0, 200);
    assert_eq!(
        setting(&app, "org_a", "payment_past_due").as_deref(),
        Some("false")
    );
    assert_eq!(
        setting(&app, "org_a", "payment_past_due_at").as_deref(),
        Some("")
    );
    assert!(flagged(&app, &node_b).is_empty());
}

#[actix_web::test]
async fn a_new_past_due_without_a_date_is_stamped_now_and_keeps_the_plan_in_grace() {
    let (app, _node_a, node_b) = eight_cameras().await;
    let past_due =
        json!({"type": "subscription.pastDue", "data": {"payer": {"organization_id": "org_a"}}});
    clerk(&app, "msg_pd", past_due).await;
    assert_eq!(
        setting(&app, "org_a", "payment_past_due_at").as_deref(),
        Some("2026-11-27T12:01:00+00:00")
    );
    assert!(flagged(&app, &node_b).is_empty(), "still within the grace");
}

#[actix_web::test]
async fn cancel_marks_pending_and_a_canceled_item_keeps_its_plan_until_period_end() {
    let app = webhook_app().await;
    let canceled = json!({"type": "subscriptionItem.canceled", "data": {"payer": {"organization_id": "org_a"}}});
    clerk(&app, "msg_c", canceled).await;
    assert_eq!(
        setting(&app, "org_a", "plan_cancel_pending").as_deref(),
        Some("true")
    );
    let future_ms = (app.clock.now().timestamp() + 86_400) * 1000;
    let items = json!([
        {"status": "canceled", "plan": {"slug": "pro_plus"}, "period_end": future_ms},
        {"status": "upcoming", "plan": {"slug": "pro"}}
    ]);
    clerk(&app, "msg_s", subscription("org_a", items)).await;
    assert_eq!(
        setting(&app, "org_a", "org_plan").as_deref(),
        Some("pro_plus")
    );
    assert_eq!(
        setting(&app, "org_a", "plan_cancel_pending").as_deref(),
        Some("true"),
        "no active paid item: still pending"
    );
    let past = json!([{"status": "canceled", "plan": {"slug": "pro"}, "period_end": 1_000}]);
    clerk(&app, "msg_s2", subscription("org_a", past)).await;
    assert_eq!(
        setting(&app, "org_a", "org_plan").as_deref(),
        Some("free_org")
    );
    let item_active = json!({"type": "subscriptionItem.active", "data": {"payer": {"organization_id": "org_a"}, "plan": {"slug": "pro"}}});
    clerk(&app, "msg_ia", item_active).await;
    assert_eq!(setting(&app, "org_a", "org_plan").as_deref(), Some("pro"));
    assert_eq!(
        setting(&app, "org_a", "plan_cancel_pending").as_deref(),
        Some("")
    );
}

#[actix_web::test]
async fn events_without_an_org_and_unknown_events_are_accepted_and_ignored() {
    let app = webhook_app().await;
    let no_org = json!({"type": "subscription.created", "data": {"items": []}});
    assert_eq!(clerk(&app, "msg_n", no_org).await.0, 200);
    let user = json!({"type": "user.created", "data": {"id": "user_1"}});
    assert_eq!(clerk(&app, "msg_u", user).await.0, 200);
    let replay = json!({"type": "user.created", "data": {"id": "user_1"}});
    assert_eq!(clerk(&app, "msg_u", replay).await.1["status"], "duplicate");
}

#[actix_web::test]
async fn signed_json_that_is_no_event_is_a_malformed_body_and_not_recorded() {
    let app = webhook_app().await;
    for (id, body, loc) in [
        ("msg_list", json!([]), json!(["body"])),
        ("msg_no_type", json!({"data": {}}), json!(["body", "type"])),
        (
            "msg_int_type",
            json!({"type": 1, "data": {}}),
            json!(["body", "type"]),
        ),
        (
            "msg_no_data",
            json!({"type": "user.created"}),
            json!(["body", "data"]),
        ),
        (
            "msg_list_data",
            json!({"type": "email.bounced", "data": ["bob@example.com"]}),
            json!(["body", "data"]),
        ),
    ] {
        let (status, answer) = clerk(&app, id, body.clone()).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(answer["detail"]["error"], "validation_failed", "{body}");
        assert_eq!(answer["detail"]["errors"][0]["loc"], loc, "{body}");
        assert_eq!(resend(&app, id, body.clone()).await.0, 422, "{body}");
        // Not recorded: the same id carrying an event is processed, not a duplicate.
        let event = json!({"type": "user.created", "data": {"id": "user_1"}});
        assert_eq!(
            clerk(&app, id, event).await,
            (200, json!({"received": true}))
        );
    }
}

// ----- memberships and organizations ------------------------------------------------------

fn membership(kind: &str, role: &str) -> Value {
    json!({"type": format!("organizationMembership.{kind}"), "data": {
        "organization": {"id": "org_a"},
        "public_user_data": {"user_id": "user_new", "identifier": "new@example.com"},
        "role": role,
    }})
}

#[actix_web::test]
async fn membership_events_notify_the_admins() {
    let app = webhook_app().await;
    clerk(&app, "msg_m1", membership("created", "org:member")).await;
    clerk(&app, "msg_m2", membership("updated", "org:admin")).await;
    clerk(&app, "msg_m3", membership("deleted", "org:admin")).await;
    let org_created = json!({"type": "organization.created", "data": {"id": "org_a", "name": "Acme", "created_by": "user_a"}});
    clerk(&app, "msg_o", org_created).await;
    let mut seen = titles(&app, ADMIN_A).await;
    seen.sort();
    assert_eq!(
        seen,
        [
            "Member added: new@example.com",
            "Member removed: new@example.com",
            "Member role changed: new@example.com",
            "Welcome to Sentinel, Acme",
        ]
    );
    assert!(titles(&app, ADMIN_B).await.is_empty());
}

#[actix_web::test]
async fn organization_deleted_wipes_the_org_only() {
    let (app, node_a, _node_b) = eight_cameras().await;
    set_setting(&app, "org_b", "org_plan", "pro");
    let deleted = json!({"type": "organization.deleted", "data": {"id": "org_a", "deleted": true}});
    assert_eq!(clerk(&app, "msg_del", deleted).await.0, 200);
    assert!(cameras_of(&app, "org_a", &node_a).is_empty());
    assert!(node_row(&app, "org_a", &node_a).is_none());
    assert_eq!(setting(&app, "org_a", "org_plan"), None);
    assert_eq!(setting(&app, "org_b", "org_plan").as_deref(), Some("pro"));
}

// ----- Resend ----------------------------------------------------------------------------

fn insert_sent_outbox(app: &TestApp, message_id: &str) {
    use sentinel_ports::driven::repos::{AttemptResult, NewOutboxEmail, OutboxStatus};
    let (store, at) = (store(app), naive_now(app));
    let row = NewOutboxEmail {
        recipient_email: "x@y.io".to_owned(),
        subject: "s".to_owned(),
        body_text: String::new(),
        body_html: String::new(),
        kind: "camera_offline".to_owned(),
        notification_id: None,
    };
    store.enqueue(&OrgId::new("org_a"), &[row], at).unwrap();
    let claimed = store.claim_pending_all_orgs(10, at).unwrap();
    let result = AttemptResult {
        status: OutboxStatus::Sent,
        sent_at: Some(at),
        resend_message_id: Some(message_id.to_owned()),
        error: None,
    };
    assert!(
        store
            .finish_attempt_by_id(claimed[0].id, &result, at)
            .unwrap()
    );
}

#[actix_web::test]
async fn bounces_and_complaints_suppress_the_addresses_first_reason_wins() {
    let app = webhook_app().await;
    insert_sent_outbox(&app, "re_1");
    let bounced = json!({"type": "email.bounced", "data": {"email_id": "re_1", "to": [" Bob@Example.COM ", "not-an-address"]}});
    let (status, body) = resend(&app, "msg_r1", bounced).await;
    assert_eq!((status, body), (200, json!({"received": true})));
    let complained =
        json!({"type": "email.complained", "data": {"email_id": "re_2", "to": "bob@example.com"}});
    resend(&app, "msg_r2", complained).await;
    let complained_other = json!({"type": "email.complained", "data": {"to": "eve@example.com"}});
    resend(&app, "msg_r3", complained_other.clone()).await;

    let store = store(&app);
    let bob = store
        .suppression_global("bob@example.com")
        .unwrap()
        .unwrap();
    assert_eq!(
        (bob.reason.as_str(), bob.source.as_str()),
        ("bounce", "resend_webhook")
    );
    let eve = store
        .suppression_global("eve@example.com")
        .unwrap()
        .unwrap();
    assert_eq!(eve.reason, "complaint");
    assert!(
        store
            .suppression_global("not-an-address")
            .unwrap()
            .is_none()
    );
    let outbox = store.list_outbox(&OrgId::new("org_a")).unwrap();
    assert_eq!(outbox[0].status.as_str(), "suppressed");
    assert_eq!(
        outbox[0].error.as_deref(),
        Some("webhook_event:email.bounced:reason=bounce")
    );

    let (_, dup) = resend(&app, "msg_r3", complained_other).await;
    assert_eq!(dup, json!({"status": "duplicate", "svix_id": "msg_r3"}));
    let opened = json!({"type": "email.opened", "data": {"to": "zed@example.com"}});
    assert_eq!(resend(&app, "msg_r4", opened).await.0, 200);
    assert!(
        store
            .suppression_global("zed@example.com")
            .unwrap()
            .is_none()
    );
}

#[actix_web::test]
async fn a_resend_event_signed_with_the_clerk_secret_is_rejected() {
    let app = webhook_app().await;
    let delivery = Delivery {
        path: "/api/webhooks/resend",
        secret: CLERK_SECRET,
        id: "msg_w",
        timestamp_offset: 0,
        tamper: false,
    };
    let bounced = json!({"type": "email.bounced", "data": {"to": "bob@example.com"}});
    let (status, _) = deliver(&app, delivery, &bounced).await;
    assert_eq!(status, 400);
    assert!(
        store(&app)
            .suppression_global("bob@example.com")
            .unwrap()
            .is_none()
    );
}
