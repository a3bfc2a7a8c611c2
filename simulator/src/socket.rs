//! The node's WebSocket: heartbeats out, commands in, one `command_result` per command,
//! reconnecting with the real node's backoff (1 s doubling to 30 s).

use super::node::{NODE_VERSION, NodeShared};
use awc::ws;
use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

const MAX_BACKOFF: Duration = Duration::from_secs(30);

pub async fn run(shared: Arc<NodeShared>) {
    let url = format!(
        "{}/ws/node",
        shared
            .api_url
            .replacen("https://", "wss://", 1)
            .replacen("http://", "ws://", 1)
    );
    let mut backoff = Duration::from_secs(1);
    loop {
        match session(&shared, &url).await {
            Ok(()) => backoff = Duration::from_secs(1),
            Err(reason) => {
                tracing::debug!(%reason, wait = ?backoff, "node socket down; reconnecting");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// One connection, until it ends; `Ok` when it had connected.
async fn session(shared: &NodeShared, url: &str) -> Result<(), String> {
    let (_, mut socket) = awc::Client::new()
        .ws(url)
        .max_frame_size(16 * 1024 * 1024)
        .set_header("x-node-id", shared.credentials.node_id.as_str())
        .set_header("x-node-api-key", shared.credentials.api_key.as_str())
        .connect()
        .await
        .map_err(|e| e.to_string())?;
    let mut ticker = tokio::time::interval(shared.heartbeat_interval);
    loop {
        tokio::select! {
            _ = ticker.tick() => {
                let frame = heartbeat_frame(shared);
                if socket.send(ws::Message::Text(frame.to_string().into())).await.is_err() {
                    return Ok(());
                }
            }
            frame = socket.next() => {
                let Some(Ok(frame)) = frame else { return Ok(()) };
                match frame {
                    ws::Frame::Text(bytes) => {
                        if let Some(reply) = answer(shared, &bytes)
                            && socket.send(ws::Message::Text(reply.to_string().into())).await.is_err()
                        {
                            return Ok(());
                        }
                    }
                    ws::Frame::Ping(payload) => {
                        let _ = socket.send(ws::Message::Pong(payload)).await;
                    }
                    ws::Frame::Close(_) => return Ok(()),
                    _ => {}
                }
            }
        }
    }
}

fn heartbeat_frame(shared: &NodeShared) -> Value {
    let cameras: Vec<Value> = shared
        .cameras
        .iter()
        .map(|camera| json!({"camera_id": camera, "status": "streaming"}))
        .collect();
    json!({
        "type": "heartbeat",
        "payload": {"cameras": cameras, "local_ip": null, "lan_streaming": false, "node_version": NODE_VERSION},
    })
}

/// The `command_result` for a `command` frame; other frames get no reply.
fn answer(shared: &NodeShared, text: &[u8]) -> Option<Value> {
    let frame: Value = serde_json::from_slice(text).ok()?;
    match frame.get("type").and_then(Value::as_str) {
        Some("command") => {}
        Some("error") => {
            tracing::warn!(detail = %frame["payload"]["detail"], "server error");
            return None;
        }
        _ => return None,
    }
    let command = frame["command"].as_str().unwrap_or("unknown");
    let payload = match command {
        "take_snapshot" => snapshot(shared, frame["payload"]["camera_id"].as_str()),
        "list_snapshots" | "list_recordings" => json!({"status": "success", "data": []}),
        "wipe_data" => json!({"status": "success", "data": {"wiped": true}}),
        other => json!({"status": "error", "error": format!("unknown command: {other}")}),
    };
    shared
        .stats
        .commands_answered
        .fetch_add(1, Ordering::Relaxed);
    let mut reply = json!({"type": "command_result", "command": command, "payload": payload});
    if let Some(id) = frame.get("id").filter(|id| id.is_string()) {
        reply["id"] = id.clone();
    }
    Some(reply)
}

fn snapshot(shared: &NodeShared, camera: Option<&str>) -> Value {
    let Some(camera) = camera else {
        return json!({"status": "error", "error": "missing camera_id"});
    };
    if !shared.cameras.iter().any(|known| known == camera) {
        return json!({"status": "error", "error": format!("No segments found for camera {camera}")});
    }
    let now = chrono::Utc::now();
    let jpeg = &shared.fixtures.snapshot_jpeg;
    json!({
        "status": "success",
        "data": {
            "filename": format!("{}_{}.jpg", camera.replace(['/', '\\'], "_"), now.format("%Y%m%d_%H%M%S")),
            "size_bytes": jpeg.len(),
            "timestamp": now.timestamp_millis(),
            "image_b64": base64::engine::general_purpose::STANDARD.encode(jpeg),
        }
    })
}
