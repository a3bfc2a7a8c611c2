//! Issue 9's hardening over real HTTP: body caps answer 413 in the error envelope, the
//! dashboard's HTML carries a Content-Security-Policy that fits the build (Clerk's
//! Frontend API only when Clerk is configured), and a client that never finishes its
//! request head is cut off.

use crate::nodes_common::{ADMIN_A, fake_app};
use base64::Engine;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const OVER_256_KIB: usize = 300 * 1024;

async fn post_raw(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(ADMIN_A)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn huge_json() -> Vec<u8> {
    serde_json::to_vec(&json!({"name": "x".repeat(OVER_256_KIB)})).unwrap()
}

#[actix_web::test]
async fn a_too_large_json_body_is_a_413_envelope() {
    let app = fake_app().await;
    for path in ["/api/camera-groups", "/api/incidents", "/api/nodes"] {
        let (status, body) = post_raw(&app, path, "application/json", huge_json()).await;
        assert_eq!(status, 413, "{path}: {body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("too large")),
            "{path}: {body}"
        );
    }
}

#[actix_web::test]
async fn the_dashboard_html_carries_a_self_only_policy_in_local_mode() {
    let app = TestApp::start().await;
    for path in ["/", "/cameras", "/incidents/3"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        for directive in [
            "default-src 'self'",
            "script-src 'self';",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "connect-src 'self';",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        assert!(!policy.contains("clerk"), "{policy}");
    }
    let api = app.get("/api/health").await;
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
}

#[actix_web::test]
async fn clerk_mode_allows_its_frontend_api_only() {
    let host = "good-fox-1.clerk.accounts.dev";
    let publishable = format!(
        "pk_test_{}",
        base64::engine::general_purpose::STANDARD.encode(format!("{host}$"))
    );
    let app = TestApp::builder()
        .env("CLERK_SECRET_KEY", "sk_test_hardening")
        .env("CLERK_PUBLISHABLE_KEY", &publishable)
        .start()
        .await;
    let response = app.get("/").await;
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        policy.contains(&format!("script-src 'self' https://{host} ")),
        "{policy}"
    );
    assert!(
        policy.contains(&format!("connect-src 'self' https://{host} ")),
        "{policy}"
    );
}

#[actix_web::test]
async fn a_client_that_never_finishes_its_request_head_is_cut_off() {
    let app = TestApp::start().await;
    let mut socket = tokio::net::TcpStream::connect(app.address).await.unwrap();
    socket
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let limit = sentinel_app::server::CLIENT_REQUEST_TIMEOUT + Duration::from_secs(5);
    let mut answer = Vec::new();
    let read = tokio::time::timeout(limit, socket.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection stayed open past {limit:?}");
    assert!(
        started.elapsed() >= sentinel_app::server::CLIENT_REQUEST_TIMEOUT - Duration::from_secs(1),
        "cut off only after the timeout"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}
