//! Plan caps on register and heartbeat (nominal plan for creation, effective plan for the
//! `disabled_by_plan` flags), the past-due grace, and `GET /api/nodes/plan`.

use crate::nodes_common::*;
use chrono::{TimeZone, Utc};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_tests::TestApp;
use serde_json::{Value, json};

const PATHS_A: [&str; 4] = ["/dev/video0", "/dev/video1", "/dev/video2", "/dev/video3"];
const PATHS_B: [&str; 4] = ["/dev/video4", "/dev/video5", "/dev/video6", "/dev/video7"];

fn flagged(app: &TestApp, node_id: &str) -> Vec<String> {
    cameras_of(app, "org_a", node_id)
        .into_iter()
        .filter(|camera| camera.disabled_by_plan)
        .map(|camera| camera.camera_id.into_inner())
        .collect()
}

async fn disabled_in_heartbeat(app: &TestApp, node_id: &str, key: &str) -> Value {
    let (status, reply) = node_post(
        app,
        "/api/nodes/heartbeat",
        Some(key),
        Some(heartbeat_body(node_id, &[])),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    reply["disabled_cameras"].clone()
}

/// Two nodes with four cameras each, created on a pro org (node B a minute later).
async fn eight_cameras_on_pro() -> (TestApp, (String, String), (String, String)) {
    let app = fake_app().await;
    set_setting(&app, "org_a", "org_plan", "pro");
    let (node_a, key_a) = create_node(&app, ADMIN_A, Some("A")).await;
    let (node_b, key_b) = create_node(&app, ADMIN_A, Some("B")).await;
    register(&app, &node_a, &key_a, &PATHS_A).await;
    app.clock.advance(chrono::Duration::seconds(60));
    register(&app, &node_b, &key_b, &PATHS_B).await;
    (app, (node_a, key_a), (node_b, key_b))
}

#[actix_web::test]
async fn a_free_org_with_eight_cameras_keeps_the_five_oldest() {
    let (app, (node_a, key_a), (node_b, key_b)) = eight_cameras_on_pro().await;
    assert!(flagged(&app, &node_a).is_empty() && flagged(&app, &node_b).is_empty());

    // Downgraded to free: the next register applies the cap (rows are never deleted).
    set_setting(&app, "org_a", "org_plan", "free_org");
    let reply = register(&app, &node_a, &key_a, &PATHS_A).await;
    assert_eq!(reply["plan"], "free");
    assert!(
        reply.get("plan_limit_hit").is_none(),
        "no new camera was skipped"
    );
    let expected_b: Vec<String> = PATHS_B[1..].iter().map(|p| camera_id(&node_b, p)).collect();
    assert!(
        flagged(&app, &node_a).is_empty(),
        "node A's four are the oldest"
    );
    assert_eq!(
        flagged(&app, &node_b),
        expected_b,
        "B's first stays, its other three are flagged"
    );
    let (_, cameras) = api(&app, "GET", "/api/cameras", Some(ADMIN_A), None).await;
    assert_eq!(cameras.as_array().unwrap().len(), 8);

    // The live path sees the flags at once.
    let directory = &app.state.fleet_directory;
    let org = OrgId::new("org_a");
    let cached = directory
        .cached_camera(&org, &CameraId::new(expected_b[0].clone()))
        .flatten()
        .unwrap();
    assert!(cached.disabled_by_plan);

    assert_eq!(
        disabled_in_heartbeat(&app, &node_a, &key_a).await,
        json!([])
    );
    assert_eq!(
        disabled_in_heartbeat(&app, &node_b, &key_b).await,
        json!(expected_b)
    );

    // Upgrading clears the flags on the next register.
    set_setting(&app, "org_a", "org_plan", "pro");
    register(&app, &node_a, &key_a, &PATHS_A).await;
    assert!(flagged(&app, &node_b).is_empty());
    assert_eq!(
        disabled_in_heartbeat(&app, &node_b, &key_b).await,
        json!([])
    );
    let cached = directory
        .cached_camera(&org, &CameraId::new(expected_b[0].clone()))
        .flatten()
        .unwrap();
    assert!(!cached.disabled_by_plan);
    app.stop().await;
}

#[actix_web::test]
async fn a_free_org_cannot_create_more_than_five_cameras() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let paths = [
        "/dev/video0",
        "/dev/video1",
        "/dev/video2",
        "/dev/video3",
        "/dev/video4",
        "/dev/video5",
        "/dev/video6",
    ];
    let reply = register(&app, &node_id, &key, &paths).await;
    let cameras = reply["cameras"].as_object().unwrap();
    assert_eq!(cameras.len(), 7, "skipped cameras still appear in the map");
    assert_eq!(
        cameras["/dev/video6"],
        camera_id(&node_id, "/dev/video6").as_str()
    );
    assert_eq!(
        reply["plan_limit_hit"],
        json!({
            "plan": "Free",
            "max_cameras": 5,
            "skipped": ["USB Camera 5", "USB Camera 6"],
            "detail": "Plan limit reached (5 on Free). Upgrade to add: USB Camera 5, USB Camera 6.",
        })
    );
    assert_eq!(cameras_of(&app, "org_a", &node_id).len(), 5);

    // Existing cameras are refreshed without a cap check; the skipped ones stay out.
    let reply = register(&app, &node_id, &key, &paths).await;
    assert_eq!(
        reply["plan_limit_hit"]["skipped"],
        json!(["USB Camera 5", "USB Camera 6"])
    );
    assert_eq!(cameras_of(&app, "org_a", &node_id).len(), 5);
    app.stop().await;
}

#[actix_web::test]
async fn past_due_beyond_the_grace_caps_to_free_and_inside_it_does_not() {
    let (app, (node_a, key_a), (node_b, key_b)) = eight_cameras_on_pro().await;
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap());
    set_setting(&app, "org_a", "payment_past_due", "true");
    set_setting(&app, "org_a", "payment_past_due_at", "2026-11-21T12:00:00Z");
    // Six days past due: still in grace, heartbeat enforcement changes nothing.
    assert_eq!(
        disabled_in_heartbeat(&app, &node_b, &key_b).await,
        json!([])
    );
    let (_, plan) = api(&app, "GET", "/api/nodes/plan", Some(ADMIN_A), None).await;
    assert_eq!(plan["payment_past_due"], true);
    assert_eq!(plan["grace_days_remaining"], 1);
    assert_eq!(plan["grace_expires_at"], "2026-11-28T12:00:00+00:00");
    assert_eq!(plan["grace_window_days"], 7);

    // Eight days past due: the heartbeat itself enforces the free cap.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap());
    let expected_b: Vec<String> = PATHS_B[1..].iter().map(|p| camera_id(&node_b, p)).collect();
    assert_eq!(
        disabled_in_heartbeat(&app, &node_b, &key_b).await,
        json!(expected_b)
    );
    assert_eq!(
        disabled_in_heartbeat(&app, &node_a, &key_a).await,
        json!([])
    );
    let (_, plan) = api(&app, "GET", "/api/nodes/plan", Some(ADMIN_A), None).await;
    assert_eq!(plan["grace_days_remaining"], 0);

    // Register still reports (and creates under) the nominal plan.
    let reply = register(&app, &node_a, &key_a, &PATHS_A).await;
    assert_eq!(reply["plan"], "pro");
    assert_eq!(flagged(&app, &node_b), expected_b);

    // Paid again: the flag goes and the next register lifts the cap.
    set_setting(&app, "org_a", "payment_past_due", "false");
    register(&app, &node_a, &key_a, &PATHS_A).await;
    assert!(flagged(&app, &node_b).is_empty());
    app.stop().await;
}

#[actix_web::test]
async fn plan_overview_reports_the_session_plan_usage_and_standing() {
    let app = fake_app().await;
    let (status, plan) = api(&app, "GET", "/api/nodes/plan", Some(MEMBER_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        plan,
        json!({
            "plan": "pro_plus",
            "plan_name": "Pro Plus",
            "features": [],
            "limits": {
                "max_cameras": 200,
                "max_nodes": 999,
                "max_seats": 20,
                "max_viewer_hours_per_month": 1500,
                "max_sse_subscribers": 100,
                "log_retention_days": 365,
            },
            "usage": {"nodes": 0, "cameras": 0, "viewer_hours_used": 0.0, "viewer_hours_limit": 1500},
            "payment_past_due": false,
            "grace_days_remaining": null,
            "grace_expires_at": null,
            "grace_window_days": 7,
            "plan_cancel_pending": false,
        })
    );
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    register(&app, &node_id, &key, &["/dev/video0", "/dev/video1"]).await;
    set_setting(&app, "org_a", "plan_cancel_pending", "true");
    set_setting(&app, "org_a", "payment_past_due", "true");
    let (_, plan) = api(&app, "GET", "/api/nodes/plan", Some(MEMBER_A), None).await;
    assert_eq!(plan["usage"]["nodes"], 1);
    assert_eq!(plan["usage"]["cameras"], 2);
    assert_eq!(plan["plan_cancel_pending"], true);
    assert_eq!(plan["payment_past_due"], true);
    assert_eq!(
        plan["grace_days_remaining"],
        Value::Null,
        "no timestamp, no window"
    );

    let (_, other) = api(&app, "GET", "/api/nodes/plan", Some(ADMIN_B), None).await;
    assert_eq!(other["usage"]["nodes"], 0, "usage is per org");
    app.stop().await;
}

#[actix_web::test]
async fn local_mode_plan_overview_uses_the_local_plan() {
    let app = TestApp::builder().env("LOCAL_PLAN", "free").start().await;
    let token = app.local_token("member", "local").await;
    let (status, plan) = api(&app, "GET", "/api/nodes/plan", Some(&token), None).await;
    assert_eq!(status, 200);
    assert_eq!(plan["plan"], "free_org");
    assert_eq!(plan["plan_name"], "Free");
    assert_eq!(plan["limits"]["max_nodes"], 2);
    assert_eq!(plan["usage"]["viewer_hours_limit"], 30);
    app.stop().await;
}

#[actix_web::test]
async fn plan_overview_reports_the_months_viewer_hours() {
    use sentinel_ports::driven::repos::UsageRepo;
    let app = fake_app().await;
    UsageRepo::add_viewer_seconds(
        &store(&app),
        &OrgId::new("org_a"),
        "2026-11",
        12_345,
        naive_now(&app),
    )
    .unwrap();
    UsageRepo::add_viewer_seconds(
        &store(&app),
        &OrgId::new("org_a"),
        "2026-10",
        99_999,
        naive_now(&app),
    )
    .unwrap();
    let (_, plan) = api(&app, "GET", "/api/nodes/plan", Some(MEMBER_A), None).await;
    assert_eq!(
        plan["usage"]["viewer_hours_used"], 3.43,
        "this month only, 2 decimals"
    );
    let (_, other) = api(&app, "GET", "/api/nodes/plan", Some(ADMIN_B), None).await;
    assert_eq!(other["usage"]["viewer_hours_used"], 0.0);
    app.stop().await;
}

// ── plan_limit_reached (rest-api.md §2.2 step 9) ────────────────────────────────────────

/// The org's `plan_limit_reached` inbox rows, newest first.
fn plan_limit_rows(app: &TestApp, org: &str) -> Vec<sentinel_domain::notifications::Notification> {
    app.state
        .repos
        .notifications
        .list(
            &OrgId::new(org),
            &sentinel_domain::notifications::InboxQuery {
                include_admin: true,
                since: naive_now(app) - chrono::Duration::days(30),
                after: None,
                limit: 100,
                offset: 0,
            },
        )
        .unwrap()
        .notifications
        .into_iter()
        .filter(|row| {
            row.content.kind == sentinel_domain::notifications::NotificationKind::PlanLimitReached
        })
        .collect()
}

const SEVEN: [&str; 7] = [
    "/dev/video0",
    "/dev/video1",
    "/dev/video2",
    "/dev/video3",
    "/dev/video4",
    "/dev/video5",
    "/dev/video6",
];

#[actix_web::test]
async fn skipped_cameras_notify_admins_at_most_once_an_hour() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    register(&app, &node_id, &key, &SEVEN[..3]).await;
    assert!(
        plan_limit_rows(&app, "org_a").is_empty(),
        "nothing skipped, nothing said"
    );

    register(&app, &node_id, &key, &SEVEN).await;
    let rows = plan_limit_rows(&app, "org_a");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.content.title, "Camera limit reached on Free");
    assert_eq!(
        row.content.body,
        "Your node reported cameras beyond the 5-camera limit. Skipped: USB Camera 5, \
         USB Camera 6. Upgrade to add them."
    );
    assert_eq!(
        (
            row.content.audience.as_str(),
            row.content.severity.as_str(),
            row.content.link.as_deref()
        ),
        ("admin", "warning", Some("/settings"))
    );
    assert_eq!(
        row.content.meta,
        Some(
            json!({"plan": "Free", "max_cameras": 5, "skipped": ["USB Camera 5", "USB Camera 6"]})
        )
    );

    app.clock.advance(chrono::Duration::minutes(59));
    let reply = register(&app, &node_id, &key, &SEVEN).await;
    assert!(
        reply["plan_limit_hit"].is_object(),
        "the reply still says so"
    );
    assert_eq!(
        plan_limit_rows(&app, "org_a").len(),
        1,
        "throttled within the hour"
    );

    app.clock.advance(chrono::Duration::minutes(1));
    register(&app, &node_id, &key, &SEVEN).await;
    assert_eq!(
        plan_limit_rows(&app, "org_a").len(),
        2,
        "an hour later it notifies again"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_plan_limit_throttle_is_per_org_and_ignores_a_malformed_stamp() {
    let app = fake_app().await;
    set_setting(&app, "org_a", "plan_limit_notif_last_at", "yesterday-ish");
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    register(&app, &node_id, &key, &SEVEN).await;
    assert_eq!(plan_limit_rows(&app, "org_a").len(), 1);
    let (node_b, key_b) = create_node(&app, ADMIN_B, None).await;
    register(&app, &node_b, &key_b, &SEVEN).await;
    assert_eq!(
        plan_limit_rows(&app, "org_a").len(),
        1,
        "org_b's hit is org_b's"
    );
    assert_eq!(plan_limit_rows(&app, "org_b").len(), 1);
    app.stop().await;
}
