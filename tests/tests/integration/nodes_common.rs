//! Helpers for the `/api/nodes` tests: admin calls with fake sessions, node calls with an
//! `X-Node-API-Key`, and bodies shaped exactly like the ones the CloudNode 0.1.73 sends
//! (cloudnode-client.md §3, §4).

use chrono::NaiveDateTime;
use sentinel_app::database::SqlStore;
use sentinel_domain::audit::{AuditEntry, AuditQuery};
use sentinel_domain::fleet::{Camera, Node};
use sentinel_domain::ids::{NodeId, OrgId};
use sentinel_ports::driven::repos::{AuditRepo, CameraRepo, NodeRepo, SettingsRepo};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;

pub const ADMIN_A: &str = "admin:org_a:user_a";
pub const MEMBER_A: &str = "member:org_a:user_m";
pub const ADMIN_B: &str = "admin:org_b:user_b";

/// An app whose sessions are `FakeIdentity` tokens (plan `pro_plus`).
pub async fn fake_app() -> TestApp {
    TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .start()
        .await
}

/// A user call: `(status, JSON body or the raw text as a JSON string)`.
pub async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    read(request.send().await.unwrap()).await
}

/// A node call, sent the way the CloudNode sends it (lower-case header, compact JSON).
pub async fn node_post(
    app: &TestApp,
    path: &str,
    key: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.client.post(app.url(path));
    if let Some(key) = key {
        request = request.header("x-node-api-key", key);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&body).unwrap());
    }
    read(request.send().await.unwrap()).await
}

async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Creates a node through the API: `(node_id, api_key)`.
pub async fn create_node(app: &TestApp, token: &str, name: Option<&str>) -> (String, String) {
    let (status, body) = api(
        app,
        "POST",
        "/api/nodes",
        Some(token),
        Some(json!({"name": name})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    (
        body["node_id"].as_str().unwrap().to_owned(),
        body["api_key"].as_str().unwrap().to_owned(),
    )
}

/// The register body of CloudNode 0.1.73 (all keys always present), one camera per
/// device path.
pub fn register_body(node_id: &str, device_paths: &[&str]) -> Value {
    let cameras: Vec<Value> = device_paths
        .iter()
        .enumerate()
        .map(|(index, path)| {
            json!({
                "device_path": path,
                "name": format!("USB Camera {index}"),
                "width": 1920,
                "height": 1080,
                "capabilities": ["streaming"],
            })
        })
        .collect();
    json!({
        "node_id": node_id,
        "name": "Node-vm",
        "node_version": "0.1.73",
        "cameras": cameras,
        "video_codec": "avc1.64a01e",
        "audio_codec": "mp4a.40.2",
        "http_port": 8080,
        "lan_streaming": false,
    })
}

/// The observed first heartbeat of CloudNode 0.1.73.
pub fn heartbeat_body(node_id: &str, camera_ids: &[&str]) -> Value {
    let cameras: Vec<Value> = camera_ids
        .iter()
        .map(|id| json!({"camera_id": id, "status": "starting"}))
        .collect();
    json!({
        "node_id": node_id,
        "local_ip": "192.0.2.2",
        "lan_streaming": false,
        "cameras": cameras,
        "node_version": "0.1.73",
        "storage_stats": {
            "used_bytes": 0,
            "max_bytes": 68_719_476_736_i64,
            "disk_free_bytes": 79_422_242_816_i64,
            "disk_total_bytes": 270_553_174_016_i64,
        },
    })
}

/// Registers `node_id` with cameras at `device_paths`; asserts success and returns the reply.
pub async fn register(app: &TestApp, node_id: &str, key: &str, device_paths: &[&str]) -> Value {
    let (status, body) = node_post(
        app,
        "/api/nodes/register",
        Some(key),
        Some(register_body(node_id, device_paths)),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

pub fn store(app: &TestApp) -> SqlStore {
    SqlStore::new(app.database.clone())
}

pub fn naive_now(app: &TestApp) -> NaiveDateTime {
    use sentinel_ports::driven::clock::Clock;
    app.clock.now().naive_utc()
}

pub fn set_setting(app: &TestApp, org: &str, key: &str, value: &str) {
    SettingsRepo::set(&store(app), &OrgId::new(org), key, value, naive_now(app)).unwrap();
}

pub fn node_row(app: &TestApp, org: &str, node_id: &str) -> Option<Node> {
    NodeRepo::get(&store(app), &OrgId::new(org), &NodeId::new(node_id)).unwrap()
}

pub fn cameras_of(app: &TestApp, org: &str, node_id: &str) -> Vec<Camera> {
    CameraRepo::list_for_node(&store(app), &OrgId::new(org), &NodeId::new(node_id)).unwrap()
}

pub fn audit_rows(app: &TestApp, org: &str, event: &str) -> Vec<AuditEntry> {
    AuditRepo::list(
        &store(app),
        &OrgId::new(org),
        &AuditQuery {
            event: Some(event.to_owned()),
            username_contains: None,
            limit: 50,
            offset: 0,
        },
    )
    .unwrap()
    .entries
}

/// Camera ids the API derives for device paths on a node.
pub fn camera_id(node_id: &str, device_path: &str) -> String {
    let sanitised = device_path.replace(['/', '\\', ' '], "_");
    format!("{node_id}_{}", sanitised.trim_matches('_'))
}

pub type NodeSocket = actix_codec::Framed<awc::BoxedSocket, awc::ws::Codec>;

/// Opens the node WebSocket the way the CloudNode does (id and key in headers).
pub async fn connect_node_socket(app: &TestApp, node_id: &str, key: &str) -> NodeSocket {
    let (response, socket) = awc::Client::new()
        .ws(format!("ws://{}/ws/node", app.address))
        .set_header("x-node-id", node_id)
        .set_header("x-node-api-key", key)
        .connect()
        .await
        .unwrap();
    assert_eq!(response.status(), 101);
    socket
}

/// The next `command` frame the server sends on a node socket (acks and pings skipped).
pub async fn next_command(socket: &mut NodeSocket) -> Value {
    use futures_util::StreamExt;
    loop {
        match socket.next().await {
            Some(Ok(awc::ws::Frame::Text(bytes))) => {
                let frame: Value = serde_json::from_slice(&bytes).unwrap();
                if frame["type"] == "command" {
                    return frame;
                }
            }
            Some(Ok(_)) => {}
            other => panic!("socket ended before a command: {other:?}"),
        }
    }
}

/// Answers a command frame with `payload` as its `command_result`.
pub async fn answer_command(socket: &mut NodeSocket, command: &Value, payload: Value) {
    use futures_util::SinkExt;
    let frame = json!({"type": "command_result", "id": command["id"], "command": command["command"], "payload": payload});
    socket
        .send(awc::ws::Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}
