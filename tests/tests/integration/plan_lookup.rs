//! The nominal plan's background live billing lookup (plans-and-auth.md §1.2): a free org
//! registering schedules one lookup (never on the request path), a live paid plan is
//! written and re-enables capped cameras, the 60 s window holds, a failure changes nothing.

use crate::live_common::{push_segment, segment_bytes, segment_name};
use crate::nodes_common::{
    ADMIN_A, cameras_of, create_node, fake_app, register, set_setting, store,
};
use actix_web::web;
use async_trait::async_trait;
use sentinel_application::fleet::{FleetService, RegisterRequest, ReportedCamera};
use sentinel_application::plan_lookup::{PlanLookup, PlanLookupPorts};
use sentinel_domain::ids::{NodeId, OrgId};
use sentinel_ports::driven::org_directory::{DirectoryError, OrgDirectory, OrgMember};
use sentinel_ports::driven::repos::SettingsRepo;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const PATHS: [&str; 8] = [
    "/dev/video0",
    "/dev/video1",
    "/dev/video2",
    "/dev/video3",
    "/dev/video4",
    "/dev/video5",
    "/dev/video6",
    "/dev/video7",
];

/// A Clerk directory answering fixed subscription items (`None`: the lookup fails).
struct FakeClerk {
    items: Option<Vec<Value>>,
    calls: AtomicUsize,
    /// While set, lookups wait for [`FakeClerk::answer`]: lets a test see what a request
    /// answers before the background lookup can change the plan.
    held: std::sync::atomic::AtomicBool,
    gate: tokio::sync::Semaphore,
}

impl FakeClerk {
    fn hold(&self) {
        self.held.store(true, Ordering::SeqCst);
    }

    fn answer(&self) {
        self.held.store(false, Ordering::SeqCst);
        self.gate.add_permits(1_000);
    }
}

#[async_trait]
impl OrgDirectory for FakeClerk {
    async fn members(&self, _org: &OrgId) -> Result<Vec<OrgMember>, DirectoryError> {
        Ok(Vec::new())
    }

    async fn subscription_items(&self, _org: &OrgId) -> Result<Vec<Value>, DirectoryError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.held.load(Ordering::SeqCst) {
            let _ = self.gate.acquire().await;
        }
        self.items
            .clone()
            .ok_or_else(|| DirectoryError("clerk down".to_owned()))
    }
}

struct Setup {
    app: TestApp,
    clerk: Arc<FakeClerk>,
    lookup: Arc<PlanLookup>,
    fleet: FleetService,
    node_id: String,
    key: String,
}

/// A node with eight cameras registered on pro, then the org cached as free.
async fn setup(items: Option<Vec<Value>>) -> Setup {
    let app = fake_app().await;
    set_setting(&app, "org_a", "org_plan", "pro");
    let (node_id, key) = create_node(&app, ADMIN_A, Some("A")).await;
    register(&app, &node_id, &key, &PATHS).await;
    set_setting(&app, "org_a", "org_plan", "free_org");
    // The setting was written behind the app's back: drop any plan the live path read
    // while the org was still "pro" (a load under way now will not store its older read).
    app.state
        .live_pipeline
        .forget_org_plan(&OrgId::new("org_a"));
    let clerk = Arc::new(FakeClerk {
        items,
        calls: AtomicUsize::new(0),
        held: std::sync::atomic::AtomicBool::new(false),
        gate: tokio::sync::Semaphore::new(0),
    });
    let state = &app.state;
    let lookup = Arc::new(PlanLookup::new(PlanLookupPorts {
        settings: state.repos.settings.clone(),
        caps: state.use_cases.plan_caps.clone(),
        live: state.live_pipeline.clone(),
        directory: clerk.clone(),
        clock: state.clock.clone(),
    }));
    let fleet = FleetService::new(
        &state.repos,
        state.use_cases.plan_caps.clone(),
        state.fleet_directory.clone(),
        state.live.clone(),
        state.clock.clone(),
        state
            .releases
            .version_policy(&state.config.node_versions.min_supported),
        state.use_cases.notifier.clone(),
    )
    .with_plan_lookup(Some(lookup.clone()));
    Setup {
        app,
        clerk,
        lookup,
        fleet,
        node_id,
        key,
    }
}

/// Registers through the service (as the route does, on the blocking pool); the reply's plan.
async fn register_via_lookup(setup: &Setup) -> String {
    let request = RegisterRequest {
        node_id: NodeId::new(&setup.node_id),
        hostname: None,
        local_ip: None,
        http_port: 8080,
        lan_streaming: Some(false),
        cameras: PATHS
            .iter()
            .map(|path| ReportedCamera {
                device_path: Some((*path).to_owned()),
                name: Some(format!("USB Camera {path}")),
                capabilities: vec!["streaming".to_owned()],
                ..ReportedCamera::default()
            })
            .collect(),
        video_codec: None,
        audio_codec: None,
        node_version: Some("0.1.73".to_owned()),
    };
    let (fleet, key) = (setup.fleet.clone(), setup.key.clone());
    web::block(move || fleet.register_node(&key, &request))
        .await
        .unwrap()
        .unwrap()
        .plan
}

fn plan(app: &TestApp) -> Option<String> {
    store(app).get(&OrgId::new("org_a"), "org_plan").unwrap()
}

fn capped(setup: &Setup) -> usize {
    cameras_of(&setup.app, "org_a", &setup.node_id)
        .iter()
        .filter(|camera| camera.disabled_by_plan)
        .count()
}

/// Polls `check` for up to twenty seconds (a loaded CI machine can be slow to run the
/// background lookup).
async fn eventually(check: impl Fn() -> bool) -> bool {
    for _ in 0..400 {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    check()
}

/// Lets the background task run (it would have by now).
async fn settle() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

#[actix_web::test]
async fn a_live_pro_plan_upgrades_the_free_org_shortly_after_register() {
    let setup = setup(Some(vec![
        json!({"status": "active", "plan": {"slug": "pro"}}),
    ]))
    .await;
    // The request itself answers from the cache, at once.
    assert_eq!(register_via_lookup(&setup).await, "free");
    assert!(eventually(|| plan(&setup.app).as_deref() == Some("pro")).await);
    assert!(eventually(|| capped(&setup) == 0).await, "caps lifted");
    assert_eq!(setup.clerk.calls.load(Ordering::SeqCst), 1);
    // Now paid: no further lookups.
    assert_eq!(register_via_lookup(&setup).await, "pro");
    settle().await;
    assert_eq!(setup.clerk.calls.load(Ordering::SeqCst), 1);
}

#[actix_web::test]
async fn one_lookup_per_org_per_minute() {
    let setup = setup(Some(Vec::new())).await;
    assert_eq!(register_via_lookup(&setup).await, "free");
    assert!(eventually(|| setup.clerk.calls.load(Ordering::SeqCst) == 1).await);
    setup.app.clock.advance(chrono::Duration::seconds(59));
    register_via_lookup(&setup).await;
    settle().await;
    assert_eq!(
        setup.clerk.calls.load(Ordering::SeqCst),
        1,
        "inside the window"
    );
    setup.app.clock.advance(chrono::Duration::seconds(1));
    register_via_lookup(&setup).await;
    assert!(eventually(|| setup.clerk.calls.load(Ordering::SeqCst) == 2).await);
    assert_eq!(plan(&setup.app).as_deref(), Some("free_org"));
}

#[actix_web::test]
async fn a_failing_lookup_leaves_the_plan_unchanged() {
    let setup = setup(None).await;
    assert_eq!(register_via_lookup(&setup).await, "free");
    assert!(eventually(|| setup.clerk.calls.load(Ordering::SeqCst) == 1).await);
    settle().await;
    assert_eq!(plan(&setup.app).as_deref(), Some("free_org"));
    assert_eq!(capped(&setup), 3, "the free cap still applies");
}

#[actix_web::test]
async fn a_suspended_camera_push_nudges_the_lookup_and_the_live_plan_lifts_the_cap() {
    let setup = setup(Some(vec![
        json!({"status": "active", "plan": {"slug": "pro"}}),
    ]))
    .await;
    setup
        .app
        .state
        .live_pipeline
        .attach_plan_lookup(&setup.lookup);
    let state = &setup.app.state;
    let org = OrgId::new("org_a");
    state
        .use_cases
        .plan_caps
        .enforce_camera_cap(&org, state.clock.now())
        .unwrap();
    assert_eq!(capped(&setup), 3, "the stored free plan caps three cameras");
    let suspended = cameras_of(&setup.app, "org_a", &setup.node_id)
        .into_iter()
        .find(|camera| camera.disabled_by_plan)
        .unwrap();
    // This test is about the nudge: read the flag afresh rather than through a directory
    // entry a background task may have loaded before the cap was enforced.
    state
        .fleet_directory
        .forget_camera(&org, &suspended.camera_id);
    let camera = suspended.camera_id.to_string();
    let body = segment_bytes(&camera, 1, 1_000);
    setup.clerk.hold();
    let response = push_segment(&setup.app, &setup.key, &camera, &segment_name(1), body).await;
    // The push itself answers from the stored plan, at once, whatever Clerk will say.
    assert_eq!(response.status(), 402);
    assert!(
        eventually(|| setup.clerk.calls.load(Ordering::SeqCst) == 1).await,
        "nudged"
    );
    setup.clerk.answer();
    assert!(eventually(|| plan(&setup.app).as_deref() == Some("pro")).await);
    assert!(eventually(|| capped(&setup) == 0).await, "caps lifted");
    assert_eq!(setup.clerk.calls.load(Ordering::SeqCst), 1);
}

#[actix_web::test]
async fn resolve_now_awaits_the_live_plan_for_background_work() {
    let setup = setup(Some(vec![
        json!({"status": "active", "plan": {"slug": "pro_plus"}}),
    ]))
    .await;
    let org = OrgId::new("org_a");
    assert_eq!(setup.lookup.resolve_now(&org).await.unwrap(), "pro_plus");
    assert_eq!(plan(&setup.app).as_deref(), Some("pro_plus"));
    // Paid now: answered from the Setting, Clerk not asked again.
    assert_eq!(setup.lookup.resolve_now(&org).await.unwrap(), "pro_plus");
    assert_eq!(setup.clerk.calls.load(Ordering::SeqCst), 1);
}

#[actix_web::test]
async fn resolve_now_keeps_the_stored_plan_when_clerk_fails() {
    let setup = setup(None).await;
    let org = OrgId::new("org_a");
    assert_eq!(setup.lookup.resolve_now(&org).await.unwrap(), "free_org");
    assert_eq!(plan(&setup.app).as_deref(), Some("free_org"));
    assert_eq!(setup.clerk.calls.load(Ordering::SeqCst), 1);
}
