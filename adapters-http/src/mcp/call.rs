//! One `tools/call`: the use case ([`McpCalls`]) over this server's tool bodies
//! ([`tools::Bodies`]), encoded as the `tools/call` result.

use super::protocol;
use super::tools;
use crate::state::AppState;
use actix_web::web;
use sentinel_application::mcp::{Credentials, McpCalls};
use serde_json::Value;

/// Runs `name` for the caller and returns the `tools/call` result (tool failures are
/// `isError` results, never JSON-RPC errors).
pub async fn call_tool(
    state: &web::Data<AppState>,
    credentials: Credentials,
    name: &str,
    arguments: Option<Value>,
) -> Value {
    let calls = McpCalls::new(
        state.mcp.access.clone(),
        state.mcp.activity.clone(),
        state.clock.clone(),
    );
    let bodies = tools::Bodies {
        state: state.clone(),
    };
    match calls
        .call(&bodies, credentials, name, arguments.as_ref())
        .await
    {
        Ok(output) => protocol::tool_result(output),
        Err(message) => protocol::tool_error(&message),
    }
}
