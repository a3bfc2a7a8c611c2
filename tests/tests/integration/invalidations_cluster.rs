//! The read-through memories kept coherent across instances: two app instances on one real
//! Redis and one database. A node key rotated or deleted, an integration key revoked, a
//! camera suspended by a plan downgrade and a share link revoked through instance A stop
//! working on instance B at once, although B had them in memory. Skipped with a notice when Redis is unreachable.
//! The first test checks the publish/apply split on one instance, without Redis.

use crate::integration_api::{mint_key, seed_camera};
use crate::live_common::{push_segment, segment_bytes, segment_name};
use crate::node_commands_cluster::{instance, redis_url, unique_hex, wait_until};
use crate::nodes_common::{ADMIN_A, api, camera_id, create_node, register, set_setting, store};
use sentinel_application::memories::InstanceMemories;
use sentinel_domain::api_keys::ApiKeyKind;
use sentinel_domain::ids::{CameraId, NodeId, OrgId, UserId};
use sentinel_domain::keys::api_key_hash;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::invalidations::{
    Invalidation, InvalidationPublisher, InvalidationSink,
};
use sentinel_ports::driven::repos::ApiKeyRepo;
use sentinel_tests::{FakeIdentity, TestApp};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const NODE_KEY: &str = "7a6b5c4d-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
const CAMERA: &str = "cam_invalidate_0";

#[derive(Default)]
struct Recorder(Mutex<Vec<Invalidation>>);

impl Recorder {
    fn take(&self) -> Vec<Invalidation> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

impl InvalidationPublisher for Recorder {
    fn publish(&self, invalidation: Invalidation) {
        self.0.lock().unwrap().push(invalidation);
    }
}

fn memories(app: &TestApp) -> InstanceMemories {
    InstanceMemories {
        fleet_directory: app.state.fleet_directory.clone(),
        api_keys: app.state.api_key_auth.clone(),
        live: app.state.live_pipeline.clone(),
        share_grants: app.state.share_grants.clone(),
        member_access: app.state.member_access.clone(),
    }
}

#[actix_web::test]
async fn local_forgets_are_published_and_remote_ones_are_applied_without_publishing() {
    let app = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .start()
        .await;
    let recorder = Arc::new(Recorder::default());
    let memories = memories(&app);
    memories.attach(&(recorder.clone() as Arc<dyn InvalidationPublisher>));
    let (org, node, camera) = (
        OrgId::new("org_a"),
        NodeId::new("aaaa0001"),
        CameraId::new(CAMERA),
    );
    seed_camera(&app, "org_a", node.as_str(), NODE_KEY, CAMERA, None);
    let directory = &app.state.fleet_directory;
    let hash = api_key_hash(NODE_KEY);
    let warm = || {
        directory.load_node(&hash).unwrap().unwrap();
        directory.load_camera(&org, &camera).unwrap().unwrap();
    };

    warm();
    directory.forget_node(&node);
    directory.forget_camera(&org, &camera);
    directory.forget_org(&org);
    app.state.live_pipeline.forget_org_plan(&org);
    app.state.api_key_auth.forget("somehash");
    app.state.api_key_auth.forget_id(7);
    app.state.share_grants.forget_org(&org);
    app.state.member_access.forget_org(&org);
    assert_eq!(
        recorder.take(),
        vec![
            Invalidation::Node(node.clone()),
            Invalidation::Camera {
                org: org.clone(),
                camera_id: camera.clone()
            },
            Invalidation::Org(org.clone()),
            Invalidation::Plan(org.clone()),
            Invalidation::ApiKeyHash("somehash".to_owned()),
            Invalidation::ApiKeyId(7),
            Invalidation::ShareLinks(org.clone()),
            Invalidation::MemberAccess(org.clone()),
        ]
    );

    // Remote ones drop the entries and publish nothing.
    warm();
    memories.apply_remote(&Invalidation::Node(node.clone()));
    assert_eq!(directory.cached_node(&hash), None);
    memories.apply_remote(&Invalidation::Camera {
        org: org.clone(),
        camera_id: camera.clone(),
    });
    assert_eq!(directory.cached_camera(&org, &camera), None);
    warm();
    memories.apply_remote(&Invalidation::Org(org.clone()));
    assert_eq!(directory.cached_node(&hash), None);
    assert_eq!(directory.cached_camera(&org, &camera), None);
    warm();
    memories.forget_everything();
    assert_eq!(directory.cached_node(&hash), None);
    assert_eq!(directory.cached_camera(&org, &camera), None);

    // The member-access memory drops the org on a remote change and publishes nothing.
    let access = &app.state.member_access;
    let member = UserId::new("member_b");
    access.load_org(&org).unwrap();
    assert!(access.cached_scope(&org, &member, false).is_some());
    memories.apply_remote(&Invalidation::MemberAccess(org.clone()));
    assert_eq!(access.cached_scope(&org, &member, false), None);
    assert!(recorder.take().is_empty());

    // A key revoked in the database is still trusted from memory until it is forgotten.
    let (id, key) = mint_key(&app, ADMIN_A, None).await;
    let authenticator = &app.state.api_key_auth;
    authenticator
        .authenticate(ApiKeyKind::Integration, &key)
        .unwrap();
    ApiKeyRepo::revoke(&store(&app), &org, ApiKeyKind::Integration, id).unwrap();
    assert!(
        authenticator
            .authenticate(ApiKeyKind::Integration, &key)
            .is_ok()
    );
    memories.apply_remote(&Invalidation::ApiKeyHash(api_key_hash(&key)));
    assert!(
        authenticator
            .authenticate(ApiKeyKind::Integration, &key)
            .is_err()
    );
    assert!(
        recorder.take().is_empty(),
        "nothing published for remote ones"
    );
    app.stop().await;
}

/// Two instances on one database file and the test Redis.
async fn cluster() -> Option<(TestApp, TestApp, tempfile::TempDir)> {
    let redis = redis_url().await?;
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:///{}", dir.path().join("shared.db").display());
    let a = instance(&redis, &database, "a").await;
    let b = instance(&redis, &database, "b").await;
    Some((a, b, dir))
}

async fn push_status(app: &TestApp, key: &str, camera: &str, sequence: u64) -> u16 {
    let body = segment_bytes(camera, sequence, 400);
    push_segment(app, key, camera, &segment_name(sequence), body)
        .await
        .status()
        .as_u16()
}

/// B has the node's key in memory: it accepted a push with it.
async fn warm_node_on(b: &TestApp, node_id: &str) {
    seed_camera(b, "org_a", node_id, NODE_KEY, CAMERA, None);
    assert_eq!(push_status(b, NODE_KEY, CAMERA, 1).await, 200);
    assert!(
        matches!(
            b.state.fleet_directory.cached_node(&api_key_hash(NODE_KEY)),
            Some(Some(_))
        ),
        "B remembers the key"
    );
}

async fn wait_until_b_forgets_the_key(b: &TestApp) {
    let hash = api_key_hash(NODE_KEY);
    wait_until("B forgets the node key", || {
        b.state.fleet_directory.cached_node(&hash).is_none()
    })
    .await;
}

#[actix_web::test]
async fn a_node_key_rotated_on_a_is_refused_by_b_on_its_next_push() {
    let Some((a, b, _dir)) = cluster().await else {
        return;
    };
    let node_id = unique_hex();
    warm_node_on(&b, &node_id).await;

    let path = format!("/api/nodes/{node_id}/rotate-key");
    let (status, body) = api(&a, "POST", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{body}");
    wait_until_b_forgets_the_key(&b).await;
    assert_eq!(push_status(&b, NODE_KEY, CAMERA, 2).await, 401);
    let new_key = body["api_key"].as_str().unwrap();
    assert_eq!(push_status(&b, new_key, CAMERA, 2).await, 200);
    a.stop().await;
    b.stop().await;
}

#[actix_web::test]
async fn a_node_deleted_on_a_is_refused_by_b_on_its_next_push() {
    let Some((a, b, _dir)) = cluster().await else {
        return;
    };
    let node_id = unique_hex();
    warm_node_on(&b, &node_id).await;

    let path = format!("/api/nodes/{node_id}");
    let (status, body) = api(&a, "DELETE", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{body}");
    wait_until_b_forgets_the_key(&b).await;
    assert_eq!(push_status(&b, NODE_KEY, CAMERA, 2).await, 401);
    a.stop().await;
    b.stop().await;
}

#[actix_web::test]
async fn an_integration_key_revoked_on_a_is_refused_by_b_at_once() {
    let Some((a, b, _dir)) = cluster().await else {
        return;
    };
    let (id, key) = mint_key(&a, ADMIN_A, None).await;
    let cameras_on_b = || async {
        b.client
            .get(b.url("/api/integration/cameras"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    // B trusts the key from memory from now on (the test clock never moves, so without an
    // invalidation it would for ever).
    assert_eq!(cameras_on_b().await, 200);
    assert_eq!(cameras_on_b().await, 200);

    let path = format!("/api/integration/keys/{id}");
    let (status, body) = api(&a, "DELETE", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{body}");
    let mut refused = false;
    for _ in 0..40 {
        if cameras_on_b().await == 401 {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(refused, "B still accepts the revoked key after two seconds");
    a.stop().await;
    b.stop().await;
}

#[actix_web::test]
async fn a_camera_suspended_by_a_downgrade_on_a_is_refused_by_b() {
    let Some((a, b, _dir)) = cluster().await else {
        return;
    };
    let paths = [
        "/dev/video0",
        "/dev/video1",
        "/dev/video2",
        "/dev/video3",
        "/dev/video4",
    ];
    let more = ["/dev/video5"];
    set_setting(&a, "org_a", "org_plan", "pro");
    let (node_id, key) = create_node(&a, ADMIN_A, Some("Barn")).await;
    register(&a, &node_id, &key, &paths).await;
    a.clock.advance(chrono::Duration::seconds(60));
    let all: Vec<&str> = paths.iter().chain(more.iter()).copied().collect();
    register(&a, &node_id, &key, &all).await;
    let newest = camera_id(&node_id, more[0]);
    assert_eq!(push_status(&b, &key, &newest, 1).await, 200);

    // Downgraded to free (five cameras): A's next register flags the newest one.
    set_setting(&a, "org_a", "org_plan", "free_org");
    register(&a, &node_id, &key, &all).await;
    let (org, camera) = (OrgId::new("org_a"), CameraId::new(newest.clone()));
    wait_until("B forgets the camera", || {
        b.state
            .fleet_directory
            .cached_camera(&org, &camera)
            .is_none()
    })
    .await;
    assert_eq!(push_status(&b, &key, &newest, 2).await, 402);
    a.stop().await;
    b.stop().await;
}

#[actix_web::test]
async fn a_share_link_revoked_on_a_stops_on_b_at_once() {
    let Some((a, b, _dir)) = cluster().await else {
        return;
    };
    let node_id = unique_hex();
    warm_node_on(&b, &node_id).await;
    set_setting(&a, "org_a", "org_plan", "pro");
    let body = serde_json::json!({"label": "Neighbour", "camera_id": CAMERA});
    let (status, created) = api(&a, "POST", "/api/share-links", Some(ADMIN_A), Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let token = created["token"].as_str().unwrap();
    let segment = format!(
        "/api/share/{token}/cameras/{CAMERA}/segment/{}",
        segment_name(1)
    );
    assert_eq!(b.get(&segment).await.status(), 200, "B serves the link");
    let hash = api_key_hash(token);
    assert!(
        b.state.share_grants.cached(&hash, b.clock.now()).is_some(),
        "B remembers the link"
    );

    let path = format!("/api/share-links/{}", created["id"]);
    let (status, body) = api(&a, "DELETE", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{body}");
    wait_until("B forgets the link", || {
        b.state.share_grants.cached(&hash, b.clock.now()).is_none()
    })
    .await;
    assert_eq!(b.get(&segment).await.status(), 410);
    a.stop().await;
    b.stop().await;
}
