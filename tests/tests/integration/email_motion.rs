//! Motion e-mail cooldown (one immediate e-mail per camera per window) and the digest
//! that follows it.

use chrono::{Duration, TimeZone, Utc};
use sentinel_app::database::SqlStore;
use sentinel_application::email::motion_cooldown::{self, MOTION_EMAIL_ANCHOR_PREFIX};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::motion::{MotionReading, NewMotionEvent};
use sentinel_domain::notifications::{Audience, NotificationContent, NotificationKind, Severity};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::notification_events::NotificationCreated;
use sentinel_ports::driven::repos::{EmailOutboxRepo, OutboxEmail};
use sentinel_tests::TestApp;
use std::sync::Arc;
use std::time::Duration as StdDuration;

fn org() -> OrgId {
    OrgId::new("org_local")
}

fn motion(id: i64, camera: &str) -> NotificationCreated {
    NotificationCreated {
        id: Some(id),
        org: org(),
        content: NotificationContent {
            kind: NotificationKind::Motion,
            audience: Audience::All,
            title: format!("Motion on {camera}"),
            body: "Scene change detected at 80% intensity.".into(),
            severity: Severity::Info,
            link: Some(format!("/dashboard?camera={camera}")),
            camera_id: Some(camera.into()),
            node_id: Some("node-1".into()),
            meta: Some(serde_json::json!({"score": 80})),
        },
        created_at: Utc
            .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
            .unwrap()
            .naive_utc(),
    }
}

/// Polls until the outbox holds `expected` rows (the motion handler runs on its own task),
/// then settles once more so that a row too many would show.
async fn outbox_reaches(app: &TestApp, expected: usize) -> usize {
    let deadline = std::time::Instant::now() + StdDuration::from_secs(5);
    while std::time::Instant::now() < deadline {
        let rows = SqlStore::new(app.database.clone())
            .list_outbox(&org())
            .unwrap();
        if rows.len() >= expected {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(25)).await;
    }
    settle(app).await.len()
}

async fn settle(app: &TestApp) -> Vec<OutboxEmail> {
    tokio::time::sleep(StdDuration::from_millis(150)).await;
    SqlStore::new(app.database.clone())
        .list_outbox(&org())
        .unwrap()
}

async fn app_with_motion_email() -> TestApp {
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    let now = app.clock.now().naive_utc();
    app.state
        .repos
        .settings
        .set(&org(), "email_motion", "true", now)
        .unwrap();
    app
}

#[actix_web::test]
async fn motion_mails_once_per_camera_per_cooldown_window() {
    let app = app_with_motion_email().await;
    let events = app.state.notification_events.clone();
    events.publish(motion(1, "cam-1"));
    assert_eq!(outbox_reaches(&app, 2).await, 2, "admin and member");
    events.publish(motion(2, "cam-1"));
    assert_eq!(
        outbox_reaches(&app, 2).await,
        2,
        "silenced within the window"
    );
    events.publish(motion(3, "cam-2"));
    assert_eq!(
        outbox_reaches(&app, 4).await,
        4,
        "another camera has its own window"
    );
    app.clock.advance(Duration::minutes(15));
    events.publish(motion(4, "cam-1"));
    assert_eq!(outbox_reaches(&app, 6).await, 6, "the window is over");
    app.stop().await;
}

#[actix_web::test]
async fn motion_is_not_mailed_and_no_anchor_is_written_while_email_motion_is_off() {
    let app = TestApp::builder()
        .env("EMAIL_ENABLED", "true")
        .start()
        .await;
    app.state.notification_events.publish(motion(1, "cam-1"));
    assert!(settle(&app).await.is_empty());
    let anchors = app
        .state
        .repos
        .settings
        .get_by_prefix(&org(), MOTION_EMAIL_ANCHOR_PREFIX)
        .unwrap();
    assert!(anchors.is_empty());
    app.stop().await;
}

#[actix_web::test]
async fn the_digest_counts_the_events_after_the_first_alert_then_clears_the_anchor() {
    let app = app_with_motion_email().await;
    let start = app.clock.now().naive_utc();
    app.state.notification_events.publish(motion(1, "cam-1"));
    assert_eq!(outbox_reaches(&app, 2).await, 2);
    for (offset, camera) in [
        (0, "cam-1"),
        (60, "cam-1"),
        (120, "cam-1"),
        (60, "cam-2"),
        (20 * 60, "cam-1"),
    ] {
        app.state
            .repos
            .motion
            .insert(
                &org(),
                &NewMotionEvent {
                    camera_id: CameraId::new(camera),
                    node_id: NodeId::new("node-1"),
                    reading: MotionReading {
                        score: 70,
                        segment_seq: None,
                        timestamp: start + Duration::seconds(offset),
                    },
                },
            )
            .unwrap();
    }
    let digest = motion_cooldown::MotionDigest::new(
        &app.state.repos,
        Arc::new(SqlStore::new(app.database.clone())),
        app.state.use_cases.notifier.clone(),
    );
    let run = |app: &TestApp| {
        digest
            .run_digest(true, app.clock.now().naive_utc())
            .unwrap()
    };
    app.clock.advance(Duration::minutes(14));
    assert_eq!(run(&app), 0, "window still open");
    app.clock.advance(Duration::minutes(2));
    assert_eq!(run(&app), 1);
    let rows = settle(&app).await;
    let digests: Vec<&OutboxEmail> = rows.iter().filter(|r| r.kind == "motion_digest").collect();
    assert_eq!(digests.len(), 2);
    assert_eq!(
        digests[0].subject,
        "[Sentinel] 2 more motion events on cam-1"
    );
    assert!(
        app.state
            .repos
            .settings
            .get_by_prefix(&org(), MOTION_EMAIL_ANCHOR_PREFIX)
            .unwrap()
            .is_empty(),
        "the anchor is cleared"
    );
    assert_eq!(run(&app), 0, "one digest per window");
    app.stop().await;
}
