//! One simulated CloudNode: registration, the HTTP heartbeat loop, the WebSocket, and a
//! streaming task per camera.

use super::media::{AUDIO_CODEC, Fixtures, VIDEO_CODEC};
use super::playlist::{PlaylistWindow, segment_filename};
use super::socket;
use super::{NodeCredentials, SimulatorArgs, SimulatorError};
use actix_web::rt::task::JoinHandle;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const NODE_VERSION: &str = "0.1.73";
/// Statuses the real node retries; everything else drops the segment.
const RETRIED: [u16; 6] = [408, 429, 500, 502, 503, 504];
const RETRY_WAITS_MS: [u64; 3] = [250, 500, 1000];

/// What the node shares between its tasks.
pub struct NodeShared {
    pub client: reqwest::Client,
    pub api_url: String,
    pub credentials: NodeCredentials,
    pub cameras: Vec<String>,
    pub fixtures: Fixtures,
    pub disabled: Mutex<HashSet<String>>,
    pub stats: Counters,
    pub heartbeat_interval: Duration,
}

#[derive(Default)]
pub struct Counters {
    pub segments_pushed: AtomicU64,
    pub segments_failed: AtomicU64,
    pub heartbeats: AtomicU64,
    pub commands_answered: AtomicU64,
}

pub struct SimulatedNode {
    shared: Arc<NodeShared>,
    tasks: Vec<JoinHandle<()>>,
}

pub struct NodeStats {
    pub node_id: String,
    pub segments_pushed: u64,
    pub segments_failed: u64,
    pub heartbeats: u64,
    pub commands_answered: u64,
}

impl SimulatedNode {
    /// Registers, then starts heartbeats, the socket and one streamer per camera.
    pub async fn start(
        client: reqwest::Client,
        api_url: &str,
        credentials: NodeCredentials,
        args: &SimulatorArgs,
        fixtures: Fixtures,
    ) -> Result<Self, SimulatorError> {
        reach(&client, api_url).await?;
        let cameras = register(&client, api_url, &credentials, args.cameras).await?;
        tracing::info!(node_id = %credentials.node_id, cameras = ?cameras, "registered");
        let shared = Arc::new(NodeShared {
            client,
            api_url: api_url.to_owned(),
            credentials,
            cameras,
            fixtures,
            disabled: Mutex::new(HashSet::new()),
            stats: Counters::default(),
            heartbeat_interval: Duration::from_secs(args.heartbeat_interval.max(1)),
        });
        let mut tasks = vec![
            actix_web::rt::spawn(heartbeat_loop(shared.clone())),
            actix_web::rt::spawn(socket::run(shared.clone())),
        ];
        for camera in shared.cameras.clone() {
            tasks.push(actix_web::rt::spawn(stream_camera(
                shared.clone(),
                camera,
                args.motion_every,
            )));
        }
        Ok(Self { shared, tasks })
    }

    pub fn stop(self) -> NodeStats {
        for task in &self.tasks {
            task.abort();
        }
        let stats = &self.shared.stats;
        NodeStats {
            node_id: self.shared.credentials.node_id.clone(),
            segments_pushed: stats.segments_pushed.load(Ordering::Relaxed),
            segments_failed: stats.segments_failed.load(Ordering::Relaxed),
            heartbeats: stats.heartbeats.load(Ordering::Relaxed),
            commands_answered: stats.commands_answered.load(Ordering::Relaxed),
        }
    }
}

/// Any HTTP answer will do: the real node only checks reachability.
async fn reach(client: &reqwest::Client, api_url: &str) -> Result<(), SimulatorError> {
    client
        .get(format!("{api_url}/api/health"))
        .send()
        .await
        .map(|_| ())
        .map_err(|e| SimulatorError::Unreachable {
            url: api_url.to_owned(),
            reason: e.to_string(),
        })
}

/// The camera ids the Command Center assigned, in device order; a camera missing from the
/// reply (skipped by a plan cap) still streams under the id the node would fabricate.
async fn register(
    client: &reqwest::Client,
    api_url: &str,
    credentials: &NodeCredentials,
    camera_count: u32,
) -> Result<Vec<String>, SimulatorError> {
    let devices: Vec<String> = (0..camera_count)
        .map(|i| format!("/dev/video{i}"))
        .collect();
    let body = json!({
        "node_id": credentials.node_id,
        "name": "Node-simulator",
        "node_version": NODE_VERSION,
        "cameras": devices.iter().enumerate().map(|(i, device)| json!({
            "device_path": device,
            "name": format!("Simulated Camera {}", i + 1),
            "width": 1920,
            "height": 1080,
            "capabilities": ["streaming"],
        })).collect::<Vec<_>>(),
        "video_codec": VIDEO_CODEC,
        "audio_codec": AUDIO_CODEC,
        "http_port": 8080,
        "lan_streaming": false,
    });
    let response = client
        .post(format!("{api_url}/api/nodes/register"))
        .header("x-node-api-key", &credentials.api_key)
        .json(&body)
        .send()
        .await
        .map_err(|e| SimulatorError::Unreachable {
            url: api_url.to_owned(),
            reason: e.to_string(),
        })?;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(SimulatorError::Refused {
            step: "register",
            status,
            body: text,
        });
    }
    let reply: Value = serde_json::from_str(&text).map_err(|e| SimulatorError::BadReply {
        step: "register",
        reason: e.to_string(),
    })?;
    if let Some(hit) = reply.get("plan_limit_hit").filter(|hit| !hit.is_null()) {
        tracing::warn!(plan_limit_hit = %hit, "plan limit reached: some cameras are suspended");
    }
    let node_id = reply["node_id"]
        .as_str()
        .ok_or_else(|| SimulatorError::BadReply {
            step: "register",
            reason: "missing node_id".into(),
        })?;
    Ok(devices
        .iter()
        .map(|device| {
            reply["cameras"][device.as_str()]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| fabricated_camera_id(node_id, device))
        })
        .collect())
}

/// The original's formula: `<node_id>_<device path with / \ and spaces as _, no leading _>`.
pub fn fabricated_camera_id(node_id: &str, device: &str) -> String {
    let cleaned: String = device
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ' ') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{node_id}_{}", cleaned.trim_start_matches('_'))
}

async fn heartbeat_loop(shared: Arc<NodeShared>) {
    loop {
        send_heartbeat(&shared).await;
        tokio::time::sleep(shared.heartbeat_interval).await;
    }
}

/// One heartbeat tick: up to three attempts, 1 s then 2 s apart, like the real node.
async fn send_heartbeat(shared: &NodeShared) {
    let cameras: Vec<Value> = shared
        .cameras
        .iter()
        .map(|camera| json!({"camera_id": camera, "status": "streaming"}))
        .collect();
    let mut body = json!({
        "node_id": shared.credentials.node_id,
        "lan_streaming": false,
        "node_version": NODE_VERSION,
        "storage_stats": {"used_bytes": 0, "max_bytes": 68_719_476_736u64, "disk_free_bytes": 0, "disk_total_bytes": 0},
    });
    if !cameras.is_empty() {
        body["cameras"] = Value::Array(cameras);
    }
    for wait in [0u64, 1, 2] {
        tokio::time::sleep(Duration::from_secs(wait)).await;
        let reply = shared
            .client
            .post(format!("{}/api/nodes/heartbeat", shared.api_url))
            .header("x-node-api-key", &shared.credentials.api_key)
            .json(&body)
            .send()
            .await;
        let Ok(reply) = reply else { continue };
        if !reply.status().is_success() {
            tracing::warn!(status = reply.status().as_u16(), "heartbeat refused");
            continue;
        }
        let Ok(reply) = reply.json::<Value>().await else {
            continue;
        };
        if let Some(disabled) = reply["disabled_cameras"].as_array()
            && let Ok(mut set) = shared.disabled.lock()
        {
            *set = disabled
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
        }
        shared.stats.heartbeats.fetch_add(1, Ordering::Relaxed);
        return;
    }
    tracing::warn!("heartbeat failed three times");
}

/// A segment and a playlist every second; the codec once; motion now and then.
async fn stream_camera(shared: Arc<NodeShared>, camera: String, motion_every: u64) {
    let window = PlaylistWindow {
        fixture_count: shared.fixtures.segments.len() as u64,
    };
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    let mut sequence = 0u64;
    let mut codec_sent = false;
    loop {
        ticker.tick().await;
        let suspended = shared
            .disabled
            .lock()
            .map(|set| set.contains(&camera))
            .unwrap_or(false);
        if suspended {
            continue;
        }
        let segment = shared.fixtures.segments[window.fixture_index(sequence)].clone();
        if push_segment(&shared, &camera, sequence, segment).await {
            shared.stats.segments_pushed.fetch_add(1, Ordering::Relaxed);
            if !codec_sent {
                codec_sent = true;
                post(
                    &shared,
                    &camera,
                    "codec",
                    json!({"video_codec": VIDEO_CODEC, "audio_codec": AUDIO_CODEC}),
                )
                .await;
            }
            push_playlist(&shared, &camera, window.render(sequence)).await;
            if motion_every > 0 && sequence % motion_every == motion_every / 2 {
                let motion = json!({
                    "score": 5 + (sequence % 40),
                    "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, false),
                    "segment_seq": sequence,
                });
                post(&shared, &camera, "motion", motion).await;
            }
        } else {
            shared.stats.segments_failed.fetch_add(1, Ordering::Relaxed);
        }
        sequence += 1;
    }
}

async fn push_segment(
    shared: &NodeShared,
    camera: &str,
    sequence: u64,
    segment: bytes::Bytes,
) -> bool {
    let url = format!(
        "{}/api/cameras/{camera}/push-segment?filename={}",
        shared.api_url,
        segment_filename(sequence)
    );
    for attempt in 0..=RETRY_WAITS_MS.len() {
        let response = shared
            .client
            .post(&url)
            .header("x-node-api-key", &shared.credentials.api_key)
            .header("content-type", "video/mp2t")
            .body(segment.clone())
            .send()
            .await;
        let retry = match response {
            Ok(response) if response.status().is_success() => return true,
            Ok(response) => {
                let status = response.status().as_u16();
                if !RETRIED.contains(&status) {
                    tracing::debug!(camera, status, "segment refused");
                    return false;
                }
                true
            }
            Err(_) => true,
        };
        if retry && let Some(wait) = RETRY_WAITS_MS.get(attempt) {
            tokio::time::sleep(Duration::from_millis(*wait)).await;
        }
    }
    false
}

async fn push_playlist(shared: &NodeShared, camera: &str, playlist: String) {
    let url = format!("{}/api/cameras/{camera}/playlist", shared.api_url);
    for wait in [0u64, 250, 500] {
        tokio::time::sleep(Duration::from_millis(wait)).await;
        let response = shared
            .client
            .post(&url)
            .header("x-node-api-key", &shared.credentials.api_key)
            .header("content-type", "text/plain")
            .body(playlist.clone())
            .send()
            .await;
        if response.is_ok_and(|r| r.status().is_success()) {
            return;
        }
    }
    tracing::debug!(camera, "playlist push failed");
}

/// Codec and motion are single-shot: a failure is logged, never re-sent.
async fn post(shared: &NodeShared, camera: &str, what: &str, body: Value) {
    let url = format!("{}/api/cameras/{camera}/{what}", shared.api_url);
    let response = shared
        .client
        .post(&url)
        .header("x-node-api-key", &shared.credentials.api_key)
        .json(&body)
        .send()
        .await;
    match response {
        Ok(response) if response.status().is_success() => {}
        Ok(response) => {
            tracing::debug!(camera, what, status = response.status().as_u16(), "refused")
        }
        Err(error) => tracing::debug!(camera, what, %error, "failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::fabricated_camera_id;

    #[test]
    fn camera_ids_follow_the_node_formula() {
        assert_eq!(
            fabricated_camera_id("abcd1234", "/dev/video0"),
            "abcd1234_dev_video0"
        );
        assert_eq!(fabricated_camera_id("abcd1234", "0"), "abcd1234_0");
        assert_eq!(
            fabricated_camera_id("abcd1234", "HD Cam\\x"),
            "abcd1234_HD_Cam_x"
        );
    }
}
