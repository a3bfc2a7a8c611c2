//! `POST /mcp/` over real HTTP: transport checks, the handshake, `tools/list` per key scope,
//! tool calls and their errors, per-plan call limits on the manual clock, key kinds, the
//! Sentinel agent key, and org isolation of every read tool.

use crate::integration_api::seed_camera;
use crate::mcp_common::{
    ORG_A, ORG_B, call_tool, first_text, listed_tools, mcp_app, mcp_app_with, mint_key, post_mcp,
    request,
};
use crate::nodes_common::{ADMIN_A, ADMIN_B, api, set_setting, store};
use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::{CameraId, OrgId, UserId};
use sentinel_domain::live::StreamAccess;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::StreamAccessRepo;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const NODE_A: &str = "aaaa1111";
const CAM_A: &str = "cam_mcp_a";
const NODE_B: &str = "bbbb2222";
const CAM_B: &str = "cam_mcp_b";

/// An app with one node and camera in each org, and an all-tools key of org A.
async fn app_with_fleet() -> (TestApp, String) {
    let app = mcp_app().await;
    seed_camera(&app, ORG_A, NODE_A, "key-node-a", CAM_A, None);
    seed_camera(&app, ORG_B, NODE_B, "key-node-b", CAM_B, None);
    let (_, key) = mint_key(&app, ADMIN_A, json!({"name": "Claude"})).await;
    (app, key)
}

/// Sends raw HTTP/1.1 bytes and returns the status code and body.
async fn raw_http(app: &TestApp, head: &str, body: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    stream
        .write_all(format!("{head}\r\n\r\n{body}").as_bytes())
        .await
        .unwrap();
    let mut response = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut buffer))
                .await
                .unwrap()
                .unwrap();
        if read == 0 {
            break;
        }
        response.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&response);
        if let Some(end) = text.find("\r\n\r\n")
            && let Some(length) = text[..end].lines().find_map(|line| {
                line.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_owned)
            })
            && response.len() >= end + 4 + length.trim().parse::<usize>().unwrap()
        {
            break;
        }
    }
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[actix_web::test]
async fn transport_refuses_bad_headers_and_bodies() {
    let app = mcp_app().await;
    let host = format!("Host: {}", app.address);
    let (status, body) = raw_http(
        &app,
        &format!("POST /mcp/ HTTP/1.1\r\n{host}\r\nAccept: application/json\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close"),
        "2\r\n{}\r\n0\r\n\r\n",
    )
    .await;
    assert_eq!(status, 411, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"error": "Content-Length required."})
    );
    let (status, body) = raw_http(
        &app,
        &format!("POST /mcp/ HTTP/1.1\r\n{host}\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\nConnection: close"),
        "",
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["error"],
        "Request body too large (max 2 MB)."
    );

    let ping = serde_json::to_vec(&request("ping", json!({}))).unwrap();
    let send = |accept: &'static str, content_type: &'static str, body: Vec<u8>| {
        app.client
            .post(app.url("/mcp/"))
            .header("accept", accept)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let refused = send("text/html", "application/json", ping.clone())
        .await
        .unwrap();
    assert_eq!(refused.status(), 406);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["id"], Value::Null);
    assert_eq!(body["jsonrpc"], "2.0");
    assert_eq!(
        send("application/json", "text/plain", ping.clone())
            .await
            .unwrap()
            .status(),
        415
    );
    let unparsable = send("application/json", "application/json", b"{oops".to_vec())
        .await
        .unwrap();
    assert_eq!(unparsable.status(), 400);
    let body: Value = unparsable.json().await.unwrap();
    assert_eq!(body["error"]["code"], -32700);
    let invalid = send(
        "application/json",
        "application/json",
        b"{\"id\": 1}".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(invalid.status(), 400);
    assert_eq!(
        invalid.json::<Value>().await.unwrap()["error"]["code"],
        -32602
    );
    let wrong_version = app
        .client
        .post(app.url("/mcp"))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .header("mcp-protocol-version", "1999-01-01")
        .body(ping.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_version.status(), 400);
    let pinged = send("application/json", "application/json", ping)
        .await
        .unwrap();
    assert_eq!(pinged.status(), 200);
    assert_eq!(
        pinged.json::<Value>().await.unwrap(),
        json!({"jsonrpc": "2.0", "id": 1, "result": {}})
    );
}

#[actix_web::test]
async fn initialize_needs_no_key_and_notifications_get_202() {
    let app = mcp_app().await;
    let (status, body) = post_mcp(
        &app,
        None,
        &request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}),
        ),
    )
    .await;
    assert_eq!(status, 200);
    let result = &body["result"];
    assert_eq!(result["protocolVersion"], "2025-06-18");
    assert_eq!(result["serverInfo"]["name"], "Sentinel by SourceBox");
    assert!(result["capabilities"]["tools"].is_object());
    assert!(
        result["instructions"]
            .as_str()
            .unwrap()
            .contains("view_camera")
    );
    let (status, body) = post_mcp(
        &app,
        None,
        &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
    )
    .await;
    assert_eq!(status, 202);
    assert_eq!(body, Value::String(String::new()));
    let (status, body) = post_mcp(&app, None, &request("resources/list", json!({}))).await;
    assert_eq!(status, 200);
    assert_eq!(body["error"]["code"], -32601);
}

/// A browser loading `/mcp` gets the dashboard's MCP page; MCP clients get 405
/// (middleware.rs, `mcp_answers_other_methods_as_its_transport_says`).
#[actix_web::test]
async fn a_browser_loading_the_endpoint_gets_the_dashboard() {
    let app = mcp_app().await;
    for path in ["/mcp", "/mcp/"] {
        let response = app
            .client
            .get(app.url(path))
            .header("accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }
}

#[actix_web::test]
async fn tools_list_shows_exactly_the_keys_scope() {
    let app = mcp_app().await;
    let (_, all) = mint_key(&app, ADMIN_A, json!({"name": "all"})).await;
    let (_, readonly) = mint_key(
        &app,
        ADMIN_A,
        json!({"name": "ro", "scope_mode": "readonly"}),
    )
    .await;
    let (_, custom) = mint_key(
        &app,
        ADMIN_A,
        json!({"name": "custom", "scope_mode": "custom", "scope_tools": ["get_camera", "list_nodes"]}),
    )
    .await;
    let everything = listed_tools(&app, &all).await;
    assert!(everything.contains(&"set_camera_recording_policy".to_owned()));
    let read_only = listed_tools(&app, &readonly).await;
    assert!(!read_only.contains(&"set_camera_recording_policy".to_owned()));
    assert!(read_only.contains(&"list_cameras".to_owned()));
    assert!(read_only.len() < everything.len());
    assert_eq!(
        listed_tools(&app, &custom).await,
        ["get_camera", "list_nodes"]
    );

    let (_, body) = post_mcp(&app, Some(&all), &request("tools/list", json!({}))).await;
    let tools = body["result"]["tools"].as_array().unwrap();
    let list_cameras = tools.iter().find(|t| t["name"] == "list_cameras").unwrap();
    assert_eq!(list_cameras["annotations"]["readOnlyHint"], true);
    assert_eq!(list_cameras["outputSchema"]["x-fastmcp-wrap-result"], true);
    let writer = tools
        .iter()
        .find(|t| t["name"] == "set_camera_recording_policy")
        .unwrap();
    assert!(writer.get("annotations").is_none());
    assert_eq!(writer["inputSchema"]["required"], json!(["camera_id"]));

    // Deliberately stricter than the original: no listing without a valid key.
    for key in [None, Some("osc_00000000000000000000000000000000")] {
        let (status, body) = post_mcp(&app, key, &request("tools/list", json!({}))).await;
        assert_eq!(status, 200);
        assert_eq!(body["error"]["code"], -32001, "{body}");
        assert!(body.get("result").is_none());
    }
}

#[actix_web::test]
async fn read_tools_return_the_orgs_objects_in_fastmcp_encoding() {
    let (app, key) = app_with_fleet().await;
    let listed = call_tool(&app, &key, "list_cameras", json!({})).await;
    assert_eq!(listed["isError"], false);
    let cameras = listed["structuredContent"]["result"].as_array().unwrap();
    assert_eq!(cameras.len(), 1);
    assert_eq!(cameras[0]["camera_id"], CAM_A);
    let text: Value = serde_json::from_str(&first_text(&listed)).unwrap();
    assert_eq!(text, listed["structuredContent"]["result"]);

    let camera = call_tool(&app, &key, "get_camera", json!({"camera_id": CAM_A})).await;
    assert_eq!(camera["structuredContent"]["camera_id"], CAM_A);
    assert_eq!(camera["structuredContent"]["status"], "online");
    let url = call_tool(&app, &key, "get_stream_url", json!({"camera_id": CAM_A})).await;
    assert_eq!(
        url["structuredContent"]["stream_url"],
        format!("/api/cameras/{CAM_A}/stream.m3u8")
    );
    assert_eq!(url["structuredContent"]["format"], "HLS");
    let nodes = call_tool(&app, &key, "list_nodes", json!({})).await;
    assert_eq!(nodes["structuredContent"]["result"][0]["node_id"], NODE_A);
    let node = call_tool(&app, &key, "get_node", json!({"node_id": NODE_A})).await;
    assert_eq!(node["structuredContent"]["camera_count"], 1);
    let groups = call_tool(&app, &key, "list_camera_groups", json!({})).await;
    assert_eq!(groups["structuredContent"], json!({"result": []}));
    let status = call_tool(&app, &key, "get_system_status", json!({})).await;
    assert_eq!(
        status["structuredContent"],
        json!({"org_id": ORG_A, "plan": "pro",
               "cameras": {"total": 1, "online": 1, "offline": 0},
               "nodes": {"total": 1, "online": 1, "offline": 0}})
    );
    let policy = call_tool(
        &app,
        &key,
        "get_camera_recording_policy",
        json!({"camera_id": CAM_A}),
    )
    .await;
    assert_eq!(policy["structuredContent"]["continuous_24_7"], false);
}

#[actix_web::test]
async fn tool_errors_are_is_error_results_and_policy_errors_are_error_keys() {
    let (app, key) = app_with_fleet().await;
    let missing = call_tool(&app, &key, "get_camera", json!({"camera_id": "nope"})).await;
    assert_eq!(missing["isError"], true);
    assert_eq!(first_text(&missing), "Camera 'nope' not found");
    let missing_node = call_tool(&app, &key, "get_node", json!({"node_id": "nope"})).await;
    assert_eq!(first_text(&missing_node), "Node 'nope' not found");
    let bad_args = call_tool(&app, &key, "get_stream_logs", json!({"limit": 501})).await;
    assert_eq!(bad_args["isError"], true);
    assert!(first_text(&bad_args).contains("less than or equal to 500"));
    let unknown = call_tool(&app, &key, "view_audit_logs", json!({})).await;
    assert_eq!(unknown["isError"], true);
    assert_eq!(first_text(&unknown), "Unknown tool: 'view_audit_logs'");

    let not_found = call_tool(
        &app,
        &key,
        "get_camera_recording_policy",
        json!({"camera_id": "nope"}),
    )
    .await;
    assert_eq!(not_found["isError"], false);
    assert_eq!(
        not_found["structuredContent"],
        json!({"error": "camera_not_found", "camera_id": "nope"})
    );
    let bad_time = call_tool(
        &app,
        &key,
        "set_camera_recording_policy",
        json!({"camera_id": CAM_A, "scheduled_start": "25:00"}),
    )
    .await;
    assert_eq!(
        bad_time["structuredContent"]["error"],
        "invalid_time_format"
    );
    assert_eq!(bad_time["structuredContent"]["field"], "scheduled_start");
    let conflict = call_tool(
        &app,
        &key,
        "set_camera_recording_policy",
        json!({"camera_id": CAM_A, "continuous_24_7": true, "scheduled_recording": true}),
    )
    .await;
    assert_eq!(conflict["structuredContent"]["error"], "modes_conflict");
    let set = call_tool(
        &app,
        &key,
        "set_camera_recording_policy",
        json!({"camera_id": CAM_A, "scheduled_recording": true, "scheduled_start": "22:00", "scheduled_end": "06:30"}),
    )
    .await;
    assert_eq!(
        set["structuredContent"],
        json!({"success": true, "camera_id": CAM_A, "continuous_24_7": false,
               "scheduled_recording": true, "scheduled_start": "22:00", "scheduled_end": "06:30"})
    );
    let cleared = call_tool(
        &app,
        &key,
        "set_camera_recording_policy",
        json!({"camera_id": CAM_A, "scheduled_end": ""}),
    )
    .await;
    assert_eq!(cleared["structuredContent"]["scheduled_end"], Value::Null);
    assert_eq!(cleared["structuredContent"]["scheduled_start"], "22:00");
}

#[actix_web::test]
async fn a_readonly_key_cannot_call_write_tools() {
    let (app, _) = app_with_fleet().await;
    let (_, readonly) = mint_key(
        &app,
        ADMIN_A,
        json!({"name": "ro", "scope_mode": "readonly"}),
    )
    .await;
    let refused = call_tool(
        &app,
        &readonly,
        "set_camera_recording_policy",
        json!({"camera_id": CAM_A, "continuous_24_7": true}),
    )
    .await;
    assert_eq!(refused["isError"], true);
    assert_eq!(
        first_text(&refused),
        "Tool 'set_camera_recording_policy' is not enabled for this API key. Update the key's scope in the Sentinel dashboard or use a different key."
    );
    let policy = call_tool(
        &app,
        &readonly,
        "get_camera_recording_policy",
        json!({"camera_id": CAM_A}),
    )
    .await;
    assert_eq!(
        policy["structuredContent"]["continuous_24_7"], false,
        "the write never ran"
    );
    // Scope refusals are not logged; the read call is.
    let (_, logs) = api(&app, "GET", "/api/mcp/activity/logs", Some(ADMIN_A), None).await;
    let tools: Vec<&str> = logs["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["tool_name"].as_str().unwrap())
        .collect();
    assert_eq!(tools, ["get_camera_recording_policy"]);
}

#[actix_web::test]
async fn auth_errors_name_the_problem_and_integration_keys_are_refused() {
    let (app, _) = app_with_fleet().await;
    let (status, integration) = api(
        &app,
        "POST",
        "/api/integration/keys",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "{integration}");
    let osi = integration["key"].as_str().unwrap();
    let refused = call_tool(&app, osi, "list_cameras", json!({})).await;
    assert_eq!(
        first_text(&refused),
        "Unauthorized: invalid or revoked API key"
    );
    let (_, body) = post_mcp(&app, Some(osi), &request("tools/list", json!({}))).await;
    assert_eq!(body["error"]["code"], -32001);

    let (status, body) = post_mcp(
        &app,
        None,
        &request("tools/call", json!({"name": "list_cameras"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        first_text(&body["result"]),
        "Unauthorized: missing Bearer token"
    );
    let response = app
        .client
        .post(app.url("/mcp/"))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .header("authorization", "Basic dXNlcjpwYXNz")
        .body(serde_json::to_vec(&request("tools/call", json!({"name": "list_cameras"}))).unwrap())
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        first_text(&body["result"]),
        "Unauthorized: missing Bearer token"
    );

    // A revoked key stops at once.
    let (id, key) = mint_key(&app, ADMIN_A, json!({"name": "soon revoked"})).await;
    assert_eq!(
        call_tool(&app, &key, "list_cameras", json!({})).await["isError"],
        false
    );
    let (status, _) = api(
        &app,
        "DELETE",
        &format!("/api/mcp/keys/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let revoked = call_tool(&app, &key, "list_cameras", json!({})).await;
    assert_eq!(
        first_text(&revoked),
        "Unauthorized: invalid or revoked API key"
    );
}

#[actix_web::test]
async fn free_orgs_and_grace_expired_orgs_have_no_mcp() {
    let (app, key) = app_with_fleet().await;
    set_setting(&app, ORG_A, "org_plan", "free_org");
    let refused = call_tool(&app, &key, "list_cameras", json!({})).await;
    assert_eq!(
        first_text(&refused),
        "MCP requires a Pro or Pro Plus plan. Upgrade at /pricing."
    );
    set_setting(&app, ORG_A, "org_plan", "pro");
    set_setting(&app, ORG_A, "payment_past_due", "true");
    let since = (app.clock.now() - TimeDelta::days(8)).to_rfc3339();
    set_setting(&app, ORG_A, "payment_past_due_at", &since);
    let refused = call_tool(&app, &key, "list_cameras", json!({})).await;
    assert_eq!(
        first_text(&refused),
        "MCP requires a Pro or Pro Plus plan. Upgrade at /pricing."
    );
    // Within the grace period the plan still counts.
    let since = (app.clock.now() - TimeDelta::days(1)).to_rfc3339();
    set_setting(&app, ORG_A, "payment_past_due_at", &since);
    assert_eq!(
        call_tool(&app, &key, "list_cameras", json!({})).await["isError"],
        false
    );
}

#[actix_web::test]
async fn per_key_minute_and_day_windows_follow_the_clock() {
    let (app, key) = app_with_fleet().await;
    let (_, other) = mint_key(&app, ADMIN_A, json!({"name": "other"})).await;
    for _ in 0..30 {
        assert_eq!(
            call_tool(&app, &key, "get_system_status", json!({})).await["isError"],
            false
        );
    }
    let limited = call_tool(&app, &key, "get_system_status", json!({})).await;
    assert_eq!(
        first_text(&limited),
        "Rate limit exceeded: 30 calls/min allowed on the Pro plan. Try again shortly."
    );
    // Per key, not per org.
    assert_eq!(
        call_tool(&app, &other, "get_system_status", json!({})).await["isError"],
        false
    );
    app.clock.advance(TimeDelta::seconds(60));
    assert_eq!(
        call_tool(&app, &key, "get_system_status", json!({})).await["isError"],
        false
    );

    // Pro Plus allows 120 a minute.
    set_setting(&app, ORG_A, "org_plan", "pro_plus");
    app.clock.advance(TimeDelta::seconds(60));
    for _ in 0..120 {
        assert_eq!(
            call_tool(&app, &other, "list_camera_groups", json!({})).await["isError"],
            false
        );
    }
    let limited = call_tool(&app, &other, "list_camera_groups", json!({})).await;
    assert!(first_text(&limited).starts_with("Rate limit exceeded: 120 calls/min"));
}

#[actix_web::test]
async fn the_sentinel_agent_key_acts_for_the_override_org_within_its_gate() {
    let builder = TestApp::builder().env("SENTINEL_AGENT_MCP_KEY", "agent-secret-key");
    let app = mcp_app_with(builder).await;
    seed_camera(&app, ORG_A, NODE_A, "key-node-a", CAM_A, None);
    let call = |org: Option<&'static str>, tool: &'static str| {
        let mut request_builder = app
            .client
            .post(app.url("/mcp/"))
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .bearer_auth("agent-secret-key");
        if let Some(org) = org {
            request_builder = request_builder.header("x-agent-org-override", org);
        }
        request_builder
            .body(
                serde_json::to_vec(&request(
                    "tools/call",
                    json!({"name": tool, "arguments": {"camera_id": CAM_A}}),
                ))
                .unwrap(),
            )
            .send()
    };
    let body: Value = call(None, "list_cameras")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        first_text(&body["result"]),
        "Unauthorized: agent key requires X-Agent-Org-Override header"
    );
    let body: Value = call(Some(ORG_A), "list_cameras")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        first_text(&body["result"]),
        "Sentinel disabled for this org"
    );
    let db = &app;
    run_sql(
        db,
        &format!("INSERT INTO sentinel_config (org_id, enabled) VALUES ('{ORG_A}', FALSE)"),
    );
    run_sql(
        db,
        &format!(
            "INSERT INTO sentinel_runs (id, org_id, triggered_at, trigger_type, tool_call_count, outcome) VALUES ('r1', '{ORG_A}', '2026-11-27 11:00:00', 'motion', 0, 'running')"
        ),
    );
    let body: Value = call(Some(ORG_A), "list_cameras")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        first_text(&body["result"]).contains("disabled"),
        "a running motion run does not open a paused org"
    );
    run_sql(
        db,
        &format!(
            "INSERT INTO sentinel_runs (id, org_id, triggered_at, trigger_type, tool_call_count, outcome) VALUES ('r2', '{ORG_A}', '2026-11-27 11:00:00', 'manual', 0, 'running')"
        ),
    );
    let body: Value = call(Some(ORG_A), "list_cameras")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["result"]["isError"], false, "{body}");
    assert_eq!(
        body["result"]["structuredContent"]["result"][0]["camera_id"],
        CAM_A
    );
    // Never the recording policy writer.
    let body: Value = call(Some(ORG_A), "set_camera_recording_policy")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(first_text(&body["result"]).contains("is not enabled for this API key"));
    // Logged under the org as the agent.
    let (_, logs) = api(&app, "GET", "/api/mcp/activity/logs", Some(ADMIN_A), None).await;
    assert_eq!(logs["logs"][0]["key_name"], "<sentinel-agent>");
    // Org B is not on a paid plan here: the agent is refused there.
    set_setting(&app, ORG_B, "org_plan", "free_org");
    let body: Value = call(Some(ORG_B), "list_cameras")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        first_text(&body["result"]).contains("not on a Sentinel-eligible plan (plan='free_org')")
    );
}

fn run_sql(app: &TestApp, sql: &str) {
    use diesel::RunQueryDsl;
    let mut conn = app.sql();
    diesel::sql_query(sql).execute(&mut conn).unwrap();
}

#[actix_web::test]
async fn org_b_keys_never_see_org_a_cameras_nodes_or_logs() {
    let (app, _) = app_with_fleet().await;
    let (_, key_b) = mint_key(&app, ADMIN_B, json!({"name": "B"})).await;
    let at: NaiveDateTime = app.clock.now().naive_utc();
    StreamAccessRepo::record_stream_accesses(
        &store(&app),
        &OrgId::new(ORG_A),
        &[StreamAccess {
            user_id: UserId::new("user_a"),
            user_email: "a@example.test".into(),
            camera_id: CameraId::new(CAM_A),
            node_ref: "1".into(),
            ip_address: None,
            user_agent: None,
            accessed_at: at,
        }],
    )
    .unwrap();
    let cameras = call_tool(&app, &key_b, "list_cameras", json!({})).await;
    let ids: Vec<&str> = cameras["structuredContent"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["camera_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [CAM_B]);
    for (tool, args, message) in [
        (
            "get_camera",
            json!({"camera_id": CAM_A}),
            format!("Camera '{CAM_A}' not found"),
        ),
        (
            "get_stream_url",
            json!({"camera_id": CAM_A}),
            format!("Camera '{CAM_A}' not found"),
        ),
        (
            "get_node",
            json!({"node_id": NODE_A}),
            format!("Node '{NODE_A}' not found"),
        ),
    ] {
        let result = call_tool(&app, &key_b, tool, args).await;
        assert_eq!(first_text(&result), message, "{tool}");
    }
    let nodes = call_tool(&app, &key_b, "list_nodes", json!({})).await;
    assert_eq!(
        nodes["structuredContent"]["result"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(nodes["structuredContent"]["result"][0]["node_id"], NODE_B);
    let policy = call_tool(
        &app,
        &key_b,
        "set_camera_recording_policy",
        json!({"camera_id": CAM_A, "continuous_24_7": true}),
    )
    .await;
    assert_eq!(policy["structuredContent"]["error"], "camera_not_found");
    let logs = call_tool(&app, &key_b, "get_stream_logs", json!({})).await;
    assert_eq!(logs["structuredContent"], json!({"result": []}));
    let stats = call_tool(&app, &key_b, "get_stream_stats", json!({})).await;
    assert_eq!(stats["structuredContent"]["total_views"], 0);
    let status = call_tool(&app, &key_b, "get_system_status", json!({})).await;
    assert_eq!(status["structuredContent"]["org_id"], ORG_B);

    // Org A sees its own access.
    let (_, key_a) = mint_key(&app, ADMIN_A, json!({"name": "A2"})).await;
    let logs = call_tool(&app, &key_a, "get_stream_logs", json!({"camera_id": CAM_A})).await;
    assert_eq!(
        logs["structuredContent"]["result"][0]["user_email"],
        "a@example.test"
    );
    let stats = call_tool(&app, &key_a, "get_stream_stats", json!({"days": 1})).await;
    assert_eq!(
        stats["structuredContent"],
        json!({"days": 1, "total_views": 1,
               "by_camera": [{"camera_id": CAM_A, "views": 1}],
               "by_user": [{"user_id": "user_a", "email": "a@example.test", "views": 1}]})
    );
}

#[actix_web::test]
async fn the_pre_auth_gate_allows_600_requests_a_minute_per_client() {
    let app = mcp_app().await;
    let ping = request("ping", json!({}));
    for _ in 0..600 {
        let (status, _) = post_mcp(&app, None, &ping).await;
        assert_eq!(status, 200);
    }
    let refused = app
        .client
        .post(app.url("/mcp/"))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&ping).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "60");
    assert_eq!(
        refused.json::<Value>().await.unwrap(),
        json!({"error": "Too many requests. Slow down and retry shortly."})
    );
}
