//! Every operation of `/api/openapi.json` states its whole contract: who may call it, its
//! request body, a schema for every 2xx answer and the envelope of every error status
//! (docs/rest-api.md §0.3). An operation that leaves any of it out fails here.

use sentinel_tests::TestApp;
use serde_json::Value;
use std::collections::BTreeSet;

/// Writes that take no body by design.
const BODYLESS: &[&str] = &[
    "POST /api/cameras/{camera_id}/snapshot",
    "POST /api/gdpr/export",
    "POST /api/nodes/{node_id}/rotate-key",
    "POST /api/nodes/self/decommission",
    "POST /api/sentinel/runs/{run_id}/start",
];

/// Operations whose contract is not typed yet: this list only shrinks (an operation that is
/// complete must leave it).
const PENDING: &[&str] = &[
    "DELETE /api/incidents/{incident_id}",
    "DELETE /api/integration/keys/{key_id}",
    "DELETE /api/mcp/keys/{key_id}",
    "DELETE /api/nodes/{node_id}",
    "GET /api/cameras",
    "GET /api/cameras/{camera_id}",
    "GET /api/cameras/{camera_id}/master.m3u8",
    "GET /api/cameras/{camera_id}/segment/{filename}",
    "GET /api/cameras/{camera_id}/stream.m3u8",
    "GET /api/incidents",
    "GET /api/incidents/counts",
    "GET /api/incidents/{incident_id}",
    "GET /api/incidents/{incident_id}/evidence/{evidence_id}",
    "GET /api/incidents/{incident_id}/evidence/{evidence_id}/playlist.m3u8",
    "GET /api/integration/cameras",
    "GET /api/integration/cameras/{camera_id}/snapshot",
    "GET /api/integration/keys",
    "GET /api/integration/motion/stream",
    "GET /api/integration/status",
    "GET /api/mcp/activity/logs",
    "GET /api/mcp/activity/logs/stats",
    "GET /api/mcp/activity/recent",
    "GET /api/mcp/activity/sessions",
    "GET /api/mcp/activity/stats",
    "GET /api/mcp/activity/stream",
    "GET /api/mcp/keys",
    "GET /api/mcp/tools",
    "GET /api/nodes",
    "GET /api/nodes/plan",
    "GET /api/nodes/ws-status",
    "GET /api/nodes/{node_id}",
    "GET /api/sentinel/config",
    "GET /api/sentinel/runs",
    "GET /api/sentinel/runs/pending",
    "GET /api/sentinel/runs/{run_id}",
    "PATCH /api/cameras/{camera_id}/recording-settings",
    "PATCH /api/incidents/{incident_id}",
    "PATCH /api/sentinel/config",
    "POST /api/cameras/{camera_id}/codec",
    "POST /api/cameras/{camera_id}/motion",
    "POST /api/cameras/{camera_id}/playlist",
    "POST /api/cameras/{camera_id}/push-segment",
    "POST /api/cameras/{camera_id}/recording",
    "POST /api/cameras/{camera_id}/snapshot",
    "POST /api/incidents",
    "POST /api/integration/cameras/{camera_id}/recording",
    "POST /api/integration/keys",
    "POST /api/mcp/keys",
    "POST /api/nodes",
    "POST /api/nodes/heartbeat",
    "POST /api/nodes/register",
    "POST /api/nodes/self/decommission",
    "POST /api/nodes/validate",
    "POST /api/nodes/{node_id}/rotate-key",
    "POST /api/notifications/clear-all",
    "POST /api/notifications/mark-viewed",
    "POST /api/notifications/request-admin-promotion",
    "POST /api/sentinel/runs/manual",
    "POST /api/sentinel/runs/{run_id}/complete",
    "POST /api/sentinel/runs/{run_id}/start",
    "POST /api/settings/danger/full-reset",
    "POST /api/settings/danger/wipe-logs",
    "POST /mcp/",
    "PUT /api/cameras/{camera_id}/group",
];

/// What is missing from one operation's contract (empty: nothing).
fn gaps(key: &str, method: &str, operation: &Value) -> Vec<String> {
    let mut gaps = Vec::new();
    if operation.get("security").is_none() {
        gaps.push("no `security` (use `security(())` for a public route)".to_owned());
    }
    let writes = matches!(method, "post" | "put" | "patch");
    if writes && operation.get("requestBody").is_none() && !BODYLESS.contains(&key) {
        gaps.push("no request body".to_owned());
    }
    let responses = operation["responses"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    if !responses.keys().any(|status| status.starts_with('2')) {
        gaps.push("no 2xx response".to_owned());
    }
    for (status, response) in &responses {
        let content = response["content"].as_object();
        let has_schema = content
            .is_some_and(|content| content.values().all(|media| media.get("schema").is_some()));
        let bodyless_status = matches!(status.as_str(), "202" | "204" | "304");
        if status.starts_with('2') && !bodyless_status && !has_schema {
            gaps.push(format!("{status} has no schema"));
        }
        if status.starts_with('4') && !has_schema {
            gaps.push(format!("{status} has no envelope"));
        }
    }
    gaps
}

#[actix_web::test]
async fn every_operation_declares_its_whole_contract() {
    let app = TestApp::start().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut failures = Vec::new();
    let mut complete = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let key = format!("{} {path}", method.to_uppercase());
            let gaps = gaps(&key, method, operation);
            match (gaps.is_empty(), PENDING.contains(&key.as_str())) {
                (false, false) => failures.push(format!("{key}: {}", gaps.join("; "))),
                (true, true) => {
                    complete.insert(key);
                }
                _ => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "operations with an incomplete contract:\n{}",
        failures.join("\n")
    );
    assert!(
        complete.is_empty(),
        "complete now, take them off PENDING: {complete:?}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn error_statuses_carry_their_envelopes() {
    let app = TestApp::start().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in ["ErrorBody", "ValidationErrorBody", "RateLimitBody"] {
        assert!(schemas.contains_key(name), "{name} missing from components");
    }
    let groups = &doc["paths"]["/api/camera-groups"]["post"]["responses"];
    let schema_of = |status: &str| {
        groups[status]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(schema_of("400"), "#/components/schemas/ErrorBody");
    assert_eq!(schema_of("401"), "#/components/schemas/ErrorBody");
    assert_eq!(schema_of("403"), "#/components/schemas/ErrorBody");
    assert_eq!(schema_of("422"), "#/components/schemas/ValidationErrorBody");
    assert_eq!(schema_of("429"), "#/components/schemas/RateLimitBody");
    assert!(groups["429"]["headers"]["Retry-After"].is_object());
    assert!(
        doc["components"]["securitySchemes"]["session"].is_object(),
        "the session scheme is declared"
    );
    app.stop().await;
}
