//! Fixtures for the live pipeline tests: nodes and cameras seeded straight into the
//! database, pushes sent the way the CloudNode sends them (raw body, lower-case key header),
//! viewers with `FakeIdentity` sessions.

use chrono::NaiveDateTime;
use sentinel_app::database::SqlStore;
use sentinel_domain::fleet::{NewNode, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::keys::api_key_hash;
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo, SettingsRepo};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::Value;
use std::sync::Arc;

pub const KEY_A: &str = "0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
pub const KEY_B: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
pub const CAM_A: &str = "aaaa0001_video0";
pub const CAM_A2: &str = "aaaa0001_video1";
pub const CAM_B: &str = "bbbb0001_video0";

/// An app with `FakeIdentity` sessions and the given environment.
pub async fn live_app(env: &[(&str, &str)]) -> TestApp {
    // Rate limits stay in process: in Redis, buckets keyed by 127.0.0.1 would be shared
    // with every other test run on this machine.
    let mut builder = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .rate_limit_store(Arc::new(sentinel_adapters_http::MemoryRateLimitStore::new()));
    for (name, value) in env {
        builder = builder.env(name, value);
    }
    builder.start().await
}

pub fn store(app: &TestApp) -> SqlStore {
    SqlStore::new(app.database.clone())
}

pub fn now(app: &TestApp) -> NaiveDateTime {
    use sentinel_ports::driven::clock::Clock;
    app.clock.now().naive_utc()
}

/// Node `aaaa0001` (key A) of `org_a` with cameras A and A2, and node `bbbb0001` (key B)
/// of `org_b` with camera B.
pub fn seed_two_orgs(app: &TestApp) {
    seed_node(app, "org_a", "aaaa0001", KEY_A);
    seed_camera(app, "org_a", "aaaa0001", CAM_A, "Front door");
    seed_camera(app, "org_a", "aaaa0001", CAM_A2, "Garage");
    seed_node(app, "org_b", "bbbb0001", KEY_B);
    seed_camera(app, "org_b", "bbbb0001", CAM_B, "Back yard");
}

pub fn seed_node(app: &TestApp, org: &str, node: &str, key: &str) {
    NodeRepo::create(
        &store(app),
        &OrgId::new(org),
        &NewNode {
            node_id: NodeId::new(node),
            name: format!("node {node}"),
            api_key_hash: api_key_hash(key),
            status: "online".into(),
            created_at: now(app),
        },
    )
    .unwrap();
}

pub fn seed_camera(app: &TestApp, org: &str, node: &str, camera: &str, name: &str) {
    CameraRepo::upsert_from_register(
        &store(app),
        &OrgId::new(org),
        &NodeId::new(node),
        &RegisteredCamera {
            camera_id: CameraId::new(camera),
            name: Some(name.to_owned()),
            fallback_name: "Camera".into(),
            node_type: "usb".into(),
            capabilities: "streaming".into(),
            codecs: None,
            seen_at: now(app),
        },
    )
    .unwrap();
}

pub fn set_plan(app: &TestApp, org: &str, plan: &str) {
    SettingsRepo::set(&store(app), &OrgId::new(org), "org_plan", plan, now(app)).unwrap();
}

pub fn viewer(org: &str) -> String {
    FakeIdentity::token("member", org, "user_v")
}

/// Bytes that say which camera and segment they are, MPEG-TS-shaped (0x47 sync byte).
pub fn segment_bytes(camera: &str, sequence: u64, len: usize) -> Vec<u8> {
    let tag = format!("{camera}:{sequence}:");
    let mut bytes = vec![0x47];
    while bytes.len() < len {
        bytes.extend_from_slice(tag.as_bytes());
    }
    bytes.truncate(len);
    bytes
}

pub fn segment_name(sequence: u64) -> String {
    format!("segment_{sequence:05}.ts")
}

pub async fn push_segment(
    app: &TestApp,
    key: &str,
    camera: &str,
    filename: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/cameras/{camera}/push-segment")))
        .query(&[("filename", filename)])
        .header("x-node-api-key", key)
        .header("content-type", "video/mp2t")
        .body(body)
        .send()
        .await
        .unwrap()
}

pub async fn push_playlist(
    app: &TestApp,
    key: &str,
    camera: &str,
    text: &[u8],
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/cameras/{camera}/playlist")))
        .header("x-node-api-key", key)
        .header("content-type", "text/plain")
        .body(text.to_vec())
        .send()
        .await
        .unwrap()
}

pub async fn view(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// `(status, JSON body)`.
pub async fn status_json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The FFmpeg playlist a CloudNode sends after pushing `sequences`.
pub fn ffmpeg_playlist(sequences: std::ops::RangeInclusive<u64>) -> String {
    let mut text = format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{}\n",
        sequences.start()
    );
    for sequence in sequences {
        text.push_str(&format!("#EXTINF:1.000000,\n{}\n", segment_name(sequence)));
    }
    text
}
