//! `POST /api/nodes/register` as the CloudNode calls it, and every reply field it reads.

use crate::nodes_common::*;
use sentinel_tests::TestApp;
use serde_json::{Value, json};

#[actix_web::test]
async fn register_with_the_real_cloudnode_body_maps_cameras_and_refreshes_the_node() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, Some("Garage")).await;
    let (status, body) = node_post(
        &app,
        "/api/nodes/register",
        Some(&key),
        Some(register_body(&node_id, &["/dev/video0"])),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let camera = format!("{node_id}_dev_video0");
    assert_eq!(
        body,
        json!({
            "success": true,
            "node_id": node_id,
            "node_secret": key,
            "status": "updated",
            "message": "Node re-registered successfully",
            "cameras": {"/dev/video0": camera},
            "plan": "free",
        }),
        "at the latest version there is no update_available key, and no plan_limit_hit"
    );

    let (_, node) = api(
        &app,
        "GET",
        &format!("/api/nodes/{node_id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(node["name"], "Garage", "the node's own name is ignored");
    assert_eq!(node["status"], "online");
    assert_eq!(node["last_seen"], "2026-11-27T12:00:00");
    assert_eq!(node["local_ip"], Value::Null, "lan_streaming false");
    assert_eq!(node["http_port"], 8080);
    assert_eq!(node["node_version"], "0.1.73");
    assert_eq!(node["version_checked_at"], "2026-11-27T12:00:00");
    assert_eq!(node["video_codec"], "avc1.64a01e");
    assert_eq!(node["audio_codec"], "mp4a.40.2");
    assert_eq!(node["camera_count"], 1);
    assert_eq!(node["last_register_error"], Value::Null);

    let (_, cameras) = api(&app, "GET", "/api/cameras", Some(ADMIN_A), None).await;
    let listed = &cameras[0];
    assert_eq!(listed["camera_id"], camera.as_str());
    assert_eq!(listed["name"], "USB Camera 0");
    assert_eq!(listed["node_id"], node_id.as_str());
    assert_eq!(listed["node_type"], "usb");
    assert_eq!(listed["capabilities"], json!(["streaming"]));
    assert_eq!(listed["status"], "online");
    assert_eq!(listed["disabled_by_plan"], false);
    let row = &cameras_of(&app, "org_a", &node_id)[0];
    assert_eq!(row.video_codec.as_deref(), Some("avc1.64a01e"));
    assert_eq!(row.audio_codec.as_deref(), Some("mp4a.40.2"));
    assert!(row.codec_detected_at.is_some());
    app.stop().await;
}

#[actix_web::test]
async fn camera_ids_follow_the_device_path_formula_and_defaults_apply() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let body = json!({
        "node_id": node_id,
        "cameras": [
            {"device_path": "HD Pro Webcam C920", "name": ""},
            {"camera_id": "legacy cam"},
            {},
            {"device_path": "0", "name": "Mac", "node_type": "avf", "capabilities": ["streaming", "motion"]},
        ],
        "video_codec": "avc1.42e00a",
    });
    let (status, reply) = node_post(&app, "/api/nodes/register", Some(&key), Some(body)).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        reply["cameras"],
        json!({
            "HD Pro Webcam C920": format!("{node_id}_HD_Pro_Webcam_C920"),
            "legacy cam": format!("{node_id}_legacy_cam"),
            "unknown": format!("{node_id}_unknown"),
            "0": format!("{node_id}_0"),
        })
    );
    assert_eq!(
        reply["update_available"], "0.1.73",
        "a node that sends no version is always offered the latest"
    );
    let cameras = cameras_of(&app, "org_a", &node_id);
    let by_id = |suffix: &str| {
        cameras
            .iter()
            .find(|c| c.camera_id.as_str() == format!("{node_id}_{suffix}"))
            .unwrap()
            .clone()
    };
    assert_eq!(
        by_id("HD_Pro_Webcam_C920").name,
        "Camera HD_Pro_Webcam_C920"
    );
    let mac = by_id("0");
    assert_eq!(mac.name, "Mac");
    assert_eq!(mac.node_type.as_deref(), Some("avf"));
    assert_eq!(mac.capabilities.as_deref(), Some("streaming,motion"));
    assert_eq!(by_id("unknown").capabilities.as_deref(), Some("streaming"));
    assert_eq!(
        mac.video_codec.as_deref(),
        Some("avc1.42e01e"),
        "too-low H.264 levels are repaired"
    );
    assert_eq!(mac.audio_codec, None);
    let node = node_row(&app, "org_a", &node_id).unwrap();
    assert_eq!(node.video_codec.as_deref(), Some("avc1.42e01e"));
    assert_eq!(node.node_version, None, "no version sent: stored NULL");
    assert!(node.version_checked_at.is_some());
    app.stop().await;
}

#[actix_web::test]
async fn re_register_keeps_known_cameras_and_deletes_unreported_ones() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    register(&app, &node_id, &key, &["/dev/video0", "/dev/video2"]).await;
    let first = cameras_of(&app, "org_a", &node_id);
    assert_eq!(first.len(), 2);

    app.clock.advance(chrono::Duration::seconds(60));
    let mut body = register_body(&node_id, &["/dev/video0"]);
    body["cameras"][0]["name"] = json!("");
    body["video_codec"] = Value::Null;
    body["audio_codec"] = Value::Null;
    let (status, reply) = node_post(&app, "/api/nodes/register", Some(&key), Some(body)).await;
    assert_eq!(status, 200, "{reply}");
    let now = cameras_of(&app, "org_a", &node_id);
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].id, first[0].id, "same row, same id");
    assert_eq!(
        now[0].name, "USB Camera 0",
        "an empty name keeps the old one"
    );
    assert_eq!(
        now[0].video_codec.as_deref(),
        Some("avc1.64a01e"),
        "codecs kept when none sent"
    );
    assert_eq!(now[0].last_seen, Some(naive_now(&app)));

    let mut body = register_body(&node_id, &[]);
    body["cameras"] = Value::Null;
    let (status, _) = node_post(&app, "/api/nodes/register", Some(&key), Some(body)).await;
    assert_eq!(status, 200);
    assert!(
        cameras_of(&app, "org_a", &node_id).is_empty(),
        "no cameras: all deleted"
    );
    app.stop().await;
}

/// Node ids are no secret: whoever sends a wrong key is not the node and may not write
/// onto its row (the original stored "Invalid API key during registration" for anyone).
#[actix_web::test]
async fn a_wrong_key_changes_nothing_on_the_node() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let (status, body) = node_post(
        &app,
        "/api/nodes/register",
        Some("0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"),
        Some(register_body(&node_id, &["/dev/video0"])),
    )
    .await;
    assert_eq!(
        (status, body),
        (403, json!({"detail": "Invalid API key for this node"}))
    );
    let (_, list) = api(&app, "GET", "/api/nodes", Some(ADMIN_A), None).await;
    assert_eq!(list[0]["last_register_error"], Value::Null);
    assert_eq!(list[0]["last_register_error_at"], Value::Null);
    assert_eq!(list[0]["status"], "pending");
    assert!(cameras_of(&app, "org_a", &node_id).is_empty());

    register(&app, &node_id, &key, &["/dev/video0"]).await;
    let (_, list) = api(&app, "GET", "/api/nodes", Some(ADMIN_A), None).await;
    assert_eq!(list[0]["last_register_error"], Value::Null);
    assert_eq!(cameras_of(&app, "org_a", &node_id).len(), 1);
    app.stop().await;
}

async fn versioned_app() -> TestApp {
    TestApp::builder()
        .identity(std::sync::Arc::new(sentinel_tests::FakeIdentity))
        .env("MIN_SUPPORTED_NODE_VERSION", "0.1.50")
        .env("LATEST_NODE_VERSION", "0.3.0")
        .start()
        .await
}

async fn register_version(app: &TestApp, node_id: &str, key: &str, version: Value) -> (u16, Value) {
    let mut body = register_body(node_id, &[]);
    body["node_version"] = version;
    node_post(app, "/api/nodes/register", Some(key), Some(body)).await
}

#[actix_web::test]
async fn register_checks_the_version_floor_and_offers_updates() {
    let app = versioned_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;

    let (status, body) = register_version(&app, &node_id, &key, json!("0.2.0")).await;
    assert_eq!(status, 200);
    assert_eq!(body["update_available"], "0.3.0");
    assert_eq!(
        node_row(&app, "org_a", &node_id)
            .unwrap()
            .node_version
            .as_deref(),
        Some("0.2.0")
    );

    let (status, body) = register_version(&app, &node_id, &key, json!("v0.3.0-rc1")).await;
    assert_eq!(status, 200);
    assert!(
        body.get("update_available").is_none(),
        "at the latest: no key at all"
    );
    assert_eq!(
        node_row(&app, "org_a", &node_id)
            .unwrap()
            .node_version
            .as_deref(),
        Some("0.3.0")
    );

    let (status, body) = register_version(&app, &node_id, &key, Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(body["update_available"], "0.3.0");
    assert_eq!(
        node_row(&app, "org_a", &node_id).unwrap().node_version,
        None
    );

    let (status, body) = register_version(&app, &node_id, &key, json!("0.1.5")).await;
    assert_eq!(status, 426);
    assert_eq!(
        body,
        json!({"detail": {
            "message": "CameraNode 0.1.5 is no longer supported. Minimum: 0.1.50, latest: 0.3.0.",
            "reported": "0.1.5",
            "min_supported": "0.1.50",
            "latest": "0.3.0",
        }})
    );
    let node = node_row(&app, "org_a", &node_id).unwrap();
    assert_eq!(
        node.node_version.as_deref(),
        Some("0.1.5"),
        "persisted even when refused"
    );
    let error = node.last_register_error.unwrap();
    assert!(error.contains("below the minimum"), "{error}");
    assert_eq!(
        error,
        "CameraNode version 0.1.5 is below the minimum supported 0.1.50. Update CameraNode to 0.3.0 and re-register."
    );

    let (status, body) = register_version(&app, &node_id, &key, json!("banana")).await;
    assert_eq!(status, 426, "garbage reads as 0.0.0");
    assert_eq!(body["detail"]["reported"], "banana");
    assert!(
        body["detail"]["message"]
            .as_str()
            .unwrap()
            .contains("0.0.0 is no longer supported")
    );
    app.stop().await;
}

#[actix_web::test]
async fn register_plan_comes_from_the_org_plan_setting() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    assert_eq!(register(&app, &node_id, &key, &[]).await["plan"], "free");
    set_setting(&app, "org_a", "org_plan", "pro");
    assert_eq!(register(&app, &node_id, &key, &[]).await["plan"], "pro");
    set_setting(&app, "org_a", "org_plan", "pro_plus");
    assert_eq!(
        register(&app, &node_id, &key, &[]).await["plan"],
        "pro_plus"
    );
    set_setting(&app, "org_a", "org_plan", "free_org");
    assert_eq!(register(&app, &node_id, &key, &[]).await["plan"], "free");
    app.stop().await;
}

#[actix_web::test]
async fn lan_address_hostname_and_port_follow_the_report() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let mut body = register_body(&node_id, &[]);
    body["lan_streaming"] = json!(true);
    body["local_ip"] = json!("10.0.0.7");
    body["hostname"] = json!("pi4");
    body["http_port"] = json!("9090");
    node_post(&app, "/api/nodes/register", Some(&key), Some(body)).await;
    let node = node_row(&app, "org_a", &node_id).unwrap();
    assert_eq!(node.local_ip.as_deref(), Some("10.0.0.7"));
    assert_eq!(node.hostname.as_deref(), Some("pi4"));
    assert_eq!(node.http_port, Some(9090), "lax integers");

    // The real node sends neither hostname nor local_ip: they stay; the port resets.
    let mut body = register_body(&node_id, &[]);
    body["lan_streaming"] = json!(true);
    body.as_object_mut().unwrap().remove("http_port");
    node_post(&app, "/api/nodes/register", Some(&key), Some(body)).await;
    let node = node_row(&app, "org_a", &node_id).unwrap();
    assert_eq!(node.local_ip.as_deref(), Some("10.0.0.7"));
    assert_eq!(node.hostname.as_deref(), Some("pi4"));
    assert_eq!(
        node.http_port,
        Some(8080),
        "the default overwrites a custom port"
    );

    register(&app, &node_id, &key, &[]).await;
    assert_eq!(
        node_row(&app, "org_a", &node_id).unwrap().local_ip,
        None,
        "lan_streaming false clears it"
    );
    app.stop().await;
}

#[actix_web::test]
async fn register_validates_the_body_before_the_key() {
    let app = fake_app().await;
    let (node_id, _) = create_node(&app, ADMIN_A, None).await;
    let mut body = register_body(&node_id, &["/dev/video0"]);
    body["http_port"] = json!(0);
    let (status, reply) = node_post(&app, "/api/nodes/register", None, Some(body)).await;
    assert_eq!(status, 422, "validation comes before the key check");
    assert_eq!(
        reply["detail"]["message"],
        "Input should be greater than or equal to 1 (http_port)"
    );
    let mut body = register_body(&node_id, &["/dev/video0"]);
    body["cameras"][0]["name"] = json!("n".repeat(101));
    let (status, reply) = node_post(&app, "/api/nodes/register", None, Some(body)).await;
    assert_eq!(status, 422);
    assert_eq!(
        reply["detail"]["message"],
        "String should have at most 100 characters (cameras.0.name)"
    );
    let (status, reply) = node_post(&app, "/api/nodes/register", None, Some(json!({}))).await;
    assert_eq!(status, 422);
    assert_eq!(reply["detail"]["message"], "Field required (node_id)");
    app.stop().await;
}

#[actix_web::test]
async fn register_is_limited_to_ten_a_minute_per_key() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    for _ in 0..10 {
        register(&app, &node_id, &key, &[]).await;
    }
    let (status, body) = node_post(
        &app,
        "/api/nodes/register",
        Some(&key),
        Some(register_body(&node_id, &[])),
    )
    .await;
    assert_eq!(status, 429);
    assert_eq!(body["limit"], "10 per 1 minute");
    app.stop().await;
}
