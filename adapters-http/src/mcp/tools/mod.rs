//! The tools this server runs, one module per group: each decodes its bound arguments,
//! calls the ports use case off the async runtime and encodes the result in the shape the
//! catalog declares. A group lists its tools in `TOOLS`; a catalog tool no group serves is
//! neither listed nor callable.

mod fleet;
mod incidents;
mod snapshots;
mod streams;
mod system;

use crate::state::AppState;
use actix_web::web;
use async_trait::async_trait;
use sentinel_application::mcp::{McpCaller, ToolBodies, ToolError, ToolResult};
use sentinel_domain::mcp::BoundArguments;
use serde_json::Value;

/// What a tool returns, before the wire encoding.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolOutput {
    /// A `dict`.
    Object(Value),
    /// A `list[dict]`.
    List(Vec<Value>),
    Image(Image),
    /// An unannotated list of images and texts (`watch_camera`).
    Frames(Vec<Frame>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub data: Vec<u8>,
    pub mime_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    Image(Image),
    Text(String),
}

/// One authorised call: who is calling and with what.
pub struct ToolCall {
    pub state: web::Data<AppState>,
    pub caller: McpCaller,
    pub args: BoundArguments,
}

impl ToolCall {
    /// A text argument the schema requires (validated before the call).
    fn required_text(&self, name: &str) -> String {
        self.args.text(name).unwrap_or_default().to_owned()
    }
}

/// This server's tool bodies, for the `tools/call` use case.
pub struct Bodies {
    pub state: web::Data<AppState>,
}

#[async_trait(?Send)]
impl ToolBodies for Bodies {
    type Output = ToolOutput;

    fn serves(&self, name: &str) -> bool {
        is_served(name)
    }

    fn precheck(&self, name: &str, args: &BoundArguments) -> ToolResult<()> {
        incidents::precheck(name, args)
    }

    async fn run(
        &self,
        name: &str,
        caller: McpCaller,
        args: BoundArguments,
    ) -> ToolResult<ToolOutput> {
        let call = ToolCall {
            state: self.state.clone(),
            caller,
            args,
        };
        run(name, &call).await
    }
}

/// Whether this server runs `name`.
pub fn is_served(name: &str) -> bool {
    [
        fleet::TOOLS,
        snapshots::TOOLS,
        streams::TOOLS,
        system::TOOLS,
        incidents::TOOLS,
    ]
    .iter()
    .any(|group| group.contains(&name))
}

/// Runs a served tool.
pub async fn run(name: &str, call: &ToolCall) -> ToolResult<ToolOutput> {
    if let Some(result) = fleet::run(name, call).await {
        return result;
    }
    if let Some(result) = streams::run(name, call).await {
        return result;
    }
    if let Some(result) = system::run(name, call).await {
        return result;
    }
    if let Some(result) = snapshots::run(name, call).await {
        return result;
    }
    if let Some(result) = incidents::run(name, call).await {
        return result;
    }
    Err(ToolError::refused(format!("Unknown tool: '{name}'")))
}
