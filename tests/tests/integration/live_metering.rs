//! Viewer-second metering and the monthly viewer-hour cap (rest-api.md §9.4), and the live
//! numbers of the health report.

use crate::live_common::*;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::UsageRepo;
use serde_json::{Value, json};

/// The test clock's month.
const MONTH: &str = "2026-11";

fn seed_usage(app: &sentinel_tests::TestApp, org: &str, seconds: u64) {
    UsageRepo::add_viewer_seconds(&store(app), &OrgId::new(org), MONTH, seconds, now(app)).unwrap();
}

fn stored_usage(app: &sentinel_tests::TestApp, org: &str) -> u64 {
    UsageRepo::viewer_seconds(&store(app), &OrgId::new(org), MONTH).unwrap()
}

async fn fetch_segment(app: &sentinel_tests::TestApp, org: &str) -> reqwest::Response {
    view(
        app,
        &viewer(org),
        &format!("/api/cameras/{CAM_A}/segment/segment_00001.ts"),
    )
    .await
}

async fn streaming_app() -> sentinel_tests::TestApp {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    assert_eq!(
        push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 188])
            .await
            .status(),
        200
    );
    app
}

#[actix_web::test]
async fn a_free_org_over_thirty_viewer_hours_gets_429_with_retry_after() {
    let app = streaming_app().await;
    seed_usage(&app, "org_a", 31 * 3_600);
    let reply = fetch_segment(&app, "org_a").await;
    assert_eq!(reply.status(), 429);
    assert_eq!(reply.headers()["retry-after"], "3600");
    let body: Value = reply.json().await.unwrap();
    assert_eq!(
        body,
        json!({"detail": "Monthly viewer-hour cap reached (30h on your current plan). Live playback will resume on the 1st of next month, or upgrade your plan for more viewing time."})
    );
    assert!(body["detail"].as_str().unwrap().contains("viewer-hour"));
    // Playlists are not metered and not blocked.
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    let playlist = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/stream.m3u8"),
    )
    .await;
    assert_eq!(playlist.status(), 200);
    app.stop().await;
}

#[actix_web::test]
async fn a_free_org_under_its_cap_is_served() {
    let app = streaming_app().await;
    seed_usage(&app, "org_a", 29 * 3_600);
    assert_eq!(fetch_segment(&app, "org_a").await.status(), 200);
    app.stop().await;
}

#[actix_web::test]
async fn the_cap_follows_the_orgs_plan_setting() {
    let app = streaming_app().await;
    set_plan(&app, "org_a", "pro");
    seed_usage(&app, "org_a", 31 * 3_600);
    assert_eq!(
        fetch_segment(&app, "org_a").await.status(),
        200,
        "pro allows 300 h"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_cap_is_reached_exactly_at_the_limit_counting_unflushed_seconds() {
    let app = streaming_app().await;
    seed_usage(&app, "org_a", 30 * 3_600 - 2);
    assert_eq!(fetch_segment(&app, "org_a").await.status(), 200);
    assert_eq!(fetch_segment(&app, "org_a").await.status(), 200);
    assert_eq!(
        fetch_segment(&app, "org_a").await.status(),
        429,
        "pending seconds count before any flush"
    );
    app.stop().await;
}

#[actix_web::test]
async fn a_cold_meter_reads_the_months_total_and_the_flush_adds_to_it() {
    let app = streaming_app().await;
    seed_usage(&app, "org_a", 12_345);
    for _ in 0..3 {
        assert_eq!(fetch_segment(&app, "org_a").await.status(), 200);
    }
    let missing = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/segment/segment_00099.ts"),
    )
    .await;
    assert_eq!(missing.status(), 404, "a miss is not charged");
    assert_eq!(
        stored_usage(&app, "org_a"),
        12_345,
        "nothing written on the request path"
    );
    assert_eq!(
        app.state
            .live_pipeline
            .viewer_seconds_used(&OrgId::new("org_a"))
            .unwrap(),
        12_348
    );

    let health: Value = app.get("/api/health/detailed").await.json().await.unwrap();
    assert_eq!(
        health["checks"]["viewer_usage"],
        json!({"status": "ok", "pending_writes": 3})
    );

    let report = app.state.live_pipeline.flush_viewer_usage().unwrap();
    assert_eq!((report.rows_written, report.seconds_written), (1, 3));
    assert_eq!(
        stored_usage(&app, "org_a"),
        12_348,
        "one upsert added the delta"
    );
    let health: Value = app.get("/api/health/detailed").await.json().await.unwrap();
    assert_eq!(health["checks"]["viewer_usage"]["pending_writes"], 0);

    assert_eq!(fetch_segment(&app, "org_a").await.status(), 200);
    app.state.live_pipeline.flush_viewer_usage().unwrap();
    assert_eq!(stored_usage(&app, "org_a"), 12_349);
    let idle = app.state.live_pipeline.flush_viewer_usage().unwrap();
    assert_eq!(idle.rows_written, 0, "nothing pending, nothing written");
    app.stop().await;
}

#[actix_web::test]
async fn a_flush_creates_the_months_row() {
    let app = streaming_app().await;
    assert_eq!(fetch_segment(&app, "org_a").await.status(), 200);
    app.state.live_pipeline.flush_viewer_usage().unwrap();
    assert_eq!(stored_usage(&app, "org_a"), 1);
    app.stop().await;
}

#[actix_web::test]
async fn health_reports_the_live_cache() {
    let app = streaming_app().await;
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    push_playlist(&app, KEY_A, CAM_A2, ffmpeg_playlist(1..=1).as_bytes()).await;
    let health: Value = app.get("/api/health/detailed").await.json().await.unwrap();
    assert_eq!(
        health["checks"]["hls_cache"],
        json!({"status": "ok", "playlists_cached": 2, "segment_cameras": 1})
    );
    app.stop().await;
}
