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
