//! `view_camera` and `watch_camera`: live JPEGs as MCP image content.

use super::{Frame, Image, ToolCall, ToolOutput};
use sentinel_application::mcp::ToolResult;
use sentinel_application::mcp::tools::snapshots::WatchFrame;
use std::time::Duration;

pub const TOOLS: &[&str] = &["view_camera", "watch_camera"];

pub async fn run(name: &str, call: &ToolCall) -> Option<ToolResult<ToolOutput>> {
    let result = match name {
        "view_camera" => view_camera(call).await,
        "watch_camera" => watch_camera(call).await,
        _ => return None,
    };
    Some(result)
}

async fn view_camera(call: &ToolCall) -> ToolResult<ToolOutput> {
    let jpeg = call
        .state
        .use_cases
        .mcp_tools
        .view_camera(&call.caller.org, &call.required_text("camera_id"))
        .await?;
    Ok(ToolOutput::Image(jpeg_image(jpeg)))
}

async fn watch_camera(call: &ToolCall) -> ToolResult<ToolOutput> {
    let count = usize::try_from(call.args.integer("count").unwrap_or(3)).unwrap_or(3);
    let interval = u64::try_from(call.args.integer("interval_seconds").unwrap_or(5)).unwrap_or(5);
    let frames = call
        .state
        .use_cases
        .mcp_tools
        .watch_camera(
            &call.caller.org,
            &call.required_text("camera_id"),
            count,
            Duration::from_secs(interval),
        )
        .await?;
    Ok(ToolOutput::Frames(
        frames
            .into_iter()
            .map(|frame| match frame {
                WatchFrame::Image(jpeg) => Frame::Image(jpeg_image(jpeg)),
                missing => Frame::Text(missing.text().unwrap_or_default()),
            })
            .collect(),
    ))
}

fn jpeg_image(data: Vec<u8>) -> Image {
    Image {
        data,
        mime_type: "image/jpeg".to_owned(),
    }
}
