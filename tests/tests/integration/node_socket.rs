//! The `/ws/node` channel with a real WebSocket client: handshake auth, heartbeat acks,
//! command round trips for snapshots, and reconnect replacement.

use awc::ws;
use chrono::NaiveDate;
use futures_util::{SinkExt, StreamExt};
use sentinel_app::database::SqlStore;
use sentinel_domain::fleet::{NewNode, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::keys::api_key_hash;
use sentinel_ports::driven::fleet_events::FleetEvent;
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;

const NODE: &str = "abcd1234";
const KEY: &str = "0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
const CAMERA: &str = "abcd1234_cam0";

type Socket = actix_codec::Framed<awc::BoxedSocket, ws::Codec>;

async fn app_with_node() -> TestApp {
    let app = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .start()
        .await;
    let store = SqlStore::new(app.database.clone());
    let org = OrgId::new("org_a");
    let at = NaiveDate::from_ymd_opt(2026, 11, 27)
        .unwrap()
        .and_hms_opt(11, 0, 0)
        .unwrap();
    NodeRepo::create(
        &store,
        &org,
        &NewNode {
            node_id: NodeId::new(NODE),
            name: "Porch".into(),
            api_key_hash: api_key_hash(KEY),
            status: "pending".into(),
            created_at: at,
        },
    )
    .unwrap();
    CameraRepo::upsert_from_register(
        &store,
        &org,
        &NodeId::new(NODE),
        &RegisteredCamera {
            camera_id: CameraId::new(CAMERA),
            name: Some("Porch cam".into()),
            fallback_name: "Camera".into(),
            node_type: "usb".into(),
            capabilities: "streaming".into(),
            codecs: None,
            seen_at: at,
        },
    )
    .unwrap();
    app
}

fn ws_url(app: &TestApp, query: &str) -> String {
    format!("ws://{}/ws/node{query}", app.address)
}

async fn connect(app: &TestApp) -> Socket {
    let (response, socket) = awc::Client::new()
        .ws(ws_url(app, ""))
        .set_header("x-node-id", NODE)
        .set_header("x-node-api-key", KEY)
        .connect()
        .await
        .unwrap();
    assert_eq!(response.status(), 101);
    socket
}

async fn send_json(socket: &mut Socket, frame: Value) {
    socket
        .send(ws::Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

/// The next text frame as JSON (pings and other control frames skipped).
async fn next_json(socket: &mut Socket) -> Option<Value> {
    loop {
        match socket.next().await? {
            Ok(ws::Frame::Text(bytes)) => return serde_json::from_slice(&bytes).ok(),
            Ok(ws::Frame::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

#[actix_web::test]
async fn header_credentials_connect_and_heartbeats_are_acked_and_recorded() {
    let app = app_with_node().await;
    let mut transitions = app.fleet_events.subscribe();
    let mut socket = connect(&app).await;
    let heartbeat = json!({
        "type": "heartbeat", "id": "test-correlation",
        "payload": {"cameras": [{"camera_id": CAMERA, "status": "streaming"}],
                    "local_ip": "192.0.2.2", "lan_streaming": false, "node_version": "0.1.73"}
    });
    send_json(&mut socket, heartbeat).await;
    let ack = next_json(&mut socket).await.unwrap();
    assert_eq!(ack["type"], "ack");
    assert_eq!(ack["id"], "test-correlation");
    assert_eq!(ack["payload"]["timestamp"], "2026-11-27T12:00:00");
    assert!(
        ack["payload"].get("update_available").is_none(),
        "at the latest version"
    );
    assert!(ack["payload"].get("unsupported").is_none());
    assert_eq!(
        transitions.try_recv().unwrap(),
        FleetEvent::NodeOnline {
            org: OrgId::new("org_a"),
            node: NodeId::new(NODE),
            name: "Porch".into()
        },
        "a pending node coming alive is a transition"
    );
    assert!(
        transitions.try_recv().is_err(),
        "the camera was already live"
    );

    let store = SqlStore::new(app.database.clone());
    let node = NodeRepo::get(&store, &OrgId::new("org_a"), &NodeId::new(NODE))
        .unwrap()
        .unwrap();
    assert_eq!(node.status.as_deref(), Some("online"));
    assert_eq!(
        node.local_ip, None,
        "lan_streaming false clears the address"
    );
    assert_eq!(node.node_version.as_deref(), Some("0.1.73"));
    let camera = CameraRepo::get(&store, &OrgId::new("org_a"), &CameraId::new(CAMERA))
        .unwrap()
        .unwrap();
    assert_eq!(camera.status.as_deref(), Some("streaming"));

    send_json(
        &mut socket,
        json!({"type": "heartbeat", "payload": {"cameras": [], "node_version": "0.1.2"}}),
    )
    .await;
    let ack = next_json(&mut socket).await.unwrap();
    assert_eq!(ack["id"], Value::Null);
    assert_eq!(ack["payload"]["update_available"], "0.1.73");

    send_json(&mut socket, json!({"type": "bogus", "id": "x1"})).await;
    let error = next_json(&mut socket).await.unwrap();
    assert_eq!(
        error,
        json!({"type": "error", "id": "x1", "payload": {"detail": "Unknown message type: bogus"}})
    );
    app.stop().await;
}

/// The node and camera as the store has them: `(status, local_ip, node_version, camera status,
/// camera last_error)`.
type StoredState = [Option<String>; 5];

fn stored_state(app: &TestApp) -> StoredState {
    let store = SqlStore::new(app.database.clone());
    let org = OrgId::new("org_a");
    let node = NodeRepo::get(&store, &org, &NodeId::new(NODE))
        .unwrap()
        .unwrap();
    let camera = CameraRepo::get(&store, &org, &CameraId::new(CAMERA))
        .unwrap()
        .unwrap();
    [
        node.status,
        node.local_ip,
        node.node_version,
        camera.status,
        camera.last_error,
    ]
}

#[actix_web::test]
async fn heartbeats_are_held_to_the_http_heartbeats_limits_on_every_engine() {
    let app = app_with_node().await;
    let mut socket = connect(&app).await;
    let before = stored_state(&app);
    // PostgreSQL's columns hold 20, 45 and 50 characters and SQLite's hold anything: one
    // character more is refused before anything is written, on both.
    for (payload, field, max) in [
        (
            json!({"cameras": [{"camera_id": CAMERA, "status": "s".repeat(21)}]}),
            "cameras.0.status",
            20,
        ),
        (
            json!({"cameras": [], "local_ip": "1".repeat(46)}),
            "local_ip",
            45,
        ),
        (
            json!({"cameras": [], "node_version": format!("0.1.73{}", "x".repeat(45))}),
            "node_version",
            50,
        ),
    ] {
        send_json(
            &mut socket,
            json!({"type": "heartbeat", "id": field, "payload": payload}),
        )
        .await;
        assert_eq!(
            next_json(&mut socket).await.unwrap(),
            json!({"type": "error", "id": field, "payload": {"detail": format!(
                "Invalid heartbeat: String should have at most {max} characters ({field})"
            )}})
        );
        assert_eq!(stored_state(&app), before, "{field}: nothing written");
    }

    // At the limits, in two-byte characters: stored whole (`last_error` is cut to 500).
    let status = "é".repeat(20);
    send_json(
        &mut socket,
        json!({"type": "heartbeat", "id": "max", "payload": {
            "cameras": [{"camera_id": CAMERA, "status": "error", "last_error": "é".repeat(600)}],
            "local_ip": "é".repeat(45), "lan_streaming": true,
            "node_version": format!("0.1.73{}", "é".repeat(44)),
        }}),
    )
    .await;
    assert_eq!(next_json(&mut socket).await.unwrap()["type"], "ack");
    assert_eq!(
        stored_state(&app),
        [
            Some("online".into()),
            Some("é".repeat(45)),
            Some("0.1.73".into()),
            Some("error".into()),
            Some("é".repeat(500)),
        ]
    );
    send_json(
        &mut socket,
        json!({"type": "heartbeat", "payload": {
            "cameras": [{"camera_id": CAMERA, "status": status}],
            "node_version": "0.1.73",
        }}),
    )
    .await;
    assert_eq!(next_json(&mut socket).await.unwrap()["type"], "ack");
    assert_eq!(stored_state(&app)[3], Some(status));
    app.stop().await;
}

#[actix_web::test]
async fn bad_or_missing_credentials_are_refused_before_the_upgrade() {
    let app = app_with_node().await;
    let wrong = awc::Client::new()
        .ws(ws_url(&app, ""))
        .set_header("x-node-id", NODE)
        .set_header("x-node-api-key", "not-the-key")
        .connect()
        .await;
    assert!(wrong.is_err(), "wrong key must not upgrade");
    let missing = awc::Client::new().ws(ws_url(&app, "")).connect().await;
    assert!(missing.is_err(), "no credentials must not upgrade");
    let status = app
        .client
        .get(app.url("/ws/node"))
        .header("x-node-id", NODE)
        .header("x-node-api-key", "not-the-key")
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 403);
    app.stop().await;
}

#[actix_web::test]
async fn legacy_query_credentials_still_connect() {
    let app = app_with_node().await;
    let (response, mut socket) = awc::Client::new()
        .ws(ws_url(&app, &format!("?api_key={KEY}&node_id={NODE}")))
        .connect()
        .await
        .unwrap();
    assert_eq!(response.status(), 101);
    send_json(
        &mut socket,
        json!({"type": "heartbeat", "id": "q", "payload": {"cameras": []}}),
    )
    .await;
    assert_eq!(next_json(&mut socket).await.unwrap()["type"], "ack");
    app.stop().await;
}

#[actix_web::test]
async fn snapshot_requests_round_trip_through_the_socket() {
    let app = app_with_node().await;
    let url = app.url(&format!("/api/cameras/{CAMERA}/snapshot"));
    let offline = app
        .client
        .post(&url)
        .bearer_auth("member:org_a:u1")
        .send()
        .await
        .unwrap();
    assert_eq!(offline.status(), 503);
    assert_eq!(
        offline.json::<Value>().await.unwrap(),
        json!({"detail": "Camera node is offline"})
    );

    let mut socket = connect(&app).await;
    let client = app.client.clone();
    let request = actix_web::rt::spawn(async move {
        let response = client
            .post(&url)
            .bearer_auth("member:org_a:u1")
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    });
    let command = next_json(&mut socket).await.unwrap();
    assert_eq!(command["type"], "command");
    assert_eq!(command["command"], "take_snapshot");
    assert_eq!(command["payload"], json!({"camera_id": CAMERA}));
    let result = json!({"status": "success", "data": {"filename": "abcd1234_cam0_20261127_120000.jpg", "size_bytes": 4, "image_b64": "/9j/2Q=="}});
    send_json(
        &mut socket,
        json!({"type": "command_result", "id": command["id"], "command": "take_snapshot", "payload": result}),
    )
    .await;
    let (status, body) = request.await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(body, result, "the node's payload comes back verbatim");

    let foreign = app
        .client
        .post(app.url(&format!("/api/cameras/{CAMERA}/snapshot")))
        .bearer_auth("admin:org_b:u2")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404, "another org cannot reach the camera");
    app.stop().await;
}

#[actix_web::test]
async fn a_reconnect_replaces_the_old_socket() {
    let app = app_with_node().await;
    let mut first = connect(&app).await;
    let mut second = connect(&app).await;
    let closed = loop {
        match first.next().await {
            Some(Ok(ws::Frame::Close(reason))) => break reason,
            Some(Ok(_)) => continue,
            _ => break None,
        }
    };
    assert_eq!(
        closed.and_then(|reason| reason.description).as_deref(),
        Some("Replaced by new connection")
    );
    send_json(
        &mut second,
        json!({"type": "heartbeat", "id": "after", "payload": {"cameras": []}}),
    )
    .await;
    assert_eq!(next_json(&mut second).await.unwrap()["id"], "after");
    app.stop().await;
}
