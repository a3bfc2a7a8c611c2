//! The fleet directory over the real SQLite repositories.

use chrono::NaiveDate;
use sentinel_app::database::SqlStore;
use sentinel_application::fleet_directory::FleetDirectory;
use sentinel_domain::fleet::{NewNode, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId, UserId};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;

fn at() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 27)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn seed(store: &SqlStore, org: &OrgId, node: &str, hash: &str, camera: &str) {
    NodeRepo::create(
        store,
        org,
        &NewNode {
            node_id: NodeId::new(node),
            name: format!("node {node}"),
            api_key_hash: hash.to_owned(),
            status: "pending".into(),
            created_at: at(),
        },
    )
    .unwrap();
    CameraRepo::upsert_from_register(
        store,
        org,
        &NodeId::new(node),
        &RegisteredCamera {
            camera_id: CameraId::new(camera),
            name: Some(format!("cam {camera}")),
            fallback_name: "Camera".into(),
            node_type: "usb".into(),
            capabilities: "streaming".into(),
            codecs: None,
            seen_at: at(),
        },
    )
    .unwrap();
}

#[actix_web::test]
async fn keys_and_cameras_are_remembered_and_forgotten() {
    let app = TestApp::start().await;
    let store = Arc::new(SqlStore::new(app.database.clone()));
    let org_a = OrgId::new("org_a");
    let org_b = OrgId::new("org_b");
    seed(&store, &org_a, "aaaa0001", "hash-a", "aaaa0001_video0");
    seed(&store, &org_b, "bbbb0001", "hash-b", "bbbb0001_video0");
    let directory = FleetDirectory::new(store.clone(), store.clone());

    assert_eq!(directory.cached_node("hash-a"), None, "cold miss");
    let node = directory.load_node("hash-a").unwrap().unwrap();
    assert_eq!(node.org_id, org_a);
    assert_eq!(directory.cached_node("hash-a"), Some(Some(node.clone())));
    assert_eq!(directory.load_node("nope").unwrap(), None);
    assert_eq!(
        directory.cached_node("nope"),
        Some(None),
        "unknown keys are remembered"
    );

    let camera = CameraId::new("aaaa0001_video0");
    assert!(directory.load_camera(&org_a, &camera).unwrap().is_some());
    assert_eq!(
        directory.load_camera(&org_b, &camera).unwrap(),
        None,
        "another org never sees the camera"
    );
    assert!(directory.cached_camera(&org_a, &camera).unwrap().is_some());

    directory.forget_node(&NodeId::new("aaaa0001"));
    assert_eq!(directory.cached_node("hash-a"), None);
    assert_eq!(
        directory.cached_node("nope"),
        Some(None),
        "negatives of other keys stay"
    );
    directory.forget_org(&org_a);
    assert_eq!(directory.cached_camera(&org_a, &camera), None);
    app.stop().await;
}

async fn send(app: &TestApp, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let mut request = app
        .client
        .request(method, app.url(path))
        .bearer_auth("admin:org_a:user_a");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.json().await.unwrap()
}

/// A member's group scope is checked against the directory's copy of the camera: a group
/// change (assigned, or the group deleted) must reach that copy at once, not after its TTL.
#[actix_web::test]
async fn a_group_change_reaches_the_remembered_camera_at_once() {
    let app = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .start()
        .await;
    let store = SqlStore::new(app.database.clone());
    let org = OrgId::new("org_a");
    let camera = CameraId::new("aaaa0001_video0");
    seed(&store, &org, "aaaa0001", "hash-a", camera.as_str());
    let directory = &app.state.fleet_directory;
    let group_of = || {
        directory
            .load_camera(&org, &camera)
            .unwrap()
            .map(|live| live.group_id)
    };
    assert_eq!(group_of(), Some(None), "arrives ungrouped");

    let created = send(
        &app,
        reqwest::Method::POST,
        "/api/camera-groups",
        Some(json!({"name": "Outside"})),
    )
    .await;
    let group = created["id"].as_i64().unwrap();
    send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/cameras/{camera}/group?group_id={group}"),
        None,
    )
    .await;
    assert_eq!(directory.cached_camera(&org, &camera), None, "forgotten");
    assert_eq!(group_of(), Some(Some(group)), "reloads with the new group");

    let member = UserId::new("user_m");
    let access = &app.state.member_access;
    access.load_org(&org).unwrap();
    assert!(access.cached_scope(&org, &member, false).is_some());
    send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/camera-groups/{group}"),
        None,
    )
    .await;
    assert_eq!(
        directory.cached_camera(&org, &camera),
        None,
        "a deleted group's cameras are forgotten"
    );
    assert!(
        access.cached_scope(&org, &member, false).is_none(),
        "the restrictions lost the group's id: reread"
    );
    assert_eq!(group_of(), Some(None), "ungrouped again");
    app.stop().await;
}
