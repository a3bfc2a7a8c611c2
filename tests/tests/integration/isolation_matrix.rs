//! The tenant-isolation matrix. Every operation of the app's own `/api/openapi.json` is
//! classified in `MATRIX` by the credentials it accepts; the test fails when the document
//! and the table disagree, so a new route cannot skip the matrix. Each class is then
//! attacked: org B's member, admin, node key, MCP key and integration key aim at org A's
//! objects (expecting 404 and no org-A data), members aim at admin routes (403), and
//! tenant keys aim at routes meant for other credentials (401). Routes outside OpenAPI get
//! their own short list.

use crate::isolation_attacks::Matrix;
use crate::isolation_seed::{ADMIN_A, METRICS_TOKEN, NODE_A, matrix_app, seed};
use crate::live_common::KEY_B;
use Access::*;
use Obj::*;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// What an id in a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Obj {
    Camera,
    Segment,
    Node,
    Group,
    Incident,
    Evidence,
    McpKey,
    IntegrationKey,
    Run,
    ShareLink,
}

/// The credentials an operation accepts, and so how it is attacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// No credential; nothing tenant-scoped in the answer (health, local sign-in,
    /// signed unsubscribe links).
    Public,
    /// Signature-verified webhook: sessions and keys are no substitute for the signature.
    Webhook,
    /// Any signed-in user; the collection is the caller's org.
    Member,
    /// Admins only; the collection is the caller's org.
    Admin,
    /// A signed-in user on one object: another org's id is a 404.
    MemberObject(Obj),
    /// An admin on one object: members get 403, another org's admin 404.
    AdminObject(Obj),
    /// A node key (`X-Node-API-Key`) acting on its own node.
    NodeKey,
    /// A node key on a camera: another org's node gets 404.
    NodeObject(Obj),
    /// An `osi_` integration key; the collection is the key's org.
    Integration,
    /// An integration key on a camera: another org's key gets 404.
    IntegrationObject(Obj),
    /// The operator's Sentinel agent key: deployment-wide by design (one agent serves every
    /// org, runs carry their `org_id`); sessions and tenant keys are refused.
    Agent,
    AgentObject(Obj),
    /// `POST /mcp/` with an `osc_` key; isolation is per tool call.
    Mcp,
    /// A share link's token in the path is the only credential: a guessed token, a session
    /// or another org's token opens nothing of org A.
    ShareToken,
}

/// Every operation of the OpenAPI document, exactly once.
const MATRIX: &[(&str, &str, Access)] = &[
    ("GET", "/api/audit-logs", Admin),
    ("GET", "/api/audit/stream-logs", Admin),
    ("GET", "/api/audit/stream-logs/stats", Admin),
    ("GET", "/api/usage/viewer-hours", Admin),
    ("GET", "/api/share-links", Admin),
    ("POST", "/api/share-links", Admin),
    (
        "DELETE",
        "/api/share-links/{link_id}",
        AdminObject(ShareLink),
    ),
    ("GET", "/api/share/{token}", ShareToken),
    (
        "GET",
        "/api/share/{token}/cameras/{camera_id}/stream.m3u8",
        ShareToken,
    ),
    (
        "GET",
        "/api/share/{token}/cameras/{camera_id}/segment/{filename}",
        ShareToken,
    ),
    ("GET", "/api/camera-groups", Member),
    ("POST", "/api/camera-groups", Admin),
    ("PATCH", "/api/camera-groups/{group_id}", AdminObject(Group)),
    (
        "DELETE",
        "/api/camera-groups/{group_id}",
        AdminObject(Group),
    ),
    ("GET", "/api/cameras", Member),
    ("GET", "/api/cameras/{camera_id}", MemberObject(Camera)),
    ("POST", "/api/cameras/{camera_id}/codec", NodeObject(Camera)),
    ("PUT", "/api/cameras/{camera_id}/group", AdminObject(Camera)),
    (
        "GET",
        "/api/cameras/{camera_id}/master.m3u8",
        MemberObject(Camera),
    ),
    (
        "POST",
        "/api/cameras/{camera_id}/motion",
        NodeObject(Camera),
    ),
    (
        "POST",
        "/api/cameras/{camera_id}/playlist",
        NodeObject(Camera),
    ),
    (
        "POST",
        "/api/cameras/{camera_id}/push-segment",
        NodeObject(Camera),
    ),
    (
        "POST",
        "/api/cameras/{camera_id}/recording",
        AdminObject(Camera),
    ),
    (
        "PATCH",
        "/api/cameras/{camera_id}/recording-settings",
        AdminObject(Camera),
    ),
    (
        "GET",
        "/api/cameras/{camera_id}/segment/{filename}",
        MemberObject(Segment),
    ),
    (
        "POST",
        "/api/cameras/{camera_id}/snapshot",
        MemberObject(Camera),
    ),
    (
        "GET",
        "/api/cameras/{camera_id}/stream.m3u8",
        MemberObject(Camera),
    ),
    ("POST", "/api/gdpr/export", Admin),
    ("GET", "/api/health", Public),
    ("GET", "/api/health/detailed", Public),
    ("GET", "/api/health/ready", Public),
    ("GET", "/api/incidents", Admin),
    ("POST", "/api/incidents", Admin),
    ("GET", "/api/incidents/counts", Admin),
    (
        "DELETE",
        "/api/incidents/{incident_id}",
        AdminObject(Incident),
    ),
    ("GET", "/api/incidents/{incident_id}", AdminObject(Incident)),
    (
        "PATCH",
        "/api/incidents/{incident_id}",
        AdminObject(Incident),
    ),
    (
        "GET",
        "/api/incidents/{incident_id}/evidence/{evidence_id}",
        AdminObject(Evidence),
    ),
    (
        "GET",
        "/api/incidents/{incident_id}/evidence/{evidence_id}/playlist.m3u8",
        AdminObject(Evidence),
    ),
    ("GET", "/api/integration/cameras", Integration),
    (
        "POST",
        "/api/integration/cameras/{camera_id}/recording",
        IntegrationObject(Camera),
    ),
    (
        "GET",
        "/api/integration/cameras/{camera_id}/snapshot",
        IntegrationObject(Camera),
    ),
    ("GET", "/api/integration/keys", Admin),
    ("POST", "/api/integration/keys", Admin),
    (
        "DELETE",
        "/api/integration/keys/{key_id}",
        AdminObject(IntegrationKey),
    ),
    ("GET", "/api/integration/motion/stream", Integration),
    ("GET", "/api/integration/status", Integration),
    ("POST", "/api/local/session", Public),
    ("GET", "/api/mcp/activity/logs", Admin),
    ("GET", "/api/mcp/activity/logs/stats", Admin),
    ("GET", "/api/mcp/activity/recent", Admin),
    ("GET", "/api/mcp/activity/sessions", Admin),
    ("GET", "/api/mcp/activity/stats", Admin),
    ("GET", "/api/mcp/activity/stream", Admin),
    ("GET", "/api/mcp/keys", Admin),
    ("POST", "/api/mcp/keys", Admin),
    ("DELETE", "/api/mcp/keys/{key_id}", AdminObject(McpKey)),
    ("GET", "/api/mcp/tools", Admin),
    ("GET", "/api/motion/events", Member),
    ("GET", "/api/motion/events/stats", Member),
    ("GET", "/api/motion/events/stream", Member),
    ("GET", "/api/nodes", Admin),
    ("POST", "/api/nodes", Admin),
    ("POST", "/api/nodes/heartbeat", NodeKey),
    ("GET", "/api/nodes/plan", Member),
    ("POST", "/api/nodes/register", NodeKey),
    ("POST", "/api/nodes/self/decommission", NodeKey),
    ("POST", "/api/nodes/validate", NodeKey),
    ("GET", "/api/nodes/ws-status", Admin),
    ("DELETE", "/api/nodes/{node_id}", AdminObject(Node)),
    ("GET", "/api/nodes/{node_id}", AdminObject(Node)),
    ("POST", "/api/nodes/{node_id}/rotate-key", AdminObject(Node)),
    ("GET", "/api/notifications", Member),
    ("POST", "/api/notifications/clear-all", Member),
    ("GET", "/api/notifications/email/preferences", Member),
    ("POST", "/api/notifications/email/preferences", Admin),
    ("GET", "/api/notifications/email/unsubscribe", Public),
    ("POST", "/api/notifications/mark-viewed", Member),
    ("POST", "/api/notifications/request-admin-promotion", Member),
    ("GET", "/api/notifications/stream", Member),
    ("GET", "/api/notifications/unread-count", Member),
    ("GET", "/api/sentinel/config", Member),
    ("PATCH", "/api/sentinel/config", Admin),
    ("GET", "/api/sentinel/runs", Member),
    ("POST", "/api/sentinel/runs/manual", Admin),
    ("GET", "/api/sentinel/runs/pending", Agent),
    ("GET", "/api/sentinel/runs/{run_id}", MemberObject(Run)),
    (
        "POST",
        "/api/sentinel/runs/{run_id}/complete",
        AgentObject(Run),
    ),
    (
        "POST",
        "/api/sentinel/runs/{run_id}/start",
        AgentObject(Run),
    ),
    ("GET", "/api/settings", Member),
    ("POST", "/api/settings/danger/full-reset", Admin),
    ("POST", "/api/settings/danger/wipe-logs", Admin),
    ("GET", "/api/settings/motion-ingestion", Member),
    ("POST", "/api/settings/motion-ingestion", Admin),
    ("GET", "/api/settings/notifications", Member),
    ("POST", "/api/settings/notifications", Admin),
    ("POST", "/api/settings/timezone", Admin),
    ("POST", "/api/webhooks/clerk", Webhook),
    ("POST", "/api/webhooks/resend", Webhook),
    ("POST", "/mcp/", Mcp),
];

/// Routes served outside the OpenAPI document, and what a caller without the right
/// credential gets from each: `(method, path, credential sent, expected status)`.
const OUTSIDE_OPENAPI: &[(&str, &str, Outside, u16)] = &[
    ("GET", "/ws/node", Outside::Nothing, 403),
    ("GET", "/ws/node", Outside::OtherOrgNodeKey, 403),
    ("GET", "/ws/node", Outside::KeyInQuery, 403),
    ("POST", "/mcp", Outside::Nothing, MCP_REFUSED),
    ("POST", "/mcp", Outside::UserToken, MCP_REFUSED),
    ("GET", "/metrics", Outside::Nothing, 401),
    ("GET", "/metrics", Outside::UserToken, 401),
    ("GET", "/metrics", Outside::MetricsToken, 200),
    ("GET", "/install.sh", Outside::Nothing, 200),
    ("GET", "/mcp-setup.sh", Outside::Nothing, 200),
    ("GET", "/mcp-setup.ps1", Outside::Nothing, 200),
    ("GET", "/.well-known/security.txt", Outside::Nothing, 200),
    ("GET", "/security.txt", Outside::Nothing, 200),
    ("GET", "/api/openapi.json", Outside::Nothing, 200),
    ("GET", "/api-docs/", Outside::Nothing, 200),
    ("GET", "/api-redoc", Outside::Nothing, 200),
];

/// MCP refuses inside JSON-RPC: HTTP 200 with error -32001 (stands in for a status here).
const MCP_REFUSED: u16 = 32001;

#[derive(Debug, Clone, Copy)]
enum Outside {
    Nothing,
    UserToken,
    MetricsToken,
    /// Org A's node id with org B's node key, in headers.
    OtherOrgNodeKey,
    /// Org A's node id with org B's key in the legacy query string.
    KeyInQuery,
}

#[actix_web::test]
async fn every_openapi_operation_is_classified_exactly_once() {
    let app = matrix_app().await;
    let documented = documented_operations(&app).await;
    let mut classified = BTreeSet::new();
    for (method, path, _) in MATRIX {
        assert!(
            classified.insert((method.to_string(), path.to_string())),
            "{method} {path} is classified twice"
        );
    }
    let unclassified: Vec<_> = documented.difference(&classified).collect();
    let stale: Vec<_> = classified.difference(&documented).collect();
    assert!(
        unclassified.is_empty() && stale.is_empty(),
        "add these operations to the isolation MATRIX: {unclassified:?}; \
         the MATRIX names operations the API no longer has: {stale:?}"
    );
}

#[actix_web::test]
async fn no_credential_of_org_b_reaches_org_a() {
    let app = matrix_app().await;
    let tenants = seed(&app).await;
    let matrix = Matrix {
        app: &app,
        tenants: &tenants,
    };
    for (method, template, access) in MATRIX {
        matrix.attack(method, template, *access).await;
    }
    matrix.org_a_is_intact().await;
}

#[actix_web::test]
async fn routes_outside_openapi_refuse_the_wrong_credential() {
    let app = matrix_app().await;
    let _tenants = seed(&app).await;
    for (method, path, credential, expected) in OUTSIDE_OPENAPI {
        let mut request = app.client.request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            app.url(path),
        );
        request = match credential {
            Outside::Nothing => request,
            Outside::UserToken => request.bearer_auth(ADMIN_A),
            Outside::MetricsToken => request.bearer_auth(METRICS_TOKEN),
            Outside::OtherOrgNodeKey => request
                .header("x-node-id", NODE_A)
                .header("x-node-api-key", KEY_B),
            Outside::KeyInQuery => request.query(&[("node_id", NODE_A), ("api_key", KEY_B)]),
        };
        if *method == "POST" {
            request = request
                .header("content-type", "application/json")
                .header("accept", "application/json, text/event-stream")
                .body(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#);
        }
        let response = request.send().await.unwrap();
        let mut status = response.status().as_u16();
        if *path == "/mcp" {
            let body: Value = response.json().await.unwrap();
            if body["error"]["code"] == json!(-32001) {
                status = MCP_REFUSED;
            }
        }
        assert_eq!(status, *expected, "{method} {path} with {credential:?}");
    }
}

async fn documented_operations(app: &TestApp) -> BTreeSet<(String, String)> {
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut operations = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete", "head", "options"]
                .contains(&method.as_str())
            {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}
