//! MCP tools that reach a camera node over its WebSocket (`view_camera`, `watch_camera`,
//! `attach_snapshot`) and the incident tools end to end, with a node socket driven by the
//! test.

use crate::integration_api::seed_camera;
use crate::mcp_common::{ORG_A, call_tool, first_text, mcp_app, mint_key, post_mcp, request};
use crate::nodes_common::{
    ADMIN_A, ADMIN_B, answer_command, api, connect_node_socket, next_command,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sentinel_tests::TestApp;
use serde_json::{Value, json};

const JPEG: &[u8] = include_bytes!("../../../simulator/fixtures/snapshot.jpg");
const NODE: &str = "cccc3333";
const NODE_KEY: &str = "key-node-c";
const CAM: &str = "cam_live_0";

/// `tools/call` sent in the background, so the test can answer the node command it causes.
fn call_in_background(
    app: &TestApp,
    key: &str,
    tool: &str,
    arguments: Value,
) -> actix_web::rt::task::JoinHandle<Value> {
    let client = app.client.clone();
    let url = app.url("/mcp/");
    let body = request("tools/call", json!({"name": tool, "arguments": arguments}));
    let key = key.to_owned();
    actix_web::rt::spawn(async move {
        let response = client
            .post(url)
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .bearer_auth(key)
            .body(serde_json::to_vec(&body).unwrap())
            .send()
            .await
            .unwrap();
        response.json::<Value>().await.unwrap()["result"].clone()
    })
}

fn jpeg_answer() -> Value {
    json!({"status": "success", "data": {"image_b64": STANDARD.encode(JPEG), "size_bytes": JPEG.len()}})
}

#[actix_web::test]
async fn view_camera_returns_the_nodes_jpeg_as_image_content() {
    let app = mcp_app().await;
    seed_camera(&app, ORG_A, NODE, NODE_KEY, CAM, None);
    let (_, key) = mint_key(&app, ADMIN_A, json!({"name": "viewer"})).await;
    let offline = call_tool(&app, &key, "view_camera", json!({"camera_id": CAM})).await;
    assert_eq!(offline["isError"], true);
    assert_eq!(
        first_text(&offline),
        format!("Node '{NODE}' is offline — cannot capture snapshot")
    );

    let mut socket = connect_node_socket(&app, NODE, NODE_KEY).await;
    let pending = call_in_background(&app, &key, "view_camera", json!({"camera_id": CAM}));
    let command = next_command(&mut socket).await;
    assert_eq!(command["command"], "take_snapshot");
    assert_eq!(command["payload"], json!({"camera_id": CAM}));
    answer_command(&mut socket, &command, jpeg_answer()).await;
    let result = pending.await.unwrap();
    assert_eq!(result["isError"], false);
    assert_eq!(result["content"].as_array().unwrap().len(), 1);
    assert_eq!(result["content"][0]["type"], "image");
    assert_eq!(result["content"][0]["mimeType"], "image/jpeg");
    assert_eq!(
        STANDARD
            .decode(result["content"][0]["data"].as_str().unwrap())
            .unwrap(),
        JPEG
    );
    assert!(result.get("structuredContent").is_none());

    // A node without video says so.
    let pending = call_in_background(&app, &key, "view_camera", json!({"camera_id": CAM}));
    let command = next_command(&mut socket).await;
    answer_command(
        &mut socket,
        &command,
        json!({"status": "error", "error": "No segments found"}),
    )
    .await;
    let result = pending.await.unwrap();
    assert!(
        first_text(&result).contains("has no active video stream"),
        "{result}"
    );

    // Another org's key cannot look through this camera.
    let (_, key_b) = mint_key(&app, ADMIN_B, json!({"name": "B"})).await;
    let foreign = call_tool(&app, &key_b, "view_camera", json!({"camera_id": CAM})).await;
    assert_eq!(first_text(&foreign), format!("Camera '{CAM}' not found"));
}

#[actix_web::test]
async fn watch_camera_reports_each_frame_in_order() {
    let app = mcp_app().await;
    seed_camera(&app, ORG_A, NODE, NODE_KEY, CAM, None);
    let (_, key) = mint_key(&app, ADMIN_A, json!({"name": "watcher"})).await;
    let mut socket = connect_node_socket(&app, NODE, NODE_KEY).await;
    let pending = call_in_background(
        &app,
        &key,
        "watch_camera",
        json!({"camera_id": CAM, "count": 2, "interval_seconds": 1}),
    );
    let first = next_command(&mut socket).await;
    answer_command(&mut socket, &first, jpeg_answer()).await;
    let second = next_command(&mut socket).await;
    // Unlike view_camera, an error answer is just "no image".
    answer_command(
        &mut socket,
        &second,
        json!({"status": "error", "error": "ffmpeg died"}),
    )
    .await;
    let result = pending.await.unwrap();
    assert_eq!(result["isError"], false, "{result}");
    let content = result["content"].as_array().unwrap();
    assert_eq!(content.len(), 2);
    assert_eq!(content[0]["type"], "image");
    assert_eq!(
        content[1],
        json!({"type": "text", "text": "[Frame 2] No image data returned"})
    );

    let pending = call_in_background(
        &app,
        &key,
        "watch_camera",
        json!({"camera_id": CAM, "count": 2, "interval_seconds": 1}),
    );
    for _ in 0..2 {
        let command = next_command(&mut socket).await;
        answer_command(
            &mut socket,
            &command,
            json!({"status": "success", "data": {}}),
        )
        .await;
    }
    let result = pending.await.unwrap();
    assert_eq!(result["isError"], true);
    assert_eq!(
        first_text(&result),
        "Failed to capture any snapshots — check node status"
    );
    let too_many = call_tool(
        &app,
        &key,
        "watch_camera",
        json!({"camera_id": CAM, "count": 11}),
    )
    .await;
    assert!(first_text(&too_many).contains("count"));
}

#[actix_web::test]
async fn incident_tools_file_collect_evidence_and_close() {
    let app = mcp_app().await;
    seed_camera(&app, ORG_A, NODE, NODE_KEY, CAM, None);
    let (_, key) = mint_key(&app, ADMIN_A, json!({"name": "Agent"})).await;

    let created = call_tool(
        &app,
        &key,
        "create_incident",
        json!({"title": "Person at the door", "summary": "Someone lingered", "severity": "high", "camera_id": CAM}),
    )
    .await;
    assert_eq!(created["isError"], false, "{created}");
    let incident = &created["structuredContent"];
    assert_eq!(incident["created_by"], "mcp:Agent");
    assert_eq!(incident["status"], "open");
    let id = incident["id"].as_i64().unwrap();

    let observed = call_tool(
        &app,
        &key,
        "add_observation",
        json!({"incident_id": id, "text": "Left at 12:03"}),
    )
    .await;
    assert_eq!(observed["structuredContent"]["kind"], "observation");

    let mut socket = connect_node_socket(&app, NODE, NODE_KEY).await;
    let pending = call_in_background(
        &app,
        &key,
        "attach_snapshot",
        json!({"incident_id": id, "camera_id": CAM, "note": " door "}),
    );
    let command = next_command(&mut socket).await;
    answer_command(&mut socket, &command, jpeg_answer()).await;
    let attached = pending.await.unwrap();
    assert_eq!(attached["isError"], false, "{attached}");
    let evidence_id = attached["structuredContent"]["id"].as_i64().unwrap();
    assert_eq!(attached["structuredContent"]["kind"], "snapshot");

    let image = call_tool(
        &app,
        &key,
        "get_incident_snapshot",
        json!({"incident_id": id, "evidence_id": evidence_id}),
    )
    .await;
    assert_eq!(image["content"][0]["mimeType"], "image/jpeg");
    assert_eq!(
        STANDARD
            .decode(image["content"][0]["data"].as_str().unwrap())
            .unwrap(),
        JPEG
    );
    let not_clip = call_tool(
        &app,
        &key,
        "get_incident_clip",
        json!({"incident_id": id, "evidence_id": evidence_id}),
    )
    .await;
    assert_eq!(
        first_text(&not_clip),
        format!("Evidence {evidence_id} is not a clip with attached video data")
    );
    let no_buffer = call_tool(
        &app,
        &key,
        "attach_clip",
        json!({"incident_id": id, "camera_id": CAM}),
    )
    .await;
    assert!(
        first_text(&no_buffer).starts_with(&format!("No buffered segments for camera '{CAM}'"))
    );

    let detail = call_tool(&app, &key, "get_incident", json!({"incident_id": id})).await;
    assert_eq!(
        detail["structuredContent"]["evidence"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let listed = call_tool(&app, &key, "list_incidents", json!({"status": "open"})).await;
    assert_eq!(listed["structuredContent"]["total"], 1);
    assert_eq!(listed["structuredContent"]["returned"], 1);
    assert_eq!(
        listed["structuredContent"]["incidents"][0]["has_report"],
        false
    );
    assert!(
        listed["structuredContent"]["incidents"][0]
            .get("report")
            .is_none()
    );

    let resolved = call_tool(
        &app,
        &key,
        "update_incident",
        json!({"incident_id": id, "status": "resolved"}),
    )
    .await;
    assert_eq!(resolved["structuredContent"]["resolved_by"], "mcp:Agent");
    let finalized = call_tool(
        &app,
        &key,
        "finalize_incident",
        json!({"incident_id": id, "report": "  All clear.  "}),
    )
    .await;
    assert_eq!(finalized["structuredContent"]["report"], "All clear.");
    let again = call_tool(
        &app,
        &key,
        "finalize_incident",
        json!({"incident_id": id, "report": "More"}),
    )
    .await;
    assert!(first_text(&again).starts_with(&format!("Incident {id} already has a report.")));

    // Org B sees none of it.
    let (_, key_b) = mint_key(&app, ADMIN_B, json!({"name": "B"})).await;
    let foreign = call_tool(&app, &key_b, "get_incident", json!({"incident_id": id})).await;
    assert_eq!(first_text(&foreign), format!("Incident {id} not found"));
    let listed_b = call_tool(&app, &key_b, "list_incidents", json!({})).await;
    assert_eq!(listed_b["structuredContent"]["total"], 0);
}

#[actix_web::test]
async fn incident_arguments_are_checked_before_the_key_and_logged_without_an_org() {
    let app = mcp_app().await;
    let (_, body) = post_mcp(
        &app,
        Some("osc_not_a_real_key_at_all_0000000000"),
        &request(
            "tools/call",
            json!({"name": "list_incidents", "arguments": {"status": "closed"}}),
        ),
    )
    .await;
    assert_eq!(
        first_text(&body["result"]),
        "Invalid status 'closed'. Must be one of: open, acknowledged, resolved, dismissed"
    );
    let (_, key) = mint_key(&app, ADMIN_A, json!({"name": "Agent"})).await;
    let blank = call_tool(
        &app,
        &key,
        "create_incident",
        json!({"title": " ", "summary": "s"}),
    )
    .await;
    assert_eq!(first_text(&blank), "title is required");
    // Neither reached the org: its log is empty.
    let (_, logs) = api(&app, "GET", "/api/mcp/activity/logs", Some(ADMIN_A), None).await;
    assert_eq!(logs["total"], 0, "{logs}");
}
