//! `get_stream_logs` and `get_stream_stats`.

use super::{ToolCall, ToolOutput};
use crate::routes::cameras::now;
use crate::routes::stream_logs::log_json;
use sentinel_application::blocking::unblock;
use sentinel_application::mcp::ToolResult;
use serde_json::json;

pub const TOOLS: &[&str] = &["get_stream_logs", "get_stream_stats"];

pub async fn run(name: &str, call: &ToolCall) -> Option<ToolResult<ToolOutput>> {
    let result = match name {
        "get_stream_logs" => stream_logs(call).await,
        "get_stream_stats" => stream_stats(call).await,
        _ => return None,
    };
    Some(result)
}

async fn stream_logs(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
    );
    let camera_id = call.args.text("camera_id").map(str::to_owned);
    let limit = call.args.integer("limit").unwrap_or(50);
    let entries = unblock(move || tools.stream_logs(&org, camera_id.as_deref(), limit)).await?;
    Ok(ToolOutput::List(entries.iter().map(log_json).collect()))
}

async fn stream_stats(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, at) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        now(&call.state),
    );
    let days = call.args.integer("days").unwrap_or(7);
    let counts = unblock(move || tools.stream_stats(&org, days, at)).await?;
    Ok(ToolOutput::Object(json!({
        "days": days,
        "total_views": counts.total_views,
        "by_camera": counts
            .by_camera
            .iter()
            .map(|(camera_id, views)| json!({"camera_id": camera_id, "views": views}))
            .collect::<Vec<_>>(),
        "by_user": counts
            .by_user
            .iter()
            .map(|(user_id, email, views)| json!({"user_id": user_id, "email": email, "views": views}))
            .collect::<Vec<_>>(),
    })))
}
