//! Regressions found by schemathesis (tests/schemathesis/run.sh): client mistakes answer
//! an error envelope, never actix's plain-text bodies.

use crate::nodes_common::{ADMIN_A, api, fake_app};
use serde_json::json;

#[actix_web::test]
async fn a_path_id_that_is_not_an_integer_is_a_422_envelope() {
    let app = fake_app().await;
    for (method, path) in [
        ("GET", "/api/incidents/counts-not-an-id"),
        ("PATCH", "/api/incidents/not-an-id"),
        ("DELETE", "/api/camera-groups/9223372036854775808"),
        ("DELETE", "/api/mcp/keys/abc"),
        ("DELETE", "/api/integration/keys/1.5"),
    ] {
        let body = (method == "PATCH").then(|| json!({"status": "resolved"}));
        let (status, response) = api(&app, method, path, Some(ADMIN_A), body).await;
        assert_eq!(status, 422, "{method} {path}: {response}");
        let detail = &response["detail"];
        assert_eq!(
            detail["error"], "validation_failed",
            "{method} {path}: {response}"
        );
        let message = detail["message"].as_str().unwrap();
        assert!(
            message.ends_with(")") && message.contains("(path."),
            "{message}"
        );
        assert_eq!(detail["errors"][0]["loc"][0], "path", "{response}");
    }
}

/// `counts` is a resource of its own (GET only), so a PATCH to it is the wrong method, not
/// a bad `{incident_id}`: the OpenAPI document promises exactly that.
#[actix_web::test]
async fn a_literal_route_with_the_wrong_method_is_a_405_not_a_bad_id() {
    let app = fake_app().await;
    let body = Some(json!({"status": "resolved"}));
    let (status, response) = api(&app, "PATCH", "/api/incidents/counts", Some(ADMIN_A), body).await;
    assert_eq!(status, 405, "{response}");
}

#[actix_web::test]
async fn two_path_ids_name_both_segments() {
    let app = fake_app().await;
    let (status, response) = api(
        &app,
        "GET",
        "/api/incidents/-1/evidence/9223372036854775808",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 422, "{response}");
    assert_eq!(response["detail"]["errors"][0]["loc"][0], "path");
    assert!(
        response["detail"]["errors"][0]["loc"][1]
            .as_str()
            .unwrap()
            .contains("evidence_id"),
        "{response}"
    );
}

/// E3: a missing field is Pydantic's `missing` error at the field itself, on every route
/// that reads a typed body.
#[actix_web::test]
async fn a_missing_field_is_named_as_the_contract_says() {
    let app = fake_app().await;
    for (path, body, field) in [
        ("/api/incidents", json!({"summary": "x"}), "title"),
        ("/api/camera-groups", json!({"color": "#ff0000"}), "name"),
        ("/api/settings/timezone", json!({}), "timezone"),
    ] {
        let (status, response) = api(&app, "POST", path, Some(ADMIN_A), Some(body)).await;
        assert_eq!(status, 422, "{path}: {response}");
        let detail = &response["detail"];
        assert_eq!(
            detail["message"],
            format!("Field required ({field})"),
            "{path}"
        );
        assert_eq!(detail["errors"][0]["type"], "missing", "{path}");
        assert_eq!(detail["errors"][0]["loc"], json!(["body", field]), "{path}");
        assert_eq!(detail["errors"][0]["msg"], "Field required", "{path}");
    }
}
