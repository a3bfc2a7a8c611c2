//! `POST /mcp/` (mcp.md §1): JSON-RPC 2.0 messages, which the MCP wire module builds from
//! the `rmcp` model types; these types give `/api/openapi.json` their shapes, and the
//! pre-auth gate's `{"error": …}` refusal.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// One JSON-RPC 2.0 message from the client: a request (with `id`), or a notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct JsonRpcRequest {
    #[schema(value_type = JsonRpcVersion)]
    pub jsonrpc: String,
    /// A string or an integer; absent for a notification (answered 202).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<JsonRpcId>)]
    pub id: Option<Value>,
    /// `initialize`, `ping`, `tools/list`, `tools/call`, or a `notifications/…` method.
    #[schema(example = "tools/list")]
    pub method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub params: Option<Value>,
}

/// Always `2.0`.
#[derive(Debug, Serialize, ToSchema)]
pub enum JsonRpcVersion {
    #[serde(rename = "2.0")]
    V2,
}

/// A request id: a string or an integer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum JsonRpcId {
    Text(String),
    Number(i64),
}

/// The answer to a request: its `result`, or an `error` (also for a failed tool call's
/// authorisation, code -32001, and an unknown method, -32601).
#[derive(Debug, Serialize, ToSchema)]
pub struct JsonRpcResponse {
    #[schema(value_type = JsonRpcVersion)]
    pub jsonrpc: String,
    /// The request's id; `null` when the message could not be read.
    #[schema(value_type = Option<JsonRpcId>)]
    pub id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<JsonRpcErrorObject>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JsonRpcErrorObject {
    /// e.g. -32700 parse error, -32600 invalid request, -32601 unknown method.
    pub code: i32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub data: Option<Value>,
}

/// The pre-auth gate's refusal (rate limit, Content-Length, size, unreadable body).
#[derive(Debug, Serialize, ToSchema)]
pub struct McpGateError {
    pub error: String,
}

/// What a refused `POST /mcp/` carries: a transport-level JSON-RPC error (`id: null`) or
/// the gate's `{"error": …}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum McpRefusal {
    JsonRpc(JsonRpcResponse),
    Gate(McpGateError),
}
