//! `GET /api/usage/viewer-hours` (rest-api.md §4.3): the admin page's viewer-hours today, this
//! month and per day, and its active viewers, each org seeing only its own.

use crate::live_common::*;
use crate::nodes_common::api;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::UsageRepo;
use sentinel_tests::FakeIdentity;
use serde_json::{Value, json};

const ADMIN_A: &str = "admin:org_a:user_a";
const ADMIN_B: &str = "admin:org_b:user_b";

async fn usage(app: &sentinel_tests::TestApp, token: &str, query: &str) -> (u16, Value) {
    api(
        app,
        "GET",
        &format!("/api/usage/viewer-hours{query}"),
        Some(token),
        None,
    )
    .await
}

#[actix_web::test]
async fn todays_and_the_months_hours_include_unflushed_seconds_and_stay_in_the_org() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 188]).await;
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    // Two stored hours, booked on today's row by the flush that wrote them.
    UsageRepo::add_viewer_seconds(
        &store(&app),
        &OrgId::new("org_a"),
        &now(&app).format("%Y-%m").to_string(),
        7_200,
        now(&app),
    )
    .unwrap();
    let watcher = viewer("org_a");
    let playlist = view(&app, &watcher, &format!("/api/cameras/{CAM_A}/stream.m3u8")).await;
    assert_eq!(playlist.status(), 200);
    for _ in 0..36 {
        let segment = view(
            &app,
            &watcher,
            &format!("/api/cameras/{CAM_A}/segment/segment_00001.ts"),
        )
        .await;
        assert_eq!(segment.status(), 200);
    }
    app.state.live_pipeline.write_access_logs().unwrap();

    let (status, body) = usage(&app, ADMIN_A, "?days=7").await;
    assert_eq!(status, 200, "{body}");
    let today = now(&app).format("%Y-%m-%d").to_string();
    assert_eq!(body["days"], 7);
    assert_eq!(body["today_hours"], 2.01, "36 unflushed seconds are 0.01 h");
    assert_eq!(body["month_hours"], 2.01);
    assert_eq!(
        body["month_limit_hours"], 1500,
        "the token's plan is Pro Plus"
    );
    assert_eq!(body["active_viewers"], 1);
    let days = body["by_day"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[6], json!({"date": today, "hours": 2.01}));
    assert!(days[..6].iter().all(|day| day["hours"] == 0.0), "{body}");
    assert!(days[0]["date"].as_str().unwrap() < days[6]["date"].as_str().unwrap());

    // After the flush the same figures come from the stored rows.
    app.state.live_pipeline.flush_viewer_usage().unwrap();
    let (_, flushed) = usage(&app, ADMIN_A, "?days=7").await;
    assert_eq!(flushed["today_hours"], 2.01);
    assert_eq!(flushed["by_day"], body["by_day"]);

    let (status, other) = usage(&app, ADMIN_B, "").await;
    assert_eq!(status, 200);
    assert_eq!(other["days"], 30);
    assert_eq!(other["today_hours"], 0.0);
    assert_eq!(other["month_hours"], 0.0);
    assert_eq!(other["active_viewers"], 0);
    assert_eq!(other["by_day"].as_array().unwrap().len(), 30);
    assert!(
        other["by_day"]
            .as_array()
            .unwrap()
            .iter()
            .all(|day| day["hours"] == 0.0)
    );
    app.stop().await;
}

#[actix_web::test]
async fn members_are_refused_and_the_window_is_bounded() {
    let app = live_app(&[]).await;
    let member = FakeIdentity::token("member", "org_a", "user_m");
    assert_eq!(usage(&app, &member, "").await.0, 403);
    for bad in ["?days=0", "?days=91", "?days=-1", "?days=week"] {
        let (status, body) = usage(&app, ADMIN_A, bad).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    assert_eq!(
        usage(&app, ADMIN_A, "?days=90").await.1["by_day"]
            .as_array()
            .unwrap()
            .len(),
        90
    );
    app.stop().await;
}
