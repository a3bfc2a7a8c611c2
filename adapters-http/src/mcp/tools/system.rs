//! `get_system_status`.

use super::{ToolCall, ToolOutput};
use crate::routes::cameras::now;
use sentinel_application::blocking::unblock;
use sentinel_application::mcp::ToolResult;
use sentinel_application::mcp::tools::system::OnlineCounts;
use serde_json::{Value, json};

pub const TOOLS: &[&str] = &["get_system_status"];

pub async fn run(name: &str, call: &ToolCall) -> Option<ToolResult<ToolOutput>> {
    (name == "get_system_status").then_some(())?;
    Some(system_status(call).await)
}

async fn system_status(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, at) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        now(&call.state),
    );
    let status = unblock(move || tools.system_status(&org, at)).await?;
    Ok(ToolOutput::Object(json!({
        "org_id": status.org_id.as_str(),
        "plan": status.plan,
        "cameras": counts_json(status.cameras),
        "nodes": counts_json(status.nodes),
    })))
}

fn counts_json(counts: OnlineCounts) -> Value {
    json!({"total": counts.total, "online": counts.online, "offline": counts.offline})
}
