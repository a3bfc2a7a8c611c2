//! The MCP server driven by a real MCP client: the official Python SDK
//! (`tests/mcp_client/check_server.py`) against the app on a loopback port, with a camera
//! node simulated over the real wire protocol (`sentinel simulate-node`'s code) so that
//! `view_camera` returns the node's actual JPEG. Ignored, saying why, when the `mcp` Python
//! package is not installed (tests/build.rs); under `CI` a missing package fails it.

use crate::mcp_common::{ORG_A, mcp_app, mint_key};
use crate::nodes_common::{ADMIN_A, create_node};
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::node_commands::NodeCommands;
use sentinel_simulator::{SimulatorArgs, run as simulate};
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::process::Command;
use std::time::Duration;

/// The simulator's snapshot, which `view_camera` must hand back byte for byte.
const JPEG: &[u8] = include_bytes!("../../../simulator/fixtures/snapshot.jpg");

fn python_has_mcp() -> Result<(), String> {
    match Command::new("python3").args(["-c", "import mcp"]).output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(String::from_utf8_lossy(&output.stderr).trim().to_owned()),
        Err(error) => Err(format!("python3 not runnable: {error}")),
    }
}

/// Starts a simulated node for a node created through the API; waits until its socket is
/// up and it has registered its camera.
async fn simulated_node(app: &TestApp) -> String {
    let (node_id, api_key) = create_node(app, ADMIN_A, Some("Simulated")).await;
    let args = SimulatorArgs {
        node_id: Some(node_id.clone()),
        api_key: Some(api_key),
        api_url: app.base_url.clone(),
        cameras: 1,
        create_nodes: None,
        heartbeat_interval: 30,
        duration: Some(300),
        motion_every: 0,
        orgs: 1,
        segment_bytes: None,
    };
    actix_web::rt::spawn(async move {
        if let Err(error) = simulate(args).await {
            panic!("simulator failed: {error}");
        }
    });
    let node = NodeId::new(&node_id);
    for _ in 0..100 {
        if app.state.node_sockets.is_connected(&node) {
            return node_id;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the simulated node never connected its socket");
}

#[actix_web::test]
#[cfg_attr(
    not(python_mcp),
    ignore = "the `mcp` Python package is not importable: pip install mcp, then touch tests/build.rs"
)]
async fn the_official_python_client_lists_tools_and_sees_through_a_camera() {
    // Under CI the build script takes the package as present; say plainly if it is not.
    if let Err(reason) = python_has_mcp() {
        panic!("the `mcp` Python package is not importable ({reason}); pip install mcp");
    }
    let app = mcp_app().await;
    let node_id = simulated_node(&app).await;
    let (_, key) = mint_key(&app, ADMIN_A, json!({"name": "python sdk"})).await;
    let script = format!("{}/mcp_client/check_server.py", env!("CARGO_MANIFEST_DIR"));
    let url = app.url("/mcp/");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .arg(script)
            .arg(url)
            .arg(key)
            .output()
    })
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "client failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();

    assert_eq!(report["server_name"], "Sentinel by SourceBox");
    assert_eq!(report["has_tools_capability"], true);
    let tools: Vec<&str> = report["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tools.len(), 23, "{tools:?}");
    assert!(tools.contains(&"view_camera") && tools.contains(&"create_incident"));

    let cameras = &report["list_cameras"];
    assert_eq!(cameras["isError"], false);
    let listed = cameras["structuredContent"]["result"].as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["node_id"], node_id.as_str());
    assert_eq!(report["camera_ids"].as_array().unwrap().len(), 1);

    let view = &report["view_camera"];
    assert_eq!(view["isError"], false, "{view}");
    assert_eq!(
        view["content"],
        json!([{"type": "image", "mimeType": "image/jpeg", "bytes": JPEG.len(),
                "jpeg_soi": true, "jpeg_eoi": true}])
    );

    let missing = &report["get_missing_camera"];
    assert_eq!(missing["isError"], true);
    assert_eq!(
        missing["content"][0]["text"],
        "Camera 'no-such-camera' not found"
    );

    // The calls were logged for the org.
    let (_, logs) =
        crate::nodes_common::api(&app, "GET", "/api/mcp/activity/logs", Some(ADMIN_A), None).await;
    let tools_called: Vec<&str> = logs["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["tool_name"].as_str().unwrap())
        .collect();
    assert_eq!(tools_called, ["get_camera", "view_camera", "list_cameras"]);
    assert!(
        logs["logs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["org_id"] == ORG_A)
    );
}
