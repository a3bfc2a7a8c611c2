//! Helpers for the MCP tests: an app whose orgs are on Pro, keys minted through the API,
//! and JSON-RPC calls to `POST /mcp/` sent the way MCP clients send them.

use crate::nodes_common::{api, set_setting};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;

pub const ORG_A: &str = "org_a";
pub const ORG_B: &str = "org_b";

/// An app with fake sessions where both orgs are on `pro`.
pub async fn mcp_app() -> TestApp {
    mcp_app_with(TestApp::builder()).await
}

/// The same, from a builder the test has already configured.
pub async fn mcp_app_with(builder: sentinel_tests::TestAppBuilder) -> TestApp {
    let app = builder.identity(Arc::new(FakeIdentity)).start().await;
    for org in [ORG_A, ORG_B] {
        set_setting(&app, org, "org_plan", "pro");
    }
    app
}

/// Mints an MCP key through the API as `admin` with `body`: `(id, raw key)`.
pub async fn mint_key(app: &TestApp, admin: &str, body: Value) -> (i64, String) {
    let (status, created) = api(app, "POST", "/api/mcp/keys", Some(admin), Some(body)).await;
    assert_eq!(status, 200, "{created}");
    (
        created["id"].as_i64().unwrap(),
        created["key"].as_str().unwrap().to_owned(),
    )
}

/// A JSON-RPC request body.
pub fn request(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
}

/// `POST /mcp/` with MCP client headers and an optional bearer key: `(status, body)`.
pub async fn post_mcp(app: &TestApp, key: Option<&str>, body: &Value) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url("/mcp/"))
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body).unwrap());
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// `tools/call` with `key`: the JSON-RPC `result`.
pub async fn call_tool(app: &TestApp, key: &str, tool: &str, arguments: Value) -> Value {
    let (status, body) = post_mcp(
        app,
        Some(key),
        &request("tools/call", json!({"name": tool, "arguments": arguments})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["result"].clone()
}

/// The text of a result's first content item.
pub fn first_text(result: &Value) -> String {
    result["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The tool names `tools/list` shows `key`.
pub async fn listed_tools(app: &TestApp, key: &str) -> Vec<String> {
    let (status, body) = post_mcp(app, Some(key), &request("tools/list", json!({}))).await;
    assert_eq!(status, 200, "{body}");
    let mut names: Vec<String> = body["result"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("no tools in {body}"))
        .iter()
        .map(|tool| tool["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}
