//! `/downloads/{os}/{arch}` and the release cache behind it (rest-api.md §7, §2.9), with a
//! fake GitHub release feed on loopback (`RELEASE_FEED_URL`).

use crate::nodes_common::{
    ADMIN_A, connect_node_socket, create_node, heartbeat_body, node_post, register_body,
};
use chrono::Duration;
use futures_util::{SinkExt, StreamExt};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const UNAVAILABLE: &str = "Release metadata unavailable. Try /install.sh on Linux/macOS, or download the MSI directly from the latest GitHub release on Windows.";

/// Serves one release document at any path, with a status the test can flip.
struct FakeReleaseFeed {
    url: String,
    state: Arc<FeedState>,
}

struct FeedState {
    document: Mutex<Value>,
    status: AtomicU16,
    hits: AtomicUsize,
}

impl FakeReleaseFeed {
    fn start(document: Value) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/repos/SourceBox-LLC/Sentinel-CameraNode/releases/latest",
            listener.local_addr().unwrap()
        );
        let state = Arc::new(FeedState {
            document: Mutex::new(document),
            status: AtomicU16::new(200),
            hits: AtomicUsize::new(0),
        });
        let served = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, &served);
            }
        });
        Self { url, state }
    }

    fn fail_with(&self, status: u16) {
        self.state.status.store(status, Ordering::SeqCst);
    }

    fn publish(&self, document: Value) {
        *self.state.document.lock().unwrap() = document;
        self.state.status.store(200, Ordering::SeqCst);
    }

    fn hits(&self) -> usize {
        self.state.hits.load(Ordering::SeqCst)
    }
}

fn serve(stream: TcpStream, state: &FeedState) {
    let mut reader = BufReader::new(&stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    state.hits.fetch_add(1, Ordering::SeqCst);
    let status = state.status.load(Ordering::SeqCst);
    let body = if status == 200 {
        state.document.lock().unwrap().to_string()
    } else {
        json!({"message": "Server Error"}).to_string()
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn release(tag: &str, names: &[&str]) -> Value {
    let assets: Vec<Value> = names
        .iter()
        .map(|name| {
            json!({
                "name": name,
                "size": 1024,
                "browser_download_url": format!(
                    "https://github.com/SourceBox-LLC/Sentinel-CameraNode/releases/download/{tag}/{name}"
                ),
            })
        })
        .collect();
    json!({"tag_name": tag, "name": format!("CloudNode {tag}"), "assets": assets})
}

const ASSETS: &[&str] = &[
    "sourcebox-sentry-cloudnode-linux-x86_64.zip",
    "sourcebox-sentry-cloudnode-linux-x86_64.tar.gz",
    "sourcebox-sentry-cloudnode-linux-aarch64.tar.gz",
    "SourceBox-Sentry-CloudNode-windows-x86_64.zip",
    "SourceBox-Sentry-CloudNode-windows-x86_64.msi",
    "sourcebox-sentry-cloudnode-macos-aarch64.tar.gz",
    "SHA256SUMS",
];

fn asset_url(tag: &str, name: &str) -> String {
    format!("https://github.com/SourceBox-LLC/Sentinel-CameraNode/releases/download/{tag}/{name}")
}

async fn app_with_feed(feed: &FakeReleaseFeed) -> TestApp {
    TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .env("RELEASE_FEED_URL", &feed.url)
        .start()
        .await
}

/// `(status, Location, JSON body)` of a download, without following the redirect.
async fn download(app: &TestApp, path: &str) -> (u16, Option<String>, Value) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|value| value.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    (
        status,
        location,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

#[actix_web::test]
async fn linux_download_redirects_to_the_tarball_over_the_zip() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    let (status, location, _) = download(&app, "/downloads/linux/x86_64").await;
    assert_eq!(status, 302);
    assert_eq!(
        location.as_deref(),
        Some(asset_url("v0.2.0", "sourcebox-sentry-cloudnode-linux-x86_64.tar.gz").as_str())
    );
    let (status, location, _) = download(&app, "/downloads/LINUX/AArch64").await;
    assert_eq!(status, 302);
    assert_eq!(
        location.as_deref(),
        Some(asset_url("v0.2.0", "sourcebox-sentry-cloudnode-linux-aarch64.tar.gz").as_str())
    );
    assert_eq!(feed.hits(), 1, "one fetch serves the next ten minutes");
    app.stop().await;
}

#[actix_web::test]
async fn windows_download_redirects_to_the_msi() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    let (status, location, _) = download(&app, "/downloads/Windows/x86_64").await;
    assert_eq!(status, 302);
    assert_eq!(
        location.as_deref(),
        Some(asset_url("v0.2.0", "SourceBox-Sentry-CloudNode-windows-x86_64.msi").as_str())
    );
    app.stop().await;
}

#[actix_web::test]
async fn unsupported_platforms_are_404_before_any_fetch() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    let (status, _, body) = download(&app, "/downloads/FreeBSD/x86_64").await;
    assert_eq!(status, 404);
    assert_eq!(
        body["detail"],
        "Unsupported OS 'FreeBSD'. Try one of: ['linux', 'macos', 'windows']."
    );
    let (status, _, body) = download(&app, "/downloads/macos/M1").await;
    assert_eq!(status, 404);
    assert_eq!(
        body["detail"],
        "Unsupported arch 'M1'. Try one of: ['aarch64', 'armv7', 'x86_64']."
    );
    assert_eq!(feed.hits(), 0);
    app.stop().await;
}

#[actix_web::test]
async fn a_platform_without_a_binary_is_404_naming_the_release() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    let (status, _, body) = download(&app, "/downloads/macos/armv7").await;
    assert_eq!(status, 404);
    assert_eq!(
        body["detail"],
        "No prebuilt binary for macos/armv7 in release v0.2.0. Try the install script for a source fallback."
    );
    app.stop().await;
}

#[actix_web::test]
async fn no_release_metadata_is_503() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    feed.fail_with(500);
    let app = app_with_feed(&feed).await;
    let (status, location, body) = download(&app, "/downloads/linux/x86_64").await;
    assert_eq!(status, 503);
    assert_eq!(location, None);
    assert_eq!(body["detail"], UNAVAILABLE);

    // The next request tries again and succeeds once the feed is back.
    feed.publish(release("v0.2.0", ASSETS));
    let (status, _, _) = download(&app, "/downloads/linux/x86_64").await;
    assert_eq!(status, 302);
    assert_eq!(feed.hits(), 2);
    app.stop().await;
}

#[actix_web::test]
async fn an_unreachable_feed_with_nothing_cached_is_503() {
    let closed_port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::builder()
        .env(
            "RELEASE_FEED_URL",
            &format!("http://127.0.0.1:{closed_port}/releases/latest"),
        )
        .start()
        .await;
    let (status, _, body) = download(&app, "/downloads/windows/x86_64").await;
    assert_eq!(status, 503);
    assert_eq!(body["detail"], UNAVAILABLE);
    app.stop().await;
}

#[actix_web::test]
async fn the_last_good_release_is_served_when_the_feed_fails() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    let (status, first, _) = download(&app, "/downloads/linux/x86_64").await;
    assert_eq!(status, 302);

    feed.fail_with(502);
    app.clock.advance(Duration::minutes(11));
    let (status, location, _) = download(&app, "/downloads/linux/x86_64").await;
    assert_eq!(status, 302);
    assert_eq!(location, first);
    assert_eq!(
        feed.hits(),
        2,
        "the stale release was refetched, and the fetch failed"
    );

    // A newer release replaces it once the feed answers again.
    feed.publish(release("v0.3.0", ASSETS));
    app.clock.advance(Duration::minutes(11));
    let (_, location, _) = download(&app, "/downloads/linux/x86_64").await;
    assert_eq!(
        location.as_deref(),
        Some(asset_url("v0.3.0", "sourcebox-sentry-cloudnode-linux-x86_64.tar.gz").as_str())
    );
    app.stop().await;
}

#[actix_web::test]
async fn downloads_are_limited_to_sixty_a_minute() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    for _ in 0..60 {
        let (status, _, _) = download(&app, "/downloads/beos/x86_64").await;
        assert_eq!(status, 404);
    }
    let (status, _, body) = download(&app, "/downloads/linux/x86_64").await;
    assert_eq!(status, 429);
    assert_eq!(body["limit"], "60 per 1 minute");
    app.stop().await;
}

#[actix_web::test]
async fn register_and_heartbeat_offer_the_fetched_release() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;

    // Before any fetch, LATEST_NODE_VERSION (0.1.73) is the latest: nothing to offer.
    let (status, reply) = node_post(
        &app,
        "/api/nodes/register",
        Some(&key),
        Some(register_body(&node_id, &[])),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert!(reply.get("update_available").is_none(), "{reply}");

    // What the start-up warm-up and the refresh loop run.
    app.state.releases.refresh().await.unwrap();

    let (status, reply) = node_post(
        &app,
        "/api/nodes/register",
        Some(&key),
        Some(register_body(&node_id, &[])),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["update_available"], "0.2.0");

    let (status, reply) = node_post(
        &app,
        "/api/nodes/heartbeat",
        Some(&key),
        Some(heartbeat_body(&node_id, &[])),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["update_available"], "0.2.0");

    let mut up_to_date = heartbeat_body(&node_id, &[]);
    up_to_date["node_version"] = json!("v0.2.0");
    let (_, reply) = node_post(&app, "/api/nodes/heartbeat", Some(&key), Some(up_to_date)).await;
    assert!(reply.get("update_available").is_none(), "{reply}");

    // The feed failing later keeps the fetched release in charge.
    feed.fail_with(500);
    assert!(app.state.releases.refresh().await.is_err());
    let (_, reply) = node_post(
        &app,
        "/api/nodes/heartbeat",
        Some(&key),
        Some(heartbeat_body(&node_id, &[])),
    )
    .await;
    assert_eq!(reply["update_available"], "0.2.0");
    app.stop().await;
}

#[actix_web::test]
async fn the_version_floor_answer_names_the_fetched_latest() {
    let feed = FakeReleaseFeed::start(release("v0.4.1", ASSETS));
    let app = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .env("RELEASE_FEED_URL", &feed.url)
        .env("MIN_SUPPORTED_NODE_VERSION", "0.1.50")
        .start()
        .await;
    app.state.releases.refresh().await.unwrap();
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let mut body = register_body(&node_id, &[]);
    body["node_version"] = json!("0.1.2");
    let (status, reply) = node_post(&app, "/api/nodes/register", Some(&key), Some(body)).await;
    assert_eq!(status, 426);
    assert_eq!(reply["detail"]["latest"], "0.4.1");
    assert_eq!(
        reply["detail"]["message"],
        "CameraNode 0.1.2 is no longer supported. Minimum: 0.1.50, latest: 0.4.1."
    );
    app.stop().await;
}

#[actix_web::test]
async fn socket_heartbeat_acks_offer_the_fetched_release() {
    let feed = FakeReleaseFeed::start(release("v0.2.0", ASSETS));
    let app = app_with_feed(&feed).await;
    app.state.releases.refresh().await.unwrap();
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let mut socket = connect_node_socket(&app, &node_id, &key).await;
    let heartbeat = json!({"type": "heartbeat", "id": "hb-1",
                           "payload": {"cameras": [], "node_version": "0.1.73"}});
    socket
        .send(awc::ws::Message::Text(heartbeat.to_string().into()))
        .await
        .unwrap();
    let ack = loop {
        match socket.next().await {
            Some(Ok(awc::ws::Frame::Text(bytes))) => {
                let frame: Value = serde_json::from_slice(&bytes).unwrap();
                if frame["type"] == "ack" {
                    break frame;
                }
            }
            Some(Ok(_)) => {}
            other => panic!("socket ended before the ack: {other:?}"),
        }
    };
    assert_eq!(ack["id"], "hb-1");
    assert_eq!(ack["payload"]["update_available"], "0.2.0");
    app.stop().await;
}
