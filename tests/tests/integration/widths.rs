//! The longest values the contract accepts, end to end on the app's engine (run the suite
//! with `SENTINEL_TEST_DATABASE=postgres` for PostgreSQL, which enforces column widths that
//! SQLite ignores): a node registered at every limit of NodeRegister, its camera's derived id,
//! name and capabilities, the codec report's 64 characters, and that camera's id in the
//! motion, notification, incident and stream access rows (data-model.md §0.1).

use crate::nodes_common::*;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo, StreamAccessLogRepo, StreamAccessQuery};
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::time::Duration;

/// `n` characters of two bytes each (PostgreSQL's `VARCHAR(n)` counts characters).
fn chars(n: usize) -> String {
    "é".repeat(n)
}

async fn with_query(app: &TestApp, path: &str, query: &[(&str, &str)], token: &str) -> Value {
    let response = app
        .client
        .get(app.url(path))
        .query(query)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// The org's inbox, once the notification loop has written something to it.
async fn inbox(app: &TestApp, token: &str) -> Value {
    for _ in 0..50 {
        let (status, body) = api(app, "GET", "/api/notifications", Some(token), None).await;
        assert_eq!(status, 200, "{body}");
        if body["total"] != 0 {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no notification arrived");
}

#[actix_web::test]
async fn a_node_registered_at_every_limit_works_end_to_end() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, Some(&chars(100))).await;
    let device_path = chars(255);
    let capabilities: Vec<String> = (0..50).map(|i| format!("{i:02}{}", chars(38))).collect();
    let (status, body) = node_post(
        &app,
        "/api/nodes/register",
        Some(&key),
        Some(json!({
            "node_id": node_id,
            "name": chars(100),
            "hostname": chars(255),
            "local_ip": "0000:0000:0000:0000:0000:ffff:255.255.255.255",
            "lan_streaming": true,
            "node_version": format!("0.1.73{}", chars(44)),
            "cameras": [{"device_path": device_path, "node_type": chars(20),
                         "capabilities": capabilities}],
        })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // 8 + 1 + 255 characters: no contract limit applies to a derived id.
    let camera = format!("{node_id}_{device_path}");
    assert_eq!(body["cameras"][&device_path], camera.as_str());

    let (_, node) = api(
        &app,
        "GET",
        &format!("/api/nodes/{node_id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(node["name"], chars(100));
    assert_eq!(node["hostname"], chars(255));
    assert_eq!(
        node["local_ip"],
        "0000:0000:0000:0000:0000:ffff:255.255.255.255"
    );
    assert_eq!(node["node_version"], "0.1.73");

    let (status, listed) = api(
        &app,
        "GET",
        &format!("/api/cameras/{camera}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["camera_id"], camera.as_str());
    assert_eq!(listed["name"], format!("Camera {device_path}"));
    assert_eq!(listed["node_type"], chars(20));
    assert_eq!(listed["capabilities"], json!(capabilities));

    // The codec report's 64 characters, on the camera and (it had none) on the node.
    let codec = chars(64);
    let (status, reply) = node_post(
        &app,
        &format!("/api/cameras/{camera}/codec"),
        Some(&key),
        Some(json!({"video_codec": codec, "audio_codec": codec})),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    let org = OrgId::new("org_a");
    let stored = CameraRepo::get(&store(&app), &org, &CameraId::new(camera.as_str()))
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.video_codec, stored.audio_codec),
        (Some(codec.clone()), Some(codec.clone()))
    );
    let stored = NodeRepo::get(&store(&app), &org, &NodeId::new(node_id.as_str()))
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.video_codec, stored.audio_codec),
        (Some(codec.clone()), Some(codec.clone()))
    );

    // Motion on that camera: the event and its notification. (The e-mail cooldown's
    // per-camera setting, `motion_email_cooldown_start:<camera_id>`, is covered by the
    // repository suite on both engines.)
    let (status, reply) = node_post(
        &app,
        &format!("/api/cameras/{camera}/motion"),
        Some(&key),
        Some(json!({"score": 80, "timestamp": "2026-11-27T11:59:00"})),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    let events = with_query(
        &app,
        "/api/motion/events",
        &[("camera_id", camera.as_str())],
        ADMIN_A,
    )
    .await;
    assert_eq!(events["total"], 1, "{events}");
    let notifications = inbox(&app, ADMIN_A).await;
    let motion = &notifications["notifications"][0];
    assert_eq!(motion["kind"], "motion");
    assert_eq!(motion["camera_id"], camera.as_str());
    assert_eq!(
        motion["title"],
        format!("Motion on Camera {}", chars(183)),
        "titles are cut to their 200 characters"
    );

    // An incident on that camera, with the longest title.
    let (status, incident) = api(
        &app,
        "POST",
        "/api/incidents",
        Some(ADMIN_A),
        Some(json!({"title": chars(200), "summary": "s", "camera_id": camera})),
    )
    .await;
    assert_eq!(status, 201, "{incident}");
    assert_eq!(incident["camera_id"], camera.as_str());
    assert_eq!(incident["title"], chars(200));

    // A viewer opening its stream (a miss is logged too; the user agent is kept to its
    // first 500 characters), then the access log written.
    let response = app
        .client
        .get(app.url(&format!("/api/cameras/{camera}/stream.m3u8")))
        .bearer_auth(MEMBER_A)
        .header("user-agent", "a".repeat(600))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(app.state.live_pipeline.write_access_logs().unwrap(), 1);
    let logs = StreamAccessLogRepo::list_stream_accesses(
        &store(&app),
        &org,
        &StreamAccessQuery {
            camera_id: Some(CameraId::new(camera.as_str())),
            user_contains: None,
            limit: 10,
            offset: 0,
        },
    )
    .unwrap();
    assert_eq!(logs.total, 1);
    app.stop().await;
}
