//! The MCP wire format, built from the official `rmcp` crate's model types. This is the
//! only module that names `rmcp`: the rest of the server speaks in catalog specs and
//! [`ToolOutput`]s and gets JSON back from here.

use super::tools::{Frame, ToolOutput};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rmcp::model::{
    CallToolResult, ContentBlock, ErrorCode, ErrorData, Implementation, InitializeResult,
    JsonObject, JsonRpcError, JsonRpcResponse, ListToolsResult, ProtocolVersion, RequestId,
    ServerCapabilities, Tool, ToolAnnotations, ToolsCapability,
};
use sentinel_domain::mcp::ToolSpec;
use sentinel_domain::text::make_nul_free;
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Protocol versions this server speaks (the `MCP-Protocol-Version` header and the
/// `initialize` negotiation).
pub const SUPPORTED_VERSIONS: &[&str] = &["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];
/// What `initialize` answers when the client asks for a version we do not speak.
const PREFERRED_VERSION: &str = "2025-11-25";

pub const SERVER_NAME: &str = "Sentinel by SourceBox";
const INSTRUCTIONS: &str = "You are connected to a Sentinel by SourceBox organization's camera \
     system. You can list cameras and CameraNodes, look through a camera with view_camera (a \
     live snapshot) or watch_camera (several frames), get stream URLs, and read or change a \
     camera's recording policy. Everything you see and do is scoped to the organization that \
     owns the API key.";

/// A JSON-RPC request id, echoed back opaquely.
pub type MessageId = RequestId;

/// One parsed JSON-RPC message.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A request: answered with a response carrying the same id.
    Request {
        id: RequestId,
        method: String,
        params: Option<Value>,
    },
    /// A notification or a response: nothing to answer (202).
    NoReply,
}

/// A message that is not JSON-RPC: JSON-RPC error code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub code: i32,
    pub message: String,
}

pub const PARSE_ERROR: i32 = ErrorCode::PARSE_ERROR.0;
pub const INVALID_REQUEST: i32 = ErrorCode::INVALID_REQUEST.0;
pub const INVALID_PARAMS: i32 = ErrorCode::INVALID_PARAMS.0;
pub const METHOD_NOT_FOUND: i32 = ErrorCode::METHOD_NOT_FOUND.0;
pub const INTERNAL_ERROR: i32 = ErrorCode::INTERNAL_ERROR.0;
/// A request the caller is not authorised for (`tools/list` without a valid key).
pub const UNAUTHORIZED: i32 = -32001;

/// Parses a POST body into one JSON-RPC message.
pub fn parse_message(body: &[u8]) -> Result<Incoming, Malformed> {
    let mut value: Value = serde_json::from_slice(body).map_err(|error| Malformed {
        code: PARSE_ERROR,
        message: format!("Parse error: {error}"),
    })?;
    // Tool arguments reach the repositories, whose PostgreSQL text cannot hold a NUL.
    make_nul_free(&mut value);
    let invalid = |why: &str| Malformed {
        code: INVALID_PARAMS,
        message: format!("Validation error: {why}"),
    };
    let Value::Object(fields) = value else {
        return Err(invalid("expected a single JSON-RPC message object"));
    };
    if fields.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid("jsonrpc must be \"2.0\""));
    }
    let method = fields.get("method");
    match (method, fields.get("id")) {
        (Some(Value::String(method)), Some(id)) => {
            let id: RequestId = serde_json::from_value(id.clone())
                .map_err(|_| invalid("id must be a string or an integer"))?;
            let params = fields.get("params").cloned();
            if params.as_ref().is_some_and(|p| !p.is_object()) {
                return Err(invalid("params must be an object"));
            }
            Ok(Incoming::Request {
                id,
                method: method.clone(),
                params,
            })
        }
        (Some(Value::String(_)), None) => Ok(Incoming::NoReply),
        (None, Some(_)) if fields.contains_key("result") || fields.contains_key("error") => {
            Ok(Incoming::NoReply)
        }
        _ => Err(invalid("not a JSON-RPC request, notification or response")),
    }
}

/// `{"jsonrpc": "2.0", "id": <id>, "result": <result>}`.
pub fn response(id: RequestId, result: Value) -> Value {
    serde_json::to_value(JsonRpcResponse {
        jsonrpc: Default::default(),
        id,
        result,
    })
    .unwrap_or_else(|_| json!({}))
}

/// A JSON-RPC error object; transport-level errors (no readable id) carry `"id": null`.
pub fn error_response(id: Option<RequestId>, code: i32, message: impl Into<String>) -> Value {
    let error = JsonRpcError::new(id, ErrorData::new(ErrorCode(code), message.into(), None));
    let mut value = serde_json::to_value(error).unwrap_or_else(|_| json!({}));
    if let Some(fields) = value.as_object_mut() {
        fields.entry("id").or_insert(Value::Null);
    }
    value
}

/// The `initialize` result: the client's version when we speak it, else ours.
pub fn initialize_result(params: Option<&Value>) -> Value {
    let requested = params
        .and_then(|p| p.get("protocolVersion"))
        .and_then(Value::as_str)
        .filter(|version| SUPPORTED_VERSIONS.contains(version))
        .unwrap_or(PREFERRED_VERSION);
    let version: ProtocolVersion =
        serde_json::from_value(json!(requested)).unwrap_or(ProtocolVersion::V_2025_11_25);
    let mut capabilities = ServerCapabilities::default();
    capabilities.tools = Some(ToolsCapability::default());
    let result = InitializeResult::new(capabilities)
        .with_protocol_version(version)
        .with_server_info(Implementation::new(SERVER_NAME, env!("CARGO_PKG_VERSION")))
        .with_instructions(INSTRUCTIONS);
    serde_json::to_value(result).unwrap_or_else(|_| json!({}))
}

/// The `tools/list` result for `tools`.
pub fn tools_list<'a>(tools: impl Iterator<Item = &'a ToolSpec>) -> Value {
    let tools: Vec<Tool> = tools.map(tool).collect();
    let mut result = ListToolsResult::with_all_items(tools);
    // Our versions predate the result-type discriminator.
    result.result_type = None;
    serde_json::to_value(result).unwrap_or_else(|_| json!({"tools": []}))
}

fn tool(spec: &ToolSpec) -> Tool {
    let mut tool = Tool::new(spec.name, spec.description, object(spec.input_schema()));
    if let Some(schema) = spec.output_schema() {
        tool = tool.with_raw_output_schema(object(schema));
    }
    if spec.is_read() {
        tool = tool.with_annotations(ToolAnnotations::new().read_only(true));
    }
    tool
}

fn object(schema: Value) -> Arc<JsonObject> {
    Arc::new(match schema {
        Value::Object(fields) => fields,
        _ => Map::new(),
    })
}

/// A `tools/call` request's `name` and `arguments`.
pub fn call_params(params: Option<&Value>) -> Result<(String, Option<Value>), String> {
    let params = params.ok_or("Validation error: params are required")?;
    let name = params
        .get("name")
        .and_then(Value::as_str)
        .ok_or("Validation error: params.name must be a string")?;
    Ok((name.to_owned(), params.get("arguments").cloned()))
}

/// A tool's success, encoded as FastMCP does for its declared return type.
pub fn tool_result(output: ToolOutput) -> Value {
    let mut result = match output {
        ToolOutput::Object(object) => {
            let mut result = CallToolResult::success(vec![ContentBlock::text(object.to_string())]);
            result.structured_content = Some(object);
            result
        }
        ToolOutput::List(items) => {
            let array = Value::Array(items);
            let mut result = CallToolResult::success(vec![ContentBlock::text(array.to_string())]);
            result.structured_content = Some(json!({"result": array}));
            result
        }
        ToolOutput::Image(image) => CallToolResult::success(vec![image_block(&image)]),
        ToolOutput::Frames(frames) => CallToolResult::success(
            frames
                .iter()
                .map(|frame| match frame {
                    Frame::Image(image) => image_block(image),
                    Frame::Text(text) => ContentBlock::text(text.clone()),
                })
                .collect(),
        ),
    };
    result.result_type = None;
    serde_json::to_value(result).unwrap_or_else(|_| json!({"content": [], "isError": true}))
}

/// A tool's failure: a normal result with one text item and `isError: true`.
pub fn tool_error(message: &str) -> Value {
    let mut result = CallToolResult::error(vec![ContentBlock::text(message.to_owned())]);
    result.result_type = None;
    serde_json::to_value(result).unwrap_or_else(|_| json!({"content": [], "isError": true}))
}

fn image_block(image: &super::tools::Image) -> ContentBlock {
    ContentBlock::image(STANDARD.encode(&image.data), image.mime_type.clone())
}

/// `ping`'s empty result.
pub fn empty_result() -> Value {
    json!({})
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentinel_domain::mcp::find_tool;

    #[test]
    fn requests_notifications_and_garbage_are_told_apart() {
        let request = parse_message(br#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#).unwrap();
        assert!(matches!(request, Incoming::Request { ref method, .. } if method == "ping"));
        assert_eq!(
            parse_message(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).unwrap(),
            Incoming::NoReply
        );
        assert_eq!(parse_message(b"{nope").unwrap_err().code, PARSE_ERROR);
        assert_eq!(
            parse_message(br#"{"id":1,"method":"ping"}"#)
                .unwrap_err()
                .code,
            INVALID_PARAMS
        );
        assert_eq!(parse_message(b"[]").unwrap_err().code, INVALID_PARAMS);
    }

    #[test]
    fn responses_echo_the_id_and_errors_without_one_say_null() {
        let id: RequestId = serde_json::from_value(json!("abc")).unwrap();
        assert_eq!(
            response(id, json!({})),
            json!({"jsonrpc": "2.0", "id": "abc", "result": {}})
        );
        let error = error_response(None, PARSE_ERROR, "Parse error");
        assert_eq!(error["id"], Value::Null);
        assert_eq!(error["error"]["code"], -32700);
    }

    #[test]
    fn initialize_negotiates_a_supported_version() {
        let result = initialize_result(Some(&json!({"protocolVersion": "2025-03-26"})));
        assert_eq!(result["protocolVersion"], "2025-03-26");
        assert_eq!(result["serverInfo"]["name"], SERVER_NAME);
        assert!(result["capabilities"]["tools"].is_object());
        let result = initialize_result(Some(&json!({"protocolVersion": "1999-01-01"})));
        assert_eq!(result["protocolVersion"], PREFERRED_VERSION);
    }

    #[test]
    fn listed_tools_carry_schemas_and_read_hints() {
        let list = tools_list(
            ["list_cameras", "set_camera_recording_policy"]
                .iter()
                .filter_map(|name| find_tool(name)),
        );
        let tools = list["tools"].as_array().unwrap();
        assert_eq!(tools[0]["annotations"]["readOnlyHint"], true);
        assert_eq!(tools[0]["outputSchema"]["x-fastmcp-wrap-result"], true);
        assert!(tools[1].get("annotations").is_none());
        assert_eq!(tools[1]["inputSchema"]["required"], json!(["camera_id"]));
        assert!(list.get("resultType").is_none());
    }

    #[test]
    fn results_follow_fastmcp_encoding() {
        let object = tool_result(ToolOutput::Object(json!({"a": 1})));
        assert_eq!(
            object["content"][0],
            json!({"type": "text", "text": "{\"a\":1}"})
        );
        assert_eq!(object["structuredContent"], json!({"a": 1}));
        let list = tool_result(ToolOutput::List(vec![json!({"b": 2})]));
        assert_eq!(list["structuredContent"], json!({"result": [{"b": 2}]}));
        let image = tool_result(ToolOutput::Image(super::super::tools::Image {
            data: vec![0xff, 0xd8],
            mime_type: "image/jpeg".into(),
        }));
        assert_eq!(
            image["content"][0],
            json!({"type": "image", "data": "/9g=", "mimeType": "image/jpeg"})
        );
        assert!(image.get("structuredContent").is_none());
        let error = tool_error("Camera 'x' not found");
        assert_eq!(error["isError"], true);
        assert_eq!(error["content"][0]["text"], "Camera 'x' not found");
    }
}
