//! The offline sweep over the real database with the manual clock.

use chrono::TimeDelta;
use sentinel_app::database::SqlStore;
use sentinel_application::offline_sweep::OfflineSweep;
use sentinel_domain::fleet::{CameraStatusReport, NewNode, NodeChanges, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::fleet_events::{FleetEvent, FleetEvents};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo};
use sentinel_tests::TestApp;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Recorded(Mutex<Vec<FleetEvent>>);

impl FleetEvents for Recorded {
    fn publish(&self, event: FleetEvent) {
        self.0.lock().unwrap().push(event);
    }
}

#[actix_web::test]
async fn silent_nodes_and_cameras_go_offline_once() {
    let app = TestApp::start().await;
    let store = SqlStore::new(app.database.clone());
    let org = OrgId::new("org_a");
    let node = NodeId::new("aaaa0001");
    let now = app.clock.now().naive_utc();
    NodeRepo::create(
        &store,
        &org,
        &NewNode {
            node_id: node.clone(),
            name: "Shed".into(),
            api_key_hash: "h".into(),
            status: "pending".into(),
            created_at: now,
        },
    )
    .unwrap();
    let pending_twin = NodeId::new("aaaa0002");
    NodeRepo::create(
        &store,
        &org,
        &NewNode {
            node_id: pending_twin,
            name: "Never seen".into(),
            api_key_hash: "h2".into(),
            status: "pending".into(),
            created_at: now,
        },
    )
    .unwrap();
    NodeRepo::update(
        &store,
        &org,
        &node,
        &NodeChanges {
            status: Some("online".into()),
            last_seen: Some(now),
            ..NodeChanges::default()
        },
    )
    .unwrap();
    let camera = CameraId::new("aaaa0001_dev_video0");
    CameraRepo::upsert_from_register(
        &store,
        &org,
        &node,
        &RegisteredCamera {
            camera_id: camera.clone(),
            name: Some("Shed door".into()),
            fallback_name: "Camera".into(),
            node_type: "usb".into(),
            capabilities: "streaming".into(),
            codecs: None,
            seen_at: now,
        },
    )
    .unwrap();
    CameraRepo::record_status_reports(
        &store,
        &org,
        &node,
        &[CameraStatusReport::new(camera.clone(), "streaming", None)],
        now,
    )
    .unwrap();
    let events = Arc::new(Recorded::default());
    let sweeper = OfflineSweep::new(&app.state.repos, events.clone());

    app.clock.advance(TimeDelta::seconds(90));
    let report = sweeper.sweep(app.clock.now().naive_utc()).unwrap();
    assert_eq!(
        (report.nodes, report.cameras),
        (0, 0),
        "exactly 90 s is still fresh"
    );

    app.clock.advance(TimeDelta::seconds(1));
    let report = sweeper.sweep(app.clock.now().naive_utc()).unwrap();
    assert_eq!((report.nodes, report.cameras), (1, 1));
    let recorded = events.0.lock().unwrap().clone();
    assert_eq!(
        recorded,
        [
            FleetEvent::NodeOffline {
                org: org.clone(),
                node: node.clone(),
                name: "Shed".into()
            },
            FleetEvent::CameraOffline {
                org: org.clone(),
                camera: camera.clone(),
                node: Some(node.clone()),
                name: "Shed door".into()
            },
        ]
    );
    let stored = CameraRepo::get(&store, &org, &camera).unwrap().unwrap();
    assert_eq!(stored.status.as_deref(), Some("offline"));

    let again = sweeper.sweep(app.clock.now().naive_utc()).unwrap();
    assert_eq!(
        (again.nodes, again.cameras),
        (0, 0),
        "already offline rows are skipped"
    );
    app.stop().await;
}
