//! The Home Assistant integration's live endpoints: snapshots through a node on the
//! WebSocket (the shared capture pipeline and its 503 texts) and the motion stream (its own
//! pool and cap, delivery of ingested events, org isolation).

use crate::integration_api::{
    CAM_A, CAM_B, NODE_A, NODE_A_KEY, NODE_B, NODE_B_KEY, ha_get, mint_key, seed_camera,
};
use crate::nodes_common::{
    ADMIN_A, ADMIN_B, answer_command, connect_node_socket, fake_app, next_command,
};
use base64::Engine;
use sentinel_tests::{EventStream, FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::time::Duration;

/// The simulator's snapshot: a real 320x180 JPEG.
const JPEG: &[u8] = include_bytes!("../../../simulator/fixtures/snapshot.jpg");
const WAIT: Duration = Duration::from_secs(5);

async fn snapshot(app: &TestApp, key: &str, camera: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/integration/cameras/{camera}/snapshot")))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_snapshot_is_the_nodes_jpeg_fetched_over_the_websocket() {
    let app = fake_app().await;
    seed_camera(&app, "org_a", NODE_A, NODE_A_KEY, CAM_A, None);
    let (_, key) = mint_key(&app, ADMIN_A, None).await;
    let (_, key_b) = mint_key(&app, ADMIN_B, None).await;

    let offline = snapshot(&app, &key, CAM_A).await;
    assert_eq!(offline.status(), 503);
    assert_eq!(
        offline.json::<Value>().await.unwrap(),
        json!({"detail": "Node 'aaaa0001' is offline — cannot capture snapshot"})
    );

    let mut socket = connect_node_socket(&app, NODE_A, NODE_A_KEY).await;
    let request = actix_web::rt::spawn({
        let (app_client, url, key) = (
            app.client.clone(),
            app.url(&format!("/api/integration/cameras/{CAM_A}/snapshot")),
            key.clone(),
        );
        async move { app_client.get(url).bearer_auth(key).send().await.unwrap() }
    });
    let command = next_command(&mut socket).await;
    assert_eq!(command["command"], "take_snapshot");
    assert_eq!(command["payload"], json!({"camera_id": CAM_A}));
    let image_b64 = base64::engine::general_purpose::STANDARD.encode(JPEG);
    answer_command(
        &mut socket,
        &command,
        json!({"status": "success", "data": {"image_b64": image_b64, "size_bytes": JPEG.len()}}),
    )
    .await;
    let response = request.await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(&response.bytes().await.unwrap()[..], JPEG);

    // A node-side failure is a 503 carrying the pipeline's words.
    let request = actix_web::rt::spawn({
        let (client, url, key) = (
            app.client.clone(),
            app.url(&format!("/api/integration/cameras/{CAM_A}/snapshot")),
            key.clone(),
        );
        async move { client.get(url).bearer_auth(key).send().await.unwrap() }
    });
    let command = next_command(&mut socket).await;
    answer_command(
        &mut socket,
        &command,
        json!({"status": "error", "error": "camera busy"}),
    )
    .await;
    let failed = request.await.unwrap();
    assert_eq!(failed.status(), 503);
    assert_eq!(
        failed.json::<Value>().await.unwrap(),
        json!({"detail": "Snapshot failed on the CameraNode: camera busy"})
    );

    let unknown = snapshot(&app, &key, "no_such_camera").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.json::<Value>().await.unwrap(),
        json!({"detail": "Camera not found"})
    );
    let foreign = snapshot(&app, &key_b, CAM_A).await;
    assert_eq!(
        foreign.status(),
        404,
        "org B's key cannot reach org A's camera"
    );
}

async fn post_motion(app: &TestApp, node_key: &str, camera: &str, score: i32) {
    let response = app
        .client
        .post(app.url(&format!("/api/cameras/{camera}/motion")))
        .header("x-node-api-key", node_key)
        .json(&json!({"score": score, "timestamp": "2026-11-27T11:59:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn motion_reaches_both_pools_and_only_the_events_org() {
    let app = fake_app().await;
    seed_camera(&app, "org_a", NODE_A, NODE_A_KEY, CAM_A, None);
    seed_camera(&app, "org_b", NODE_B, NODE_B_KEY, CAM_B, None);
    let (_, key_a) = mint_key(&app, ADMIN_A, None).await;
    let (_, key_b) = mint_key(&app, ADMIN_B, None).await;
    let mut ha_a = EventStream::open(&app, "/api/integration/motion/stream", &key_a).await;
    let mut ha_b = EventStream::open(&app, "/api/integration/motion/stream", &key_b).await;
    let dashboard_token = FakeIdentity::token("member", "org_a", "viewer");
    let mut dashboard_a =
        EventStream::open(&app, "/api/motion/events/stream", &dashboard_token).await;
    assert_eq!(
        ha_a.next_data(WAIT).await,
        Some(json!({"type": "connected", "org_id": "org_a"}))
    );
    assert_eq!(
        ha_b.next_data(WAIT).await,
        Some(json!({"type": "connected", "org_id": "org_b"}))
    );
    assert_eq!(
        dashboard_a.next_data(WAIT).await.unwrap()["type"],
        "connected"
    );

    post_motion(&app, NODE_A_KEY, CAM_A, 250).await;
    let expected = json!({
        "type": "motion", "camera_id": CAM_A, "node_id": NODE_A, "score": 100,
        "timestamp": "2026-11-27T11:59:00",
    });
    assert_eq!(ha_a.next_data(WAIT).await, Some(expected.clone()));
    assert_eq!(
        dashboard_a.next_data(WAIT).await,
        Some(expected),
        "the dashboard pool gets the same event"
    );
    assert_eq!(
        ha_b.next_data(Duration::from_millis(500)).await,
        None,
        "org B's stream never sees org A's motion"
    );
    post_motion(&app, NODE_B_KEY, CAM_B, 40).await;
    assert_eq!(ha_b.next_data(WAIT).await.unwrap()["camera_id"], CAM_B);
    assert_eq!(ha_a.next_data(Duration::from_millis(500)).await, None);
}

#[actix_web::test]
async fn the_eleventh_integration_stream_of_an_org_is_refused_apart_from_the_dashboard_pool() {
    let app = fake_app().await;
    let (_, key_a) = mint_key(&app, ADMIN_A, None).await;
    let (_, key_b) = mint_key(&app, ADMIN_B, None).await;
    let mut open = Vec::new();
    for _ in 0..10 {
        open.push(EventStream::open(&app, "/api/integration/motion/stream", &key_a).await);
    }
    let (status, body) = ha_get(
        &app,
        "/api/integration/motion/stream",
        Some(&format!("Bearer {key_a}")),
    )
    .await;
    assert_eq!(status, 429);
    assert_eq!(
        body,
        json!({"detail": "Too many open integration motion streams for this org (cap: 10). Close unused connections and retry."})
    );
    // Other orgs and the dashboard's own pool are unaffected.
    let _b = EventStream::open(&app, "/api/integration/motion/stream", &key_b).await;
    let dashboard = FakeIdentity::token("member", "org_a", "viewer");
    let _dashboard = EventStream::open(&app, "/api/motion/events/stream", &dashboard).await;
    assert_eq!(
        app.state
            .integration_motion_subscribers
            .subscribers_of(&sentinel_domain::ids::OrgId::new("org_a")),
        10
    );
    assert_eq!(
        app.state
            .motion_subscribers
            .subscribers_of(&sentinel_domain::ids::OrgId::new("org_a")),
        1
    );
}

/// The real `simulate-node` answers `take_snapshot` with its bundled JPEG: Home Assistant
/// gets exactly those bytes, end to end over the product's own WebSocket.
#[actix_web::test]
async fn a_snapshot_from_the_simulated_node_is_its_real_jpeg() {
    use sentinel_ports::driven::node_commands::NodeCommands;
    use sentinel_simulator::{Fixtures, SimulatorArgs, run};
    let app = fake_app().await;
    let (node_id, node_key) = crate::nodes_common::create_node(&app, ADMIN_A, Some("Sim")).await;
    let (_, key) = mint_key(&app, ADMIN_A, None).await;
    let simulator = actix_web::rt::spawn(run(SimulatorArgs {
        node_id: Some(node_id.clone()),
        api_key: Some(node_key),
        api_url: app.base_url.clone(),
        cameras: 1,
        create_nodes: None,
        heartbeat_interval: 30,
        duration: Some(60),
        motion_every: 0,
        orgs: 1,
        segment_bytes: None,
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let camera = loop {
        let (_, body) = ha_get(
            &app,
            "/api/integration/cameras",
            Some(&format!("Bearer {key}")),
        )
        .await;
        let connected = app
            .state
            .node_sockets
            .is_connected(&sentinel_domain::ids::NodeId::new(node_id.clone()));
        if let (true, Some(id)) = (connected, body["cameras"][0]["id"].as_str()) {
            break id.to_owned();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the simulator never came up: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let response = snapshot(&app, &key, &camera).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    let jpeg = response.bytes().await.unwrap();
    assert_eq!(&jpeg[..], &Fixtures::bundled().snapshot_jpeg[..]);
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG start-of-image marker");
    simulator.abort();
}
