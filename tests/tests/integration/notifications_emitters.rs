//! Fleet transitions and motion published on the app's buses become notifications:
//! debounce, settings gates, org isolation.

use crate::notifications_common::*;
use chrono::TimeDelta;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::fleet_events::{FleetEvent, FleetEvents};
use sentinel_ports::driven::motion_events::{MotionDetected, MotionEvents};
use sentinel_tests::TestApp;
use serde_json::Value;

fn camera_offline(org: &str, camera: &str) -> FleetEvent {
    FleetEvent::CameraOffline {
        org: OrgId::new(org),
        camera: CameraId::new(camera),
        node: Some(NodeId::new("node_1")),
        name: format!("Cam {camera}"),
    }
}

fn camera_online(org: &str, camera: &str) -> FleetEvent {
    FleetEvent::CameraOnline {
        org: OrgId::new(org),
        camera: CameraId::new(camera),
        node: Some(NodeId::new("node_1")),
        name: format!("Cam {camera}"),
    }
}

fn kinds(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// Publishes a marker that is never debounced and waits for it, so every event published
/// before it has been handled.
async fn settle(app: &TestApp, org: &str, marker: &str) -> Vec<Value> {
    app.fleet_events.publish(FleetEvent::NodeOnline {
        org: OrgId::new(org),
        node: NodeId::new(marker),
        name: marker.to_owned(),
    });
    wait_for_rows(app, &admin(org), |rows| {
        rows.iter().any(|r| r["node_id"] == marker)
    })
    .await
    .into_iter()
    .filter(|r| {
        !r["node_id"]
            .as_str()
            .unwrap_or_default()
            .starts_with("marker")
    })
    .collect()
}

#[actix_web::test]
async fn camera_offline_transition_becomes_a_warning_for_everyone() {
    let app = app().await;
    app.fleet_events.publish(camera_offline("org_a", "cam_1"));
    let rows = wait_for_rows(&app, &member("org_a"), |rows| !rows.is_empty()).await;
    let row = &rows[0];
    assert_eq!(row["kind"], "camera_offline");
    assert_eq!(row["audience"], "all");
    assert_eq!(row["severity"], "warning");
    assert_eq!(row["title"], "Cam cam_1 went offline");
    assert_eq!(row["camera_id"], "cam_1");
    assert_eq!(row["node_id"], "node_1");
}

#[actix_web::test]
async fn node_transitions_are_admin_only() {
    let app = app().await;
    app.fleet_events.publish(FleetEvent::NodeOffline {
        org: OrgId::new("org_a"),
        node: NodeId::new("node_9"),
        name: "Shed".into(),
    });
    let rows = wait_for_rows(&app, &admin("org_a"), |rows| !rows.is_empty()).await;
    assert_eq!(rows[0]["kind"], "node_offline");
    assert_eq!(rows[0]["audience"], "admin");
    assert_eq!(rows[0]["title"], "Node 'Shed' went offline");
    assert!(titles(&app, &member("org_a")).await.is_empty());
}

#[actix_web::test]
async fn same_direction_repeats_within_60_s_are_debounced() {
    let app = app().await;
    app.fleet_events.publish(camera_offline("org_a", "cam_1"));
    app.fleet_events.publish(camera_offline("org_a", "cam_1"));
    app.fleet_events.publish(camera_online("org_a", "cam_1"));
    app.fleet_events.publish(camera_offline("org_a", "cam_2"));
    let rows = settle(&app, "org_a", "marker_1").await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        kinds(&rows)
            .iter()
            .filter(|k| *k == "camera_offline")
            .count(),
        2
    );
    app.clock.advance(TimeDelta::seconds(61));
    app.fleet_events.publish(camera_offline("org_a", "cam_1"));
    let rows = settle(&app, "org_a", "marker_2").await;
    assert_eq!(rows.len(), 4, "{rows:?}");
}

#[actix_web::test]
async fn switched_off_transitions_store_nothing() {
    let app = app().await;
    let token = admin("org_a");
    let response = app
        .client
        .post(app.url("/api/settings/notifications"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"camera_transition_notifications": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    app.fleet_events.publish(camera_offline("org_a", "cam_1"));
    app.fleet_events.publish(camera_online("org_a", "cam_1"));
    assert!(settle(&app, "org_a", "marker").await.is_empty());
}

#[actix_web::test]
async fn motion_becomes_a_notification_with_score_and_meta() {
    let app = app().await;
    let at = now(&app);
    app.motion_events.publish(MotionDetected {
        org: OrgId::new("org_a"),
        camera_id: CameraId::new("cam_7"),
        node_id: NodeId::new("node_1"),
        score: 42,
        timestamp: at,
        segment_seq: Some(12),
    });
    let rows = wait_for_rows(&app, &member("org_a"), |rows| !rows.is_empty()).await;
    let row = &rows[0];
    assert_eq!(row["kind"], "motion");
    assert_eq!(row["title"], "Motion on cam_7");
    assert_eq!(row["body"], "Scene change detected at 42% intensity.");
    assert_eq!(row["link"], "/dashboard?camera=cam_7");
    assert_eq!(row["node_id"], "node_1");
    assert_eq!(row["meta"]["score"], 42);
    assert_eq!(row["meta"]["segment_seq"], 12);
    assert_eq!(row["meta"]["event_timestamp"], "2026-11-27T12:00:00");
}

#[actix_web::test]
async fn switched_off_motion_stores_nothing_and_other_orgs_are_untouched() {
    let app = app().await;
    let response = app
        .client
        .post(app.url("/api/settings/notifications"))
        .bearer_auth(admin("org_a"))
        .json(&serde_json::json!({"motion_notifications": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    for org in ["org_a", "org_b"] {
        app.motion_events.publish(MotionDetected {
            org: OrgId::new(org),
            camera_id: CameraId::new("cam_7"),
            node_id: NodeId::new("node_1"),
            score: 10,
            timestamp: now(&app),
            segment_seq: None,
        });
    }
    // Motion and fleet events travel on separate buses, so the fleet marker says nothing
    // about motion: wait for org B's motion, published after org A's on the same bus.
    let rows = wait_for_rows(&app, &admin("org_b"), |rows| {
        rows.iter().any(|r| r["kind"] == "motion")
    })
    .await;
    assert_eq!(kinds(&rows), ["motion"]);
    assert!(settle(&app, "org_a", "marker").await.is_empty());
}
