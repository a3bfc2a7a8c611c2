//! One `tools/call` (mcp.md §1–§5): the scope check (no unit consumed, not logged), the
//! argument check (not logged), then the tracked part: authorisation, the tool body, and
//! the activity event whatever the outcome.

use super::protocol;
use super::tools::{self, ToolCall, ToolOutput};
use crate::state::AppState;
use actix_web::web;
use sentinel_application::mcp::{Credentials, FinishedCall, Refusal, ToolError, ToolResult};
use sentinel_domain::ids::OrgId;
use sentinel_domain::mcp::activity::summarise_arguments;
use sentinel_domain::mcp::scope::not_enabled_message;
use sentinel_domain::mcp::{BoundArguments, ToolSpec, find_tool};
use serde_json::Value;
use std::time::Instant;

/// Runs `name` for the caller and returns the `tools/call` result (tool failures are
/// `isError` results, never JSON-RPC errors).
pub async fn call_tool(
    state: &web::Data<AppState>,
    credentials: Credentials,
    name: &str,
    arguments: Option<Value>,
) -> Value {
    let Some(spec) = find_tool(name).filter(|spec| tools::is_served(spec.name)) else {
        return protocol::tool_error(&format!("Unknown tool: '{name}'"));
    };
    if let Some(refusal) = scope_refusal(state, &credentials, spec).await {
        return protocol::tool_error(&refusal);
    }
    let args = match spec.bind(arguments.as_ref()) {
        Ok(args) => args,
        Err(error) => return protocol::tool_error(&error.to_string()),
    };
    let args_summary = summarise_arguments(&args.present(spec));
    let started_at = state.clock.now();
    let timer = Instant::now();
    let (outcome, org, key_name) = authorise_and_run(state, spec, credentials, args).await;
    let error = outcome.as_ref().err().map(|error| shown_error(spec, error));
    record(
        state,
        FinishedCall {
            tool_name: spec.name.to_owned(),
            org,
            key_name,
            started_at,
            duration_ms: i64::try_from(timer.elapsed().as_millis()).unwrap_or(i64::MAX),
            error: error.clone(),
            args_summary,
        },
    )
    .await;
    match outcome {
        Ok(output) => protocol::tool_result(output),
        Err(_) => protocol::tool_error(&error.unwrap_or_default()),
    }
}

/// The tracked part of a call: the tool's own argument checks, the caller's key, plan and
/// call limits, then the tool. Returns the outcome and the org/key it is logged under
/// (empty when the call failed before the key was recognised).
async fn authorise_and_run(
    state: &web::Data<AppState>,
    spec: &ToolSpec,
    credentials: Credentials,
    args: BoundArguments,
) -> (ToolResult<ToolOutput>, OrgId, String) {
    let access = state.mcp.access.clone();
    let authorised = match tools::precheck(spec.name, &args) {
        Ok(()) => web::block(move || access.authorize_call(&credentials))
            .await
            .unwrap_or_else(|error| Err(Refusal::failed(error.to_string()))),
        Err(error) => Err(Refusal::failed(error.to_string())),
    };
    match authorised {
        Ok(caller) => {
            let (org, key_name) = (caller.org.clone(), caller.key_name.clone());
            let call = ToolCall {
                state: state.clone(),
                caller,
                args,
            };
            (tools::run(spec.name, &call).await, org, key_name)
        }
        Err(refusal) => (
            Err(ToolError::Refused(refusal.message)),
            refusal.org.unwrap_or_else(|| OrgId::new("")),
            refusal.key_name.unwrap_or_default(),
        ),
    }
}

/// The refusal of a tool outside the caller's scope; `None` when allowed or when the
/// caller is not recognised (the tool's own authorisation then words the error).
async fn scope_refusal(
    state: &web::Data<AppState>,
    credentials: &Credentials,
    spec: &ToolSpec,
) -> Option<String> {
    let access = state.mcp.access.clone();
    let credentials = credentials.clone();
    let caller = web::block(move || access.identify(&credentials))
        .await
        .ok()?
        .ok()?;
    (!caller.allowed.contains(spec.name)).then(|| not_enabled_message(spec.name))
}

/// What the caller reads: refusals as they are, other failures behind the tool's name.
fn shown_error(spec: &ToolSpec, error: &ToolError) -> String {
    match error {
        ToolError::Refused(message) => message.clone(),
        ToolError::Failed(message) => format!("Error calling tool '{}': {message}", spec.name),
    }
}

/// Logs the call; a failure here never reaches the caller.
async fn record(state: &web::Data<AppState>, call: FinishedCall) {
    let activity = state.mcp.activity.clone();
    if let Err(error) = web::block(move || activity.record(call)).await {
        tracing::warn!(%error, "MCP activity not recorded");
    }
}
