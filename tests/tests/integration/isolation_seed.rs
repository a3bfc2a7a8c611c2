//! The two tenants of the isolation matrix: org A owns one object of every kind the API
//! addresses by id, org B owns its own node, camera and keys to attack with. Every org-A
//! object carries a marker that must never show up in anything org B is answered.

use crate::live_common::{
    CAM_A, CAM_B, KEY_A, ffmpeg_playlist, now, push_playlist, push_segment, seed_two_orgs,
    segment_bytes, segment_name,
};
use crate::nodes_common::{api, set_setting};
use crate::sentinel_common::{AGENT_KEY, seed_run};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::json;
use std::sync::Arc;

pub const ADMIN_A: &str = "admin:org_a:user_a";
pub const MEMBER_A: &str = "member:org_a:user_m";
pub const ADMIN_B: &str = "admin:org_b:user_b";
pub const MEMBER_B: &str = "member:org_b:user_n";
pub const NODE_A: &str = "aaaa0001";
pub const METRICS_TOKEN: &str = "metrics-token-0123456789";

/// Strings only org A's objects contain.
pub const A_MARKERS: &[&str] = &[
    NODE_A,
    "Front door",
    "GroupOfOrgA",
    "IncidentOfOrgA",
    "McpKeyOfOrgA",
    "IntegrationKeyOfOrgA",
    "porch-of-org-a",
    "ShareLinkOfOrgA",
];

/// The ids and raw keys of both orgs' seeded objects.
pub struct Tenants {
    pub group_a: i64,
    pub incident_a: i64,
    pub evidence_a: i64,
    pub mcp_key_a: (i64, String),
    pub mcp_key_b: (i64, String),
    pub integration_key_a: (i64, String),
    pub integration_key_b: (i64, String),
    pub run_a: String,
    pub segment_a: String,
    /// Id and token of org A's link to its camera, and org B's token to its own camera.
    pub share_link_a: (i64, String),
    pub share_token_b: String,
}

/// An app with fake sessions, the agent and metrics keys set, both orgs on Pro Plus.
pub async fn matrix_app() -> TestApp {
    let app = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .env("SENTINEL_AGENT_KEY", AGENT_KEY)
        .env("METRICS_TOKEN", METRICS_TOKEN)
        .start()
        .await;
    for org in ["org_a", "org_b"] {
        set_setting(&app, org, "org_plan", "pro_plus");
    }
    app
}

pub async fn seed(app: &TestApp) -> Tenants {
    seed_two_orgs(app);
    let segment_a = segment_name(1);
    for sequence in [1, 2] {
        let response = push_segment(
            app,
            KEY_A,
            CAM_A,
            &segment_name(sequence),
            segment_bytes(CAM_A, sequence, 400),
        )
        .await;
        assert_eq!(response.status(), 200, "org A's node pushes to its camera");
    }
    let playlist = ffmpeg_playlist(1..=2);
    let response = push_playlist(app, KEY_A, CAM_A, playlist.as_bytes()).await;
    assert_eq!(response.status(), 200, "org A's node pushes its playlist");
    let group_a = created_id(
        app,
        ADMIN_A,
        "/api/camera-groups",
        json!({"name": "GroupOfOrgA"}),
    )
    .await;
    let incident_a = created_id(
        app,
        ADMIN_A,
        "/api/incidents",
        json!({"title": "IncidentOfOrgA", "summary": "s", "severity": "high", "camera_id": CAM_A}),
    )
    .await;
    let evidence_a = app
        .state
        .use_cases
        .incidents
        .attach_clip(
            app.state.live.as_ref(),
            &OrgId::new("org_a"),
            incident_a,
            &CameraId::new(CAM_A),
            2,
            Some("porch-of-org-a"),
            now(app),
        )
        .unwrap()
        .evidence
        .id;
    let run_a = seed_run(app, "org_a", "manual", "pending", now(app), Some(CAM_A));
    Tenants {
        group_a,
        incident_a,
        evidence_a,
        mcp_key_a: mint(app, ADMIN_A, "/api/mcp/keys", "McpKeyOfOrgA").await,
        mcp_key_b: mint(app, ADMIN_B, "/api/mcp/keys", "McpKeyOfOrgB").await,
        integration_key_a: mint(
            app,
            ADMIN_A,
            "/api/integration/keys",
            "IntegrationKeyOfOrgA",
        )
        .await,
        integration_key_b: mint(
            app,
            ADMIN_B,
            "/api/integration/keys",
            "IntegrationKeyOfOrgB",
        )
        .await,
        run_a,
        segment_a,
        share_link_a: share(app, ADMIN_A, "ShareLinkOfOrgA", CAM_A).await,
        share_token_b: share(app, ADMIN_B, "ShareLinkOfOrgB", CAM_B).await.1,
    }
}

async fn share(app: &TestApp, admin: &str, label: &str, camera: &str) -> (i64, String) {
    let body = json!({"label": label, "camera_id": camera});
    let (status, created) = api(app, "POST", "/api/share-links", Some(admin), Some(body)).await;
    assert_eq!(status, 201, "{created}");
    (
        created["id"].as_i64().unwrap(),
        created["token"].as_str().unwrap().to_owned(),
    )
}

async fn created_id(app: &TestApp, admin: &str, path: &str, body: serde_json::Value) -> i64 {
    let (status, created) = api(app, "POST", path, Some(admin), Some(body)).await;
    assert!((200..300).contains(&status), "{path}: {status} {created}");
    created["id"].as_i64().unwrap()
}

async fn mint(app: &TestApp, admin: &str, path: &str, name: &str) -> (i64, String) {
    let (status, created) = api(app, "POST", path, Some(admin), Some(json!({"name": name}))).await;
    assert_eq!(status, 200, "{path}: {created}");
    (
        created["id"].as_i64().unwrap(),
        created["key"].as_str().unwrap().to_owned(),
    )
}
