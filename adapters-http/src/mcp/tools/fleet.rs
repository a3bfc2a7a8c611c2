//! `list_cameras`, `get_camera`, `get_stream_url`, `list_camera_groups`, `list_nodes`,
//! `get_node`, and the recording policy reader and writer. Camera and node objects are
//! the REST API's.

use super::{ToolCall, ToolOutput};
use crate::routes::cameras::{camera_json, now};
use crate::routes::nodes::node_json;
use sentinel_application::blocking::unblock;
use sentinel_application::cameras::{DEFAULT_GROUP_COLOR, DEFAULT_GROUP_ICON};
use sentinel_application::mcp::ToolResult;
use sentinel_application::mcp::tools::fleet::{self, PolicyChange, PolicyOutcome};
use sentinel_domain::fleet::{CameraGroupListing, RecordingPolicy};
use serde_json::{Value, json};

pub const TOOLS: &[&str] = &[
    "list_cameras",
    "get_camera",
    "get_stream_url",
    "list_camera_groups",
    "list_nodes",
    "get_node",
    "get_camera_recording_policy",
    "set_camera_recording_policy",
];

pub async fn run(name: &str, call: &ToolCall) -> Option<ToolResult<ToolOutput>> {
    let result = match name {
        "list_cameras" => list_cameras(call).await,
        "get_camera" => get_camera(call).await,
        "get_stream_url" => get_stream_url(call).await,
        "list_camera_groups" => list_groups(call).await,
        "list_nodes" => list_nodes(call).await,
        "get_node" => get_node(call).await,
        "get_camera_recording_policy" => get_policy(call).await,
        "set_camera_recording_policy" => set_policy(call).await,
        _ => return None,
    };
    Some(result)
}

async fn list_cameras(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
    );
    let cameras = unblock(move || tools.list_cameras(&org)).await?;
    let at = now(&call.state);
    Ok(ToolOutput::List(
        cameras.iter().map(|c| camera_json(c, at)).collect(),
    ))
}

async fn get_camera(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        call.required_text("camera_id"),
    );
    let camera = unblock(move || tools.get_camera(&org, &id)).await?;
    Ok(ToolOutput::Object(camera_json(&camera, now(&call.state))))
}

async fn get_stream_url(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        call.required_text("camera_id"),
    );
    let url = unblock(move || tools.stream_url(&org, &id)).await?;
    Ok(ToolOutput::Object(json!({
        "camera_id": url.camera_id,
        "stream_url": url.stream_url,
        "format": url.format,
        "note": url.note,
    })))
}

async fn list_groups(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
    );
    let groups = unblock(move || tools.list_groups(&org)).await?;
    Ok(ToolOutput::List(groups.iter().map(group_json).collect()))
}

async fn list_nodes(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
    );
    let nodes = unblock(move || tools.list_nodes(&org)).await?;
    let at = now(&call.state);
    Ok(ToolOutput::List(
        nodes.iter().map(|n| node_json(n, at)).collect(),
    ))
}

async fn get_node(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        call.required_text("node_id"),
    );
    let node = unblock(move || tools.get_node(&org, &id)).await?;
    Ok(ToolOutput::Object(node_json(&node, now(&call.state))))
}

async fn get_policy(call: &ToolCall) -> ToolResult<ToolOutput> {
    let camera_id = call.required_text("camera_id");
    let (tools, org, id) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        camera_id.clone(),
    );
    let policy = unblock(move || tools.recording_policy(&org, &id)).await?;
    Ok(ToolOutput::Object(match policy {
        Some(policy) => policy_json(&camera_id, &policy),
        None => camera_not_found(&camera_id),
    }))
}

async fn set_policy(call: &ToolCall) -> ToolResult<ToolOutput> {
    let camera_id = call.required_text("camera_id");
    let change = PolicyChange {
        continuous_24_7: call.args.flag("continuous_24_7"),
        scheduled_recording: call.args.flag("scheduled_recording"),
        scheduled_start: call.args.text("scheduled_start").map(str::to_owned),
        scheduled_end: call.args.text("scheduled_end").map(str::to_owned),
    };
    let (tools, org, id) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        camera_id.clone(),
    );
    let outcome = unblock(move || tools.set_recording_policy(&org, &id, &change)).await?;
    // Failures of this tool are results with an `error` key, not `isError` (mcp.md §8).
    Ok(ToolOutput::Object(match outcome {
        PolicyOutcome::Updated(policy) => {
            let mut body = policy_json(&camera_id, &policy);
            if let Some(fields) = body.as_object_mut() {
                fields.insert("success".into(), json!(true));
            }
            body
        }
        PolicyOutcome::CameraNotFound => camera_not_found(&camera_id),
        PolicyOutcome::InvalidTime { field, value } => json!({
            "error": "invalid_time_format",
            "field": field,
            "value": value,
            "expected": "HH:MM 24-hour, e.g. 08:30",
        }),
        PolicyOutcome::ModesConflict => json!({
            "error": "modes_conflict",
            "message": fleet::MODES_CONFLICT,
        }),
    }))
}

fn policy_json(camera_id: &str, policy: &RecordingPolicy) -> Value {
    json!({
        "camera_id": camera_id,
        "continuous_24_7": policy.continuous_24_7,
        "scheduled_recording": policy.scheduled_recording,
        "scheduled_start": policy.scheduled_start,
        "scheduled_end": policy.scheduled_end,
    })
}

fn camera_not_found(camera_id: &str) -> Value {
    json!({"error": "camera_not_found", "camera_id": camera_id})
}

/// The CameraGroup object, as `GET /api/camera-groups` shows it.
fn group_json(listing: &CameraGroupListing) -> Value {
    let group = &listing.group;
    json!({
        "id": group.id,
        "name": group.name,
        "color": group.color.as_deref().unwrap_or(DEFAULT_GROUP_COLOR),
        "icon": group.icon.as_deref().unwrap_or(DEFAULT_GROUP_ICON),
        "camera_count": listing.camera_count,
    })
}
