//! What callers without credentials can do to the service (docs/security.md): trickled
//! bodies, invented keys and addresses, wrong-key sockets against a real node, foreign
//! URIs in pushed playlists, abandoned event streams, the operational views. Each test
//! fails on the code before the fix it guards.

use crate::live_common::{
    CAM_A, KEY_A, live_app, push_playlist, seed_two_orgs, status_json, view, viewer,
};
use crate::nodes_common::{ADMIN_A, audit_rows, create_node, fake_app, node_post, register};
use actix_web::{HttpResponse, web};
use base64::Engine;
use sentinel_adapters_http::middleware::rate_limited;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads what the server sends until it closes the connection or `wait` passes.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> (String, bool) {
    let mut received = Vec::new();
    let mut buffer = [0_u8; 4096];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&received).into(), true),
            Ok(Ok(read)) => received.extend_from_slice(&buffer[..read]),
            Err(_) => return (String::from_utf8_lossy(&received).into(), false),
        }
    }
}

#[actix_web::test]
async fn a_trickled_body_is_cut_off_with_408_and_the_connection_closed() {
    let app = fake_app().await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(
            b"POST /api/webhooks/clerk HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
              Content-Length: 1000\r\n\r\n{",
        )
        .await
        .unwrap();
    let (reply, closed) = read_until_closed(&mut stream, Duration::from_secs(30)).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply:?}");
    assert!(
        reply.contains(r#"{"detail":"Request body not received in time"}"#),
        "{reply:?}"
    );
    assert!(closed, "the connection is closed after the 408");
    let elapsed = started.elapsed();
    assert!(
        (Duration::from_secs(9)..Duration::from_secs(20)).contains(&elapsed),
        "cut off after the 10 s grace: {elapsed:?}"
    );
    app.stop().await;
}

fn limited_routes(config: &mut web::ServiceConfig) {
    config.service(
        web::resource("/api/test/limited")
            .wrap(rate_limited(
                "test_limited",
                "3/minute".parse::<RateLimit>().unwrap(),
            ))
            .route(web::get().to(|| async { HttpResponse::Ok().body("ok") })),
    );
}

/// A token nobody signed, naming an org of the caller's choosing.
fn unsigned_token(org: &str) -> String {
    let payload =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(r#"{{"org_id":"{org}"}}"#));
    format!("e30.{payload}.sig")
}

#[actix_web::test]
async fn invented_keys_orgs_and_addresses_all_count_against_the_caller() {
    let app = TestApp::builder().routes(limited_routes).start().await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let response = app
            .client
            .get(app.url("/api/test/limited"))
            .bearer_auth(unsigned_token(&format!("org_invented_{n}")))
            .header("x-node-api-key", format!("00000000-0000-4000-8000-{n:012}"))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .header("fly-client-ip", format!("203.0.113.{n}"))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    app.stop().await;
}

#[actix_web::test]
async fn validate_counts_attempts_per_client_whatever_key_is_sent() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    let mut statuses = Vec::new();
    for n in 0..11 {
        let guess = format!("00000000-0000-4000-8000-{n:012}");
        let (status, _) = node_post(
            &app,
            "/api/nodes/validate",
            Some(&guess),
            Some(json!({"node_id": node_id})),
        )
        .await;
        statuses.push(status);
    }
    assert_eq!(statuses[..10], [403; 10]);
    assert_eq!(
        statuses[10], 429,
        "the eleventh guess in a minute is refused"
    );
    // The answers the CloudNode's setup wizard expects are unchanged.
    let (status, body) = node_post(
        &app,
        "/api/nodes/validate",
        Some(&key),
        Some(json!({"node_id": node_id})),
    )
    .await;
    assert_eq!(
        status, 429,
        "from the same address, until the minute is over: {body}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn forwarding_headers_name_the_client_only_from_a_trusted_proxy() {
    for (trusted, expected) in [
        ("", "127.0.0.1"),
        ("127.0.0.1", "10.0.0.1"),
        ("127.0.0.1, 10.0.0.0/8", "203.0.113.9"),
    ] {
        let app = TestApp::builder()
            .identity(std::sync::Arc::new(sentinel_tests::FakeIdentity))
            .env("TRUSTED_PROXIES", trusted)
            .start()
            .await;
        let (node_id, key) = create_node(&app, ADMIN_A, None).await;
        register(&app, &node_id, &key, &[]).await;
        let response = app
            .client
            .post(app.url("/api/nodes/self/decommission"))
            .header("x-node-api-key", &key)
            .header("x-forwarded-for", "203.0.113.9, 10.0.0.1")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let audit = audit_rows(&app, "org_a", "node_decommissioned");
        assert_eq!(
            audit[0].ip_address.as_deref(),
            Some(expected),
            "TRUSTED_PROXIES={trusted:?}"
        );
        app.stop().await;
    }
}

#[actix_web::test]
async fn wrong_key_sockets_never_lock_the_real_node_out() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, None).await;
    register(&app, &node_id, &key, &["/dev/video0"]).await;
    let attempt = |key: String| {
        let app = &app;
        let node_id = node_id.clone();
        async move {
            app.client
                .get(app.url("/ws/node"))
                .header("x-node-id", node_id)
                .header("x-node-api-key", key)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let mut refusals = Vec::new();
    for n in 0..50 {
        refusals.push(attempt(format!("00000000-0000-4000-8000-{n:012}")).await);
    }
    assert!(
        refusals[..20].iter().all(|status| *status == 403),
        "{refusals:?}"
    );
    assert!(
        refusals[20..].iter().all(|status| *status == 429),
        "the source is refused once past its failures: {refusals:?}"
    );
    // The node, from the very same address, still gets its socket.
    let (response, _socket) = awc::Client::new()
        .ws(format!("ws://{}/ws/node", app.address))
        .set_header("x-node-id", node_id.as_str())
        .set_header("x-node-api-key", key.as_str())
        .connect()
        .await
        .unwrap();
    assert_eq!(response.status(), 101);
    app.stop().await;
}

#[actix_web::test]
async fn node_ids_carry_nothing_of_their_key() {
    let app = fake_app().await;
    for _ in 0..5 {
        let (node_id, key) = create_node(&app, ADMIN_A, None).await;
        assert_eq!(node_id.len(), 8);
        assert!(node_id.chars().all(|c| c.is_ascii_hexdigit()), "{node_id}");
        assert!(
            !key.replace('-', "").contains(&node_id),
            "{node_id} is part of its key {key}"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_pushed_playlist_cannot_point_viewers_anywhere_else() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:1\n\
        #EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.elsewhere.example/k\"\n\
        #EXTINF:1.0,\nhttps://elsewhere.example/a.ts\n\
        #EXTINF:1.0,\nsegment_00002.ts\n";
    let response = push_playlist(&app, KEY_A, CAM_A, playlist.as_bytes()).await;
    assert_eq!(response.status(), 200);
    let response = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/stream.m3u8"),
    )
    .await;
    let served = response.text().await.unwrap();
    assert_eq!(
        served,
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:1\n\
         #EXTINF:1.0,\nsegment/segment_00002.ts\n"
    );
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("sentinel_live_playlist_lines_dropped_total 2"),
        "{metrics}"
    );
    app.stop().await;
}

/// The open notification streams this instance counts, from `/metrics`.
async fn open_notification_streams(app: &TestApp) -> f64 {
    let metrics = app.get("/metrics").await.text().await.unwrap();
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("sentinel_sse_subscribers{stream=\"notifications\"} "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(f64::NAN)
}

#[actix_web::test]
async fn an_event_stream_place_is_freed_as_soon_as_its_client_goes() {
    let app = fake_app().await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let request = format!(
        "GET /api/notifications/stream HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {ADMIN_A}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut first = [0_u8; 512];
    let read = stream.read(&mut first).await.unwrap();
    assert!(
        String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&first[..read])
    );
    assert_eq!(open_notification_streams(&app).await, 1.0);
    // The client process dies: its socket is closed without a word.
    drop(stream);
    let deadline = Instant::now() + Duration::from_secs(3);
    while open_notification_streams(&app).await != 0.0 {
        assert!(
            Instant::now() < deadline,
            "the place is still taken 3 s after the client left"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.stop().await;
}

fn clerk_env(builder: sentinel_tests::TestAppBuilder) -> sentinel_tests::TestAppBuilder {
    let publishable = format!(
        "pk_test_{}",
        base64::engine::general_purpose::STANDARD.encode("clerk.invalid$")
    );
    builder
        .env("CLERK_SECRET_KEY", "sk_test_hostile")
        .env("CLERK_PUBLISHABLE_KEY", &publishable)
}

#[actix_web::test]
async fn operational_views_are_closed_in_clerk_mode_without_a_metrics_token() {
    let app = clerk_env(TestApp::builder()).start().await;
    let (status, body) = status_json(app.get("/metrics").await).await;
    assert_eq!(status, 403, "{body}");
    let (status, report) = status_json(app.get("/api/health/detailed").await).await;
    assert_eq!(status, 200);
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["checks", "status", "version"], "{report}");
    assert_eq!(
        report["checks"]["disk"],
        json!({"status": report["checks"]["disk"]["status"]})
    );
    assert!(!report.to_string().contains("path"), "{report}");
    app.stop().await;

    let app = clerk_env(TestApp::builder())
        .env("METRICS_TOKEN", "ops-secret")
        .start()
        .await;
    let full = app
        .client
        .get(app.url("/api/health/detailed"))
        .bearer_auth("ops-secret")
        .send()
        .await
        .unwrap();
    let full: Value = full.json().await.unwrap();
    assert!(full["checks"]["disk"]["path"].is_string(), "{full}");
    assert!(full["uptime_seconds"].is_number());
    let (status, _) = status_json(
        app.client
            .get(app.url("/api/health/detailed"))
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 401);
    app.stop().await;
}
