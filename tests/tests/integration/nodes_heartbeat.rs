//! `POST /api/nodes/heartbeat` as the CloudNode sends it, and the desired state it gets back.

use crate::nodes_common::*;
use sentinel_domain::fleet::RecordingPolicy;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_ports::driven::repos::CameraRepo;
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;

async fn registered_node(app: &TestApp, paths: &[&str]) -> (String, String) {
    let (node_id, key) = create_node(app, ADMIN_A, Some("Garage")).await;
    register(app, &node_id, &key, paths).await;
    (node_id, key)
}

async fn beat(app: &TestApp, key: &str, body: Value) -> (u16, Value) {
    node_post(app, "/api/nodes/heartbeat", Some(key), Some(body)).await
}

#[actix_web::test]
async fn the_real_first_heartbeat_is_accepted_and_answered_in_full() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &["/dev/video0"]).await;
    let camera = camera_id(&node_id, "/dev/video0");
    app.clock.advance(chrono::Duration::milliseconds(3));
    let (status, body) = beat(&app, &key, heartbeat_body(&node_id, &[&camera])).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "success": true,
            "timestamp": "2026-11-27T12:00:00.003000",
            "plan": "free",
            "disabled_cameras": [],
            "recording_state": {camera.clone(): false},
        }),
        "at the latest version: no update_available key"
    );

    let (_, node) = api(
        &app,
        "GET",
        &format!("/api/nodes/{node_id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(node["status"], "online");
    assert_eq!(node["last_seen"], "2026-11-27T12:00:00.003000");
    assert_eq!(node["local_ip"], Value::Null, "lan_streaming false");
    assert_eq!(
        node["storage"],
        json!({
            "used_bytes": 0,
            "max_bytes": 68_719_476_736_i64,
            "disk_free_bytes": 79_422_242_816_i64,
            "disk_total_bytes": 270_553_174_016_i64,
            "reported_at": "2026-11-27T12:00:00.003000",
        })
    );
    let (_, cameras) = api(&app, "GET", "/api/cameras", Some(ADMIN_A), None).await;
    assert_eq!(cameras[0]["status"], "starting");
    app.stop().await;
}

#[actix_web::test]
async fn omitted_stats_and_cameras_keep_what_was_stored() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &["/dev/video0"]).await;
    let camera = camera_id(&node_id, "/dev/video0");
    beat(&app, &key, heartbeat_body(&node_id, &[&camera])).await;

    app.clock.advance(chrono::Duration::seconds(30));
    // `--once` style: no cameras, no storage_stats, and a LAN address this time.
    let body = json!({"node_id": node_id, "local_ip": "10.0.0.9", "lan_streaming": true, "node_version": "0.1.73"});
    let (status, reply) = beat(&app, &key, body).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["recording_state"], json!({camera.clone(): false}));
    let node = node_row(&app, "org_a", &node_id).unwrap();
    let storage = node.storage.unwrap();
    assert_eq!(storage.max_bytes, Some(68_719_476_736));
    assert_eq!(
        storage.reported_at.to_string(),
        "2026-11-27 12:00:00",
        "previous stats kept"
    );
    assert_eq!(node.local_ip.as_deref(), Some("10.0.0.9"));
    assert_eq!(node.last_seen, Some(naive_now(&app)));

    let body = json!({"node_id": node_id, "storage_stats": {"used_bytes": 5, "max_bytes": null, "disk_free_bytes": "7", "disk_total_bytes": 9}});
    let (status, _) = beat(&app, &key, body).await;
    assert_eq!(status, 200);
    let storage = node_row(&app, "org_a", &node_id).unwrap().storage.unwrap();
    assert_eq!(
        (
            storage.used_bytes,
            storage.max_bytes,
            storage.disk_free_bytes,
            storage.disk_total_bytes
        ),
        (Some(5), None, Some(7), Some(9)),
        "sent stats overwrite all four, nulls included"
    );
    assert_eq!(
        node_row(&app, "org_a", &node_id).unwrap().node_version,
        None,
        "an omitted version is stored as NULL"
    );
    app.stop().await;
}

#[actix_web::test]
async fn camera_reports_update_only_this_nodes_cameras() {
    let app = fake_app().await;
    let (node_a, key_a) = registered_node(&app, &["/dev/video0"]).await;
    let (node_b, key_b) = registered_node(&app, &["/dev/video0"]).await;
    let cam_a = camera_id(&node_a, "/dev/video0");
    let cam_b = camera_id(&node_b, "/dev/video0");
    let body = json!({
        "node_id": node_a,
        "lan_streaming": false,
        "node_version": "0.1.73",
        "cameras": [
            {"camera_id": cam_a, "status": "failed", "last_error": "FFmpeg exited with exit status: 1 after running 12s"},
            {"camera_id": cam_b, "status": "error", "last_error": "not yours"},
            {"camera_id": "nope_cam", "status": "streaming"},
        ],
    });
    let (status, _) = beat(&app, &key_a, body).await;
    assert_eq!(status, 200);
    let a = &cameras_of(&app, "org_a", &node_a)[0];
    assert_eq!(a.status.as_deref(), Some("failed"));
    assert_eq!(
        a.last_error.as_deref(),
        Some("FFmpeg exited with exit status: 1 after running 12s")
    );
    let b = &cameras_of(&app, "org_a", &node_b)[0];
    assert_eq!(
        b.status.as_deref(),
        Some("online"),
        "another node's camera is ignored"
    );

    let body = json!({"node_id": node_a, "cameras": [{"camera_id": cam_a, "status": "streaming", "last_error": "old"}]});
    beat(&app, &key_a, body).await;
    let a = &cameras_of(&app, "org_a", &node_a)[0];
    assert_eq!(a.status.as_deref(), Some("streaming"));
    assert_eq!(a.last_error, None, "cleared when not broken");
    let _ = key_b;
    app.stop().await;
}

#[actix_web::test]
async fn recording_state_follows_each_cameras_policy_in_the_org_timezone() {
    let app = fake_app().await;
    let (node_id, key) =
        registered_node(&app, &["/dev/video0", "/dev/video2", "/dev/video4"]).await;
    let [continuous, scheduled, idle] =
        ["/dev/video0", "/dev/video2", "/dev/video4"].map(|path| camera_id(&node_id, path));
    let store = store(&app);
    let org = OrgId::new("org_a");
    CameraRepo::set_recording_policy(
        &store,
        &org,
        &CameraId::new(continuous.clone()),
        &RecordingPolicy {
            continuous_24_7: true,
            ..RecordingPolicy::default()
        },
    )
    .unwrap();
    // 06:00–08:00 in New York; the test clock is 12:00 UTC = 07:00 there.
    CameraRepo::set_recording_policy(
        &store,
        &org,
        &CameraId::new(scheduled.clone()),
        &RecordingPolicy {
            continuous_24_7: false,
            scheduled_recording: true,
            scheduled_start: Some("06:00".into()),
            scheduled_end: Some("08:00".into()),
        },
    )
    .unwrap();
    let (_, reply) = beat(&app, &key, heartbeat_body(&node_id, &[])).await;
    assert_eq!(
        reply["recording_state"],
        json!({continuous.clone(): true, scheduled.clone(): false, idle.clone(): false}),
        "UTC by default: 12:00 is outside 06:00–08:00"
    );
    set_setting(&app, "org_a", "timezone", "America/New_York");
    let (_, reply) = beat(&app, &key, heartbeat_body(&node_id, &[])).await;
    assert_eq!(
        reply["recording_state"],
        json!({continuous: true, scheduled: true, idle: false})
    );
    app.stop().await;
}

#[actix_web::test]
async fn heartbeat_versions_gate_and_hint() {
    let app = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .env("MIN_SUPPORTED_NODE_VERSION", "0.1.50")
        .env("LATEST_NODE_VERSION", "0.3.0")
        .start()
        .await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let mut body = register_body(&node_id, &[]);
    body["node_version"] = json!("0.2.0");
    node_post(&app, "/api/nodes/register", Some(&key), Some(body)).await;

    let mut body = heartbeat_body(&node_id, &[]);
    body["node_version"] = json!("0.2.5");
    let (status, reply) = beat(&app, &key, body).await;
    assert_eq!(status, 200);
    assert_eq!(reply["update_available"], "0.3.0");
    assert_eq!(
        node_row(&app, "org_a", &node_id)
            .unwrap()
            .node_version
            .as_deref(),
        Some("0.2.5")
    );

    let mut body = heartbeat_body(&node_id, &[]);
    body["node_version"] = json!("0.1.2");
    let (status, reply) = beat(&app, &key, body).await;
    assert_eq!(status, 426);
    assert_eq!(reply["detail"]["reported"], "0.1.2");
    assert_eq!(reply["detail"]["min_supported"], "0.1.50");
    assert_eq!(reply["detail"]["latest"], "0.3.0");
    assert!(
        reply["detail"]["message"]
            .as_str()
            .unwrap()
            .contains("no longer supported")
    );
    let node = node_row(&app, "org_a", &node_id).unwrap();
    assert_eq!(
        node.node_version.as_deref(),
        Some("0.2.5"),
        "nothing persisted on refusal"
    );
    assert_eq!(
        node.last_register_error, None,
        "heartbeats record no register error"
    );
    app.stop().await;
}

#[actix_web::test]
async fn heartbeat_plan_reads_the_org_plan_setting() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &[]).await;
    let (_, reply) = beat(&app, &key, heartbeat_body(&node_id, &[])).await;
    assert_eq!(reply["plan"], "free");
    for (slug, wire) in [
        ("pro", "pro"),
        ("pro_plus", "pro_plus"),
        ("Free_Org", "free"),
    ] {
        set_setting(&app, "org_a", "org_plan", slug);
        let (_, reply) = beat(&app, &key, heartbeat_body(&node_id, &[])).await;
        assert_eq!(reply["plan"], wire);
    }
    app.stop().await;
}

// ── cameranode_disk_low (rest-api.md §2.3, §13) ─────────────────────────────────────────

const GIB: i64 = 1024 * 1024 * 1024;

/// A heartbeat reporting a 100 GiB disk `percent_used` % full.
fn disk_body(node_id: &str, percent_used: i64) -> Value {
    json!({
        "node_id": node_id,
        "node_version": "0.1.73",
        "storage_stats": {
            "used_bytes": 0,
            "max_bytes": null,
            "disk_free_bytes": (100 - percent_used) * GIB,
            "disk_total_bytes": 100 * GIB,
        },
    })
}

/// The org's `cameranode_disk_low` inbox rows, newest first.
fn disk_alerts(app: &TestApp, org: &str) -> Vec<sentinel_domain::notifications::Notification> {
    let page = app
        .state
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
        .unwrap();
    page.notifications
        .into_iter()
        .filter(|row| {
            row.content.kind == sentinel_domain::notifications::NotificationKind::CameranodeDiskLow
        })
        .collect()
}

async fn beat_disk(app: &TestApp, node_id: &str, key: &str, percent_used: i64) {
    let (status, reply) = beat(app, key, disk_body(node_id, percent_used)).await;
    assert_eq!(status, 200, "{reply}");
}

#[actix_web::test]
async fn disk_at_half_raises_nothing() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &[]).await;
    beat_disk(&app, &node_id, &key, 50).await;
    assert!(disk_alerts(&app, "org_a").is_empty());
    app.stop().await;
}

#[actix_web::test]
async fn disk_at_92_percent_raises_one_admin_warning() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &[]).await;
    beat_disk(&app, &node_id, &key, 92).await;
    let alerts = disk_alerts(&app, "org_a");
    assert_eq!(alerts.len(), 1);
    let alert = &alerts[0];
    assert_eq!(
        (
            alert.content.audience.as_str(),
            alert.content.severity.as_str(),
            alert.content.link.as_deref()
        ),
        ("admin", "warning", Some("/settings"))
    );
    assert_eq!(alert.content.title, "CameraNode disk low: Garage");
    assert_eq!(
        alert.content.node_id, None,
        "the node id travels only in meta"
    );
    assert_eq!(
        alert.content.meta,
        Some(json!({
            "node_id": node_id,
            "percent_used": 92.0,
            "disk_free_bytes": 8 * GIB,
            "disk_total_bytes": 100 * GIB,
        }))
    );
    assert!(
        alert.content.body.starts_with(
            "The host disk on CameraNode \"Garage\" is 92.0% full (8.0 GB free of 100.0 GB)."
        ),
        "{}",
        alert.content.body
    );
    // Only admins see it.
    let (_, inbox) = api(&app, "GET", "/api/notifications", Some(MEMBER_A), None).await;
    assert!(
        inbox["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["kind"] != "cameranode_disk_low")
    );
    app.stop().await;
}

#[actix_web::test]
async fn repeated_high_usage_raises_once_until_six_hours_pass() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &[]).await;
    beat_disk(&app, &node_id, &key, 95).await;
    app.clock.advance(chrono::Duration::seconds(30));
    beat_disk(&app, &node_id, &key, 95).await;
    app.clock.advance(chrono::Duration::hours(5));
    beat_disk(&app, &node_id, &key, 96).await;
    assert_eq!(disk_alerts(&app, "org_a").len(), 1);
    app.clock.advance(chrono::Duration::hours(1));
    beat_disk(&app, &node_id, &key, 96).await;
    assert_eq!(
        disk_alerts(&app, "org_a").len(),
        2,
        "the 6 h debounce expired"
    );
    app.stop().await;
}

#[actix_web::test]
async fn dropping_below_the_threshold_re_arms_the_alert() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &[]).await;
    beat_disk(&app, &node_id, &key, 95).await;
    beat_disk(&app, &node_id, &key, 50).await;
    let stamp = sentinel_ports::driven::repos::SettingsRepo::get(
        &store(&app),
        &OrgId::new("org_a"),
        &format!("cameranode_disk_low_emit_at:{node_id}"),
    )
    .unwrap();
    assert_eq!(
        stamp.as_deref(),
        Some(""),
        "below 90 % the stamp is cleared"
    );
    beat_disk(&app, &node_id, &key, 95).await;
    assert_eq!(disk_alerts(&app, "org_a").len(), 2);
    app.stop().await;
}

#[actix_web::test]
async fn each_node_is_debounced_on_its_own() {
    let app = fake_app().await;
    let (node_a, key_a) = registered_node(&app, &[]).await;
    let (node_b, key_b) = registered_node(&app, &[]).await;
    beat_disk(&app, &node_a, &key_a, 95).await;
    beat_disk(&app, &node_b, &key_b, 95).await;
    let alerts = disk_alerts(&app, "org_a");
    assert_eq!(alerts.len(), 2);
    let mut nodes: Vec<Value> = alerts
        .iter()
        .map(|row| row.content.meta.as_ref().unwrap()["node_id"].clone())
        .collect();
    nodes.sort_by_key(|id| id.as_str().unwrap_or_default().to_owned());
    let mut expected = vec![json!(node_a), json!(node_b)];
    expected.sort_by_key(|id| id.as_str().unwrap_or_default().to_owned());
    assert_eq!(nodes, expected);
    app.stop().await;
}

#[actix_web::test]
async fn unknown_free_space_and_a_malformed_stamp() {
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &[]).await;
    // free = 0 means "unknown": a completely full disk is silent.
    beat_disk(&app, &node_id, &key, 100).await;
    assert!(disk_alerts(&app, "org_a").is_empty());
    // A malformed stamp counts as "never emitted".
    set_setting(
        &app,
        "org_a",
        &format!("cameranode_disk_low_emit_at:{node_id}"),
        "not-a-time",
    );
    beat_disk(&app, &node_id, &key, 91).await;
    assert_eq!(disk_alerts(&app, "org_a").len(), 1);
    app.stop().await;
}

#[actix_web::test]
async fn a_failing_disk_check_still_answers_200() {
    use diesel::RunQueryDsl;
    let app = fake_app().await;
    let (node_id, key) = registered_node(&app, &[]).await;
    let mut conn = app.sql();
    if app.is_postgres() {
        diesel::sql_query(
            "CREATE FUNCTION no_disk_stamp() RETURNS trigger AS $$ BEGIN \
             IF NEW.\"key\" LIKE 'cameranode_disk_low_emit_at:%' THEN \
             RAISE EXCEPTION 'disk stamp refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        )
        .execute(&mut conn)
        .unwrap();
        diesel::sql_query(
            "CREATE TRIGGER no_disk_stamp BEFORE INSERT OR UPDATE ON settings \
             FOR EACH ROW EXECUTE FUNCTION no_disk_stamp()",
        )
        .execute(&mut conn)
        .unwrap();
    }
    for event in ["INSERT", "UPDATE"]
        .into_iter()
        .filter(|_| !app.is_postgres())
    {
        diesel::sql_query(format!(
            "CREATE TRIGGER no_disk_stamp_{event} BEFORE {event} ON settings \
             WHEN NEW.\"key\" LIKE 'cameranode_disk_low_emit_at:%' \
             BEGIN SELECT RAISE(ABORT, 'disk stamp refused'); END"
        ))
        .execute(&mut conn)
        .unwrap();
    }
    drop(conn);
    let (status, reply) = beat(&app, &key, disk_body(&node_id, 95)).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["success"], true);
    let (status, _) = beat(&app, &key, disk_body(&node_id, 50)).await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[actix_web::test]
async fn the_disk_alert_is_stored_and_e_mailed_to_admins() {
    use sentinel_ports::driven::repos::EmailOutboxRepo;
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    let admin = app.local_token("admin", "local").await;
    let (node_id, key) = create_node(&app, &admin, Some("Garage")).await;
    register(&app, &node_id, &key, &[]).await;
    beat_disk(&app, &node_id, &key, 93).await;
    let stored = disk_alerts(&app, "org_local");
    assert_eq!(stored.len(), 1);
    let mut rows = Vec::new();
    for _ in 0..100 {
        rows = store(&app).list_outbox(&OrgId::new("org_local")).unwrap();
        if !rows.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(rows.len(), 1, "admins only");
    assert_eq!(rows[0].kind, "cameranode_disk_low");
    assert_eq!(rows[0].recipient_email, "admin@example.com");
    assert_eq!(rows[0].notification_id, Some(stored[0].id));
    assert_eq!(rows[0].subject, "[Sentinel] CameraNode disk low: Garage");
    app.stop().await;
}
