//! The MCP server's application services (mcp.md): who may call ([`access`]), what each
//! call leaves behind ([`activity`]), and the tools themselves ([`tools`]).

pub mod access;
pub mod activity;
pub mod tools;

pub use access::{AGENT_KEY_NAME, Credentials, McpAccess, McpCaller, Refusal};
pub use activity::{FinishedCall, McpActivity};
pub use tools::{ToolError, ToolResult};
