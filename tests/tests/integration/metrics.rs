//! `GET /metrics`: OpenMetrics text with the live path's numbers, request latency per route
//! class, and the optional bearer token.

use crate::live_common::*;
use std::collections::HashMap;

async fn scrape(app: &sentinel_tests::TestApp, token: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// `name{labels}` → value, for every sample line.
fn samples(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}

#[actix_web::test]
async fn the_live_path_is_counted_and_latency_is_observed_per_route_class() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    for sequence in 1..=3 {
        let body = segment_bytes(CAM_A, sequence, 1_000);
        let response = push_segment(&app, KEY_A, CAM_A, &segment_name(sequence), body).await;
        assert_eq!(response.status(), 200);
    }
    let token = viewer("org_a");
    for _ in 0..2 {
        let path = format!("/api/cameras/{CAM_A}/segment/{}", segment_name(3));
        assert_eq!(view(&app, &token, &path).await.status(), 200);
    }

    let response = scrape(&app, None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    let values = samples(&text);
    assert_eq!(values["sentinel_live_segments_pushed_total"], 3.0);
    assert_eq!(values["sentinel_live_segments_served_total"], 2.0);
    assert_eq!(values["sentinel_live_segment_bytes_served_total"], 2_000.0);
    assert_eq!(values["sentinel_live_cache_bytes"], 3_000.0);
    assert_eq!(values["sentinel_live_cache_segments"], 3.0);
    assert_eq!(
        values["sentinel_live_viewers"], 1.0,
        "one viewer on one camera"
    );
    assert_eq!(values["sentinel_node_websockets"], 0.0);
    assert_eq!(values["sentinel_email_outbox_unsent"], 0.0);
    assert_eq!(values["sentinel_sse_subscribers{stream=\"motion\"}"], 0.0);
    assert_eq!(
        values["sentinel_http_request_duration_seconds_count{class=\"segment_get\"}"],
        2.0
    );
    assert_eq!(
        values["sentinel_http_request_duration_seconds_count{class=\"segment_push\"}"],
        3.0
    );
    app.stop().await;
}

#[actix_web::test]
async fn a_metrics_token_is_required_when_configured() {
    let app = live_app(&[("METRICS_TOKEN", "scrape-secret")]).await;
    let missing = scrape(&app, None).await;
    assert_eq!(missing.status(), 401);
    assert_eq!(
        missing.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!({"detail": "Invalid metrics token"})
    );
    assert_eq!(scrape(&app, Some("wrong")).await.status(), 401);
    assert_eq!(scrape(&app, Some("scrape-secret")).await.status(), 200);
    app.stop().await;
}
