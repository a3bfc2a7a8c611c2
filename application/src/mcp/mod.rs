//! The MCP server's application services (mcp.md): who may call ([`access`]), one
//! `tools/call` from scope check to activity log ([`call`]), what each call leaves behind
//! ([`activity`]), and the tools themselves ([`tools`]).

pub mod access;
pub mod activity;
pub mod call;
pub mod tools;

pub use access::{AGENT_KEY_NAME, Credentials, McpAccess, McpCaller, Refusal};
pub use activity::{FinishedCall, McpActivity};
pub use call::{McpCalls, ToolBodies};
pub use tools::{ToolError, ToolResult};
