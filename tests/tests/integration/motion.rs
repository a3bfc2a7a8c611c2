//! Motion ingestion over real HTTP and the real node WebSocket: stored rows, the motion
//! event bus, score/timestamp coercion, the org kill switch and its memory, node auth and
//! tenant isolation.

use crate::live_common::*;
use crate::nodes_common::{NodeSocket, connect_node_socket};
use awc::ws;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use futures_util::{SinkExt, StreamExt};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::motion::{MotionEvent, MotionQuery};
use sentinel_ports::driven::motion_events::MotionDetected;
use sentinel_ports::driven::repos::{MotionRepo, SettingsRepo};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};

/// A second node of `org_a`, owning no camera.
const KEY_A_OTHER: &str = "5c4b3a29-1807-4f6e-9d5c-4b3a29180706";

async fn motion_app() -> TestApp {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    app
}

async fn post_motion(app: &TestApp, key: &str, camera: &str, body: Value) -> reqwest::Response {
    post_motion_raw(app, key, camera, body.to_string()).await
}

async fn post_motion_raw(
    app: &TestApp,
    key: &str,
    camera: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/cameras/{camera}/motion")))
        .header("x-node-api-key", key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Every motion event of the org, newest first.
fn stored(app: &TestApp, org: &str) -> Vec<MotionEvent> {
    let query = MotionQuery {
        camera_id: None,
        since: NaiveDate::from_ymd_opt(2000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap(),
        limit: 1_000,
        offset: 0,
    };
    MotionRepo::list(&store(app), &OrgId::new(org), &query)
        .unwrap()
        .events
}

fn time(raw: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

async fn set_ingestion(app: &TestApp, org: &str, enabled: bool) {
    let response = app
        .client
        .post(app.url("/api/settings/motion-ingestion"))
        .bearer_auth(FakeIdentity::token("admin", org, "user_admin"))
        .json(&json!({"enabled": enabled}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_json(response).await,
        (200, json!({"motion_ingestion_enabled": enabled}))
    );
}

fn ingested() -> (u16, Value) {
    (200, json!({"success": true, "ingested": true}))
}

fn not_ingested(reason: &str) -> (u16, Value) {
    (
        200,
        json!({"success": true, "ingested": false, "reason": reason}),
    )
}

#[actix_web::test]
async fn an_accepted_event_is_stored_and_published() {
    let app = motion_app().await;
    let mut bus = app.motion_events.subscribe();
    let reply = post_motion(
        &app,
        KEY_A,
        CAM_A,
        json!({"score": 5, "segment_seq": 0, "timestamp": "2026-11-26T23:39:06.694811208+00:00"}),
    )
    .await;
    assert_eq!(status_json(reply).await, ingested());

    let rows = stored(&app, "org_a");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.org_id, OrgId::new("org_a"));
    assert_eq!(row.camera_id, CameraId::new(CAM_A));
    assert_eq!(row.node_id, NodeId::new("aaaa0001"));
    assert_eq!(row.score, 5);
    assert_eq!(row.segment_seq, Some(0));
    assert_eq!(row.timestamp, Some(time("2026-11-26T23:39:06.694811")));

    assert_eq!(
        bus.try_recv().unwrap(),
        MotionDetected {
            org: OrgId::new("org_a"),
            camera_id: CameraId::new(CAM_A),
            node_id: NodeId::new("aaaa0001"),
            score: 5,
            timestamp: time("2026-11-26T23:39:06.694811"),
            segment_seq: Some(0),
        }
    );
    assert!(bus.try_recv().is_err(), "one event, published once");
    assert!(stored(&app, "org_b").is_empty());
}

#[actix_web::test]
async fn scores_clamp_offsets_are_dropped_and_bad_fields_fall_back() {
    let app = motion_app().await;
    for body in [
        json!({"score": 250, "timestamp": "2026-11-27T09:00:00+05:00"}),
        json!({"score": -10, "timestamp": "yesterday", "segment_seq": "abc"}),
        json!({"score": 61.9, "segment_seq": "12"}),
    ] {
        let reply = post_motion(&app, KEY_A, CAM_A2, body).await;
        assert_eq!(status_json(reply).await, ingested());
    }
    let mut rows = stored(&app, "org_a");
    rows.sort_by_key(|row| row.id);
    let summary: Vec<_> = rows
        .iter()
        .map(|row| (row.score, row.segment_seq, row.timestamp))
        .collect();
    assert_eq!(
        summary,
        [
            (100, None, Some(time("2026-11-27T09:00:00"))),
            (0, None, Some(now(&app))),
            (61, Some(12), Some(now(&app))),
        ],
        "250→100 with the offset dropped unconverted; −10→0 at server time; floats truncate"
    );
}

#[actix_web::test]
async fn a_report_without_a_usable_score_is_dropped_with_a_200() {
    let app = motion_app().await;
    let mut bus = app.motion_events.subscribe();
    for (body, reason) in [
        (json!({"segment_seq": 3}), "missing_score"),
        (json!({"score": null}), "missing_score"),
        (json!({"score": "88.9"}), "invalid_score"),
        (json!({"score": "loud"}), "invalid_score"),
    ] {
        let reply = post_motion(&app, KEY_A, CAM_A, body).await;
        assert_eq!(status_json(reply).await, not_ingested(reason));
    }
    assert!(stored(&app, "org_a").is_empty());
    assert!(bus.try_recv().is_err(), "nothing published");
}

#[actix_web::test]
async fn a_body_that_is_not_a_json_object_is_a_400() {
    let app = motion_app().await;
    let (status, body) = status_json(post_motion_raw(&app, KEY_A, CAM_A, "score=5").await).await;
    assert_eq!(status, 400);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("Invalid JSON body"),
        "{body}"
    );
    let (status, body) = status_json(post_motion(&app, KEY_A, CAM_A, json!([5])).await).await;
    assert_eq!(
        (status, body),
        (400, json!({"detail": "Motion event must be a JSON object"}))
    );
    assert!(stored(&app, "org_a").is_empty());
}

#[actix_web::test]
async fn with_ingestion_off_nothing_is_stored_and_switching_it_on_applies_at_once() {
    let app = motion_app().await;
    set_ingestion(&app, "org_a", false).await;
    let reply = post_motion(&app, KEY_A, CAM_A, json!({"score": 40})).await;
    assert_eq!(status_json(reply).await, not_ingested("ingestion_disabled"));
    let unread = post_motion_raw(&app, KEY_A, CAM_A, "not even JSON").await;
    assert_eq!(
        status_json(unread).await,
        not_ingested("ingestion_disabled"),
        "the body is not read"
    );
    assert!(stored(&app, "org_a").is_empty());

    let other_org = post_motion(&app, KEY_B, CAM_B, json!({"score": 40})).await;
    assert_eq!(status_json(other_org).await, ingested(), "per org");

    set_ingestion(&app, "org_a", true).await;
    let reply = post_motion(&app, KEY_A, CAM_A, json!({"score": 41})).await;
    assert_eq!(status_json(reply).await, ingested(), "no 30 s wait");
    assert_eq!(stored(&app, "org_a").len(), 1);
}

#[actix_web::test]
async fn the_switch_is_remembered_for_thirty_seconds() {
    let app = motion_app().await;
    let first = post_motion(&app, KEY_A, CAM_A, json!({"score": 1})).await;
    assert_eq!(status_json(first).await, ingested());
    // Switched off behind the app's back (another instance, a console): not seen yet.
    SettingsRepo::set(
        &store(&app),
        &OrgId::new("org_a"),
        "motion_ingestion_enabled",
        "FALSE",
        now(&app),
    )
    .unwrap();
    let cached = post_motion(&app, KEY_A, CAM_A, json!({"score": 2})).await;
    assert_eq!(status_json(cached).await, ingested());
    app.clock.advance(TimeDelta::seconds(30));
    let reread = post_motion(&app, KEY_A, CAM_A, json!({"score": 3})).await;
    assert_eq!(
        status_json(reread).await,
        not_ingested("ingestion_disabled")
    );
    assert_eq!(stored(&app, "org_a").len(), 2);
}

#[actix_web::test]
async fn node_auth_failures_are_401_and_unknown_cameras_404() {
    let app = motion_app().await;
    let missing = app
        .client
        .post(app.url(&format!("/api/cameras/{CAM_A}/motion")))
        .json(&json!({"score": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_json(missing).await,
        (401, json!({"detail": "Missing API key"}))
    );
    let invalid = post_motion(&app, "not-a-key", CAM_A, json!({"score": 5})).await;
    assert_eq!(
        status_json(invalid).await,
        (401, json!({"detail": "Invalid API key"}))
    );
    let unknown = post_motion(&app, KEY_A, "aaaa0001_video9", json!({"score": 5})).await;
    assert_eq!(
        status_json(unknown).await,
        (404, json!({"detail": "Camera not found"}))
    );
    assert!(stored(&app, "org_a").is_empty());
}

#[actix_web::test]
async fn another_orgs_node_cannot_report_motion_on_our_camera() {
    let app = motion_app().await;
    let mut bus = app.motion_events.subscribe();
    let reply = post_motion(&app, KEY_B, CAM_A, json!({"score": 99})).await;
    assert_eq!(
        status_json(reply).await,
        (404, json!({"detail": "Camera not found"}))
    );
    // Even with ingestion off in the victim org, the answer does not reveal the camera.
    set_ingestion(&app, "org_a", false).await;
    let reply = post_motion(&app, KEY_B, CAM_A, json!({"score": 99})).await;
    assert_eq!(status_json(reply).await.0, 404);
    assert!(stored(&app, "org_a").is_empty());
    assert!(stored(&app, "org_b").is_empty());
    assert!(bus.try_recv().is_err());
}

#[actix_web::test]
async fn another_node_of_the_same_org_gets_404() {
    let app = motion_app().await;
    seed_node(&app, "org_a", "aaaa0002", KEY_A_OTHER);
    let reply = post_motion(&app, KEY_A_OTHER, CAM_A, json!({"score": 50})).await;
    assert_eq!(
        status_json(reply).await,
        (404, json!({"detail": "Camera not found"}))
    );
    assert!(stored(&app, "org_a").is_empty());
}

#[actix_web::test]
async fn the_121st_report_in_a_minute_is_rate_limited() {
    let app = motion_app().await;
    set_ingestion(&app, "org_a", false).await;
    for _ in 0..120 {
        let reply = post_motion(&app, KEY_A, CAM_A, json!({"score": 1})).await;
        assert_eq!(reply.status(), 200);
    }
    let refused = post_motion(&app, KEY_A, CAM_A, json!({"score": 1})).await;
    let (status, body) = status_json(refused).await;
    assert_eq!(status, 429);
    assert_eq!(body["limit"], "120 per 1 minute");
}

// ----- the legacy WebSocket `event` frame -------------------------------------------------

async fn send_json(socket: &mut NodeSocket, frame: Value) {
    socket
        .send(ws::Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

/// Frames are handled in order: once a heartbeat sent after them is acked, every earlier
/// frame was handled. Returns that ack (the first frame back: events get no reply).
async fn sync(socket: &mut NodeSocket) -> Value {
    send_json(
        socket,
        json!({"type": "heartbeat", "id": "sync", "payload": {"cameras": []}}),
    )
    .await;
    loop {
        match socket.next().await.unwrap().unwrap() {
            ws::Frame::Text(bytes) => return serde_json::from_slice(&bytes).unwrap(),
            _ => continue,
        }
    }
}

fn motion_frame(command: &str, payload: Value) -> Value {
    json!({"type": "event", "command": command, "payload": payload})
}

#[actix_web::test]
async fn a_socket_motion_event_is_stored_and_published_without_a_reply() {
    let app = motion_app().await;
    let mut bus = app.motion_events.subscribe();
    let mut socket = connect_node_socket(&app, "aaaa0001", KEY_A).await;
    send_json(
        &mut socket,
        motion_frame(
            "motion_detected",
            json!({"camera_id": CAM_A, "score": 77, "segment_seq": 9, "timestamp": "2026-11-27T11:59:58Z"}),
        ),
    )
    .await;
    let reply = sync(&mut socket).await;
    assert_eq!(
        (reply["type"].as_str(), reply["id"].as_str()),
        (Some("ack"), Some("sync")),
        "the event itself got no reply"
    );
    let rows = stored(&app, "org_a");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].camera_id.as_str(), rows[0].node_id.as_str()),
        (CAM_A, "aaaa0001")
    );
    assert_eq!(
        (rows[0].score, rows[0].segment_seq, rows[0].timestamp),
        (77, Some(9), Some(time("2026-11-27T11:59:58")))
    );
    let published = bus.try_recv().unwrap();
    assert_eq!(
        (published.score, published.camera_id),
        (77, CameraId::new(CAM_A))
    );
}

#[actix_web::test]
async fn the_socket_path_ignores_the_switch_but_not_ownership_or_bad_reports() {
    let app = motion_app().await;
    set_ingestion(&app, "org_a", false).await;
    let mut socket = connect_node_socket(&app, "aaaa0001", KEY_A).await;
    for frame in [
        motion_frame("motion_detected", json!({"camera_id": CAM_A, "score": 250})),
        motion_frame("motion_detected", json!({"camera_id": CAM_B, "score": 5})),
        motion_frame("motion_detected", json!({"score": 5})),
        motion_frame("motion_detected", json!({"camera_id": CAM_A})),
        motion_frame("motion_detected", json!({"camera_id": CAM_A, "score": "x"})),
        motion_frame("something_else", json!({"camera_id": CAM_A, "score": 5})),
        json!({"type": "event", "payload": {"camera_id": CAM_A, "score": 5}}),
    ] {
        send_json(&mut socket, frame).await;
    }
    assert_eq!(sync(&mut socket).await["type"], "ack");
    let rows = stored(&app, "org_a");
    assert_eq!(
        rows.len(),
        1,
        "only the first frame is a usable event of ours"
    );
    assert_eq!(rows[0].score, 100, "clamped");
    assert!(stored(&app, "org_b").is_empty(), "org B's camera untouched");
}
