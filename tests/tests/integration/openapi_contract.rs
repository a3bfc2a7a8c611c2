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
    "POST /api/notifications/clear-all",
    "POST /api/notifications/mark-viewed",
    "POST /api/notifications/request-admin-promotion",
    "POST /api/settings/danger/full-reset",
    "POST /api/settings/danger/wipe-logs",
    "POST /api/sentinel/runs/{run_id}/start",
    "PUT /api/cameras/{camera_id}/group",
];

/// Operations whose contract is not typed yet: this list only shrinks (an operation that is
/// complete must leave it).
const PENDING: &[&str] = &[];

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
    assert_eq!(schema_of("409"), "#/components/schemas/ErrorBody");
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

/// Every `$ref` in the document points at a schema it declares. A type referenced only
/// through a parameter's `value_type` is not collected by utoipa and must be listed in
/// `components(schemas(...))`; a dangling reference breaks generated clients (the
/// dashboard's `openapi-typescript` refuses the document).
#[actix_web::test]
async fn every_reference_resolves() {
    fn walk(value: &Value, refs: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    refs.insert(target.clone());
                }
                map.values().for_each(|child| walk(child, refs));
            }
            Value::Array(items) => items.iter().for_each(|child| walk(child, refs)),
            _ => {}
        }
    }
    let app = TestApp::start().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut refs = BTreeSet::new();
    walk(&doc, &mut refs);
    let dangling: Vec<&String> = refs
        .iter()
        .filter(|target| {
            let pointer = target.strip_prefix('#').unwrap_or(target);
            !target.starts_with('#') || doc.pointer(pointer).is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "unresolved $ref: {dangling:?}");
    app.stop().await;
}

/// Operation ids are unique, as OpenAPI requires: generated clients key their operations by
/// id, so two handlers named alike (`list_keys` for MCP and for Home Assistant) would make
/// one answer's type stand for the other's.
#[actix_web::test]
async fn operation_ids_are_unique() {
    let app = TestApp::start().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut seen = std::collections::BTreeMap::<String, String>::new();
    let mut clashes = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let key = format!("{} {path}", method.to_uppercase());
            if let Some(first) = seen.insert(id.to_owned(), key.clone()) {
                clashes.push(format!("{id}: {first} and {key}"));
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "duplicate operationId:\n{}",
        clashes.join("\n")
    );
    app.stop().await;
}
