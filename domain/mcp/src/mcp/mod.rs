//! The MCP server's rules (mcp.md): the 23-tool catalog and its read/write split, which
//! tools a key may use, the per-plan call limits, and how a call is summarised in the
//! activity log. Pure: time comes in as an argument.

pub mod activity;
pub mod arguments;
pub mod call_limits;
pub mod catalog;
pub mod scope;

pub use arguments::{ArgumentError, BoundArguments};
pub use catalog::{Param, ParamKind, ReturnShape, ToolClass, ToolSpec, find_tool, tools};
