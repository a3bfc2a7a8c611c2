//! Two app instances behind one name on one real Redis (127.0.0.1:6379, or
//! `SENTINEL_TEST_REDIS_URL`) and one database: a CloudNode's WebSocket is held by
//! instance A, and a snapshot asked for on instance B still reaches it. Node ids are
//! unique per run. Skipped with a notice when Redis is unreachable (outside CI).

use crate::integration_api::{mint_key, seed_camera};
use crate::nodes_common::{ADMIN_A, answer_command, connect_node_socket, next_command};
use base64::Engine;
use sentinel_adapters_redis::RedisRateLimitStore;
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::node_commands::NodeCommands;
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const JPEG: &[u8] = include_bytes!("../../../simulator/fixtures/snapshot.jpg");
const NODE_KEY: &str = "5e6f7a8b-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
const CAMERA: &str = "cam_cluster_0";

pub async fn redis_url() -> Option<String> {
    let url = std::env::var("SENTINEL_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    match RedisRateLimitStore::connect(&url).await {
        Ok(_) => Some(url),
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping: no Redis at {url}: {error}");
            None
        }
        Err(error) => panic!("CI needs Redis at {url}: {error}"),
    }
}

pub fn unique_hex() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{:08x}",
        (nanos as u32) ^ std::process::id().rotate_left(16)
    )
}

/// An instance on the shared database and Redis, with rate limits kept per instance.
pub async fn instance(redis: &str, database: &str, name: &str) -> TestApp {
    TestApp::builder()
        .env("REDIS_URL", redis)
        .env("DATABASE_URL", database)
        .env("INSTANCE_ID", &format!("{name}-{}", unique_hex()))
        .identity(Arc::new(FakeIdentity))
        // In Redis the limiter's per-IP buckets (127.0.0.1) are shared with every other
        // test run on this machine: node creation (10 an hour) would run out.
        .rate_limit_store(Arc::new(sentinel_adapters_http::MemoryRateLimitStore::new()))
        .start()
        .await
}

pub async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..100 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

async fn snapshot_on(app: &TestApp, key: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/integration/cameras/{CAMERA}/snapshot")))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_snapshot_asked_on_b_reaches_the_node_whose_socket_a_holds() {
    let Some(redis) = redis_url().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:///{}", dir.path().join("shared.db").display());
    let a = instance(&redis, &database, "a").await;
    let b = instance(&redis, &database, "b").await;
    let node_id = unique_hex();
    let node = NodeId::new(node_id.clone());
    seed_camera(&a, "org_a", &node_id, NODE_KEY, CAMERA, None);
    let (_, key) = mint_key(&a, ADMIN_A, None).await;

    let mut socket = connect_node_socket(&a, &node_id, NODE_KEY).await;
    wait_until("B sees the node connected to A", || {
        b.state.node_commands.is_connected(&node)
    })
    .await;
    assert!(
        !b.state.node_sockets.is_connected(&node),
        "the socket is A's"
    );

    let request = actix_web::rt::spawn({
        let (client, url, key) = (
            b.client.clone(),
            b.url(&format!("/api/integration/cameras/{CAMERA}/snapshot")),
            key.clone(),
        );
        async move { client.get(url).bearer_auth(key).send().await.unwrap() }
    });
    let command = next_command(&mut socket).await;
    assert_eq!(command["command"], "take_snapshot");
    assert_eq!(command["payload"], json!({"camera_id": CAMERA}));
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
    assert_eq!(&response.bytes().await.unwrap()[..], JPEG);

    // The node leaves A: B says it is offline, as a single instance would.
    drop(socket);
    wait_until("B sees the node gone", || {
        !b.state.node_commands.is_connected(&node)
    })
    .await;
    let offline = snapshot_on(&b, &key).await;
    assert_eq!(offline.status(), 503);
    assert_eq!(
        offline.json::<Value>().await.unwrap(),
        json!({"detail": format!("Node '{node_id}' is offline — cannot capture snapshot")})
    );
    a.stop().await;
    b.stop().await;
}
