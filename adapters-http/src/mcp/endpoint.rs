//! `POST /mcp/`: the pre-auth gate, the streamable-HTTP transport checks, then one
//! JSON-RPC message (mcp.md §1, in the original's order).

use super::call;
use super::protocol::{self, INVALID_REQUEST, Incoming, METHOD_NOT_FOUND, UNAUTHORIZED};
use super::tools;
use crate::error::ApiError;
use crate::responses::jsonrpc::{JsonRpcRequest, JsonRpcResponse, McpGateError, McpRefusal};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use sentinel_application::blocking::unblock_value;
use sentinel_application::mcp::Credentials;
use sentinel_domain::mcp::tools as catalog;
use sentinel_domain::rate_limit::RateLimit;
use serde::Serialize;
use serde_json::Value;

/// Largest accepted body.
const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Requests per minute per tenant bucket, before any authentication.
const PRE_AUTH_LIMIT: RateLimit = RateLimit::per_minute(600);

/// The MCP endpoint: JSON-RPC over streamable HTTP, stateless, JSON responses.
#[utoipa::path(
    post,
    path = "/mcp/",
    tag = "mcp",
    // `initialize` and `ping` need no key; `tools/list` and `tools/call` answer a JSON-RPC
    // error (code -32001, still 200) without a valid one.
    security((), ("mcp_key" = [])),
    params(
        ("MCP-Protocol-Version" = Option<String>, Header,
            description = "A version this server speaks (2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25); not checked on `initialize`"),
    ),
    request_body(content = JsonRpcRequest, description = "One JSON-RPC 2.0 message (`initialize`, `ping`, `tools/list`, `tools/call`, or a notification). `POST /mcp` is served the same way. The client must accept `application/json`."),
    responses(
        (status = 200, description = "The JSON-RPC response", body = JsonRpcResponse),
        (status = 202, description = "A notification or response was accepted"),
        (status = 400, description = "Unparsable or invalid JSON-RPC, bad Content-Length or unsupported MCP-Protocol-Version", body = McpRefusal),
        (status = 406, description = "Accept does not include application/json", body = JsonRpcResponse),
        (status = 411, description = "No Content-Length", body = McpGateError),
        (status = 413, description = "Body over 2 MB", body = McpGateError),
        (status = 415, description = "Content-Type is not application/json", body = JsonRpcResponse),
        (status = 429, description = "Over 600 requests a minute from this client", body = McpGateError,
            headers(("Retry-After" = u64, description = "Seconds until the window resets"))),
    )
)]
pub async fn mcp_post(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    handle(&req, payload, &state)
        .await
        .unwrap_or_else(Rejection::into_response)
}

/// A request refused before any JSON-RPC method runs.
#[derive(Debug)]
struct Rejection {
    status: StatusCode,
    body: RefusalBody,
    retry_after: Option<u64>,
}

/// [`McpRefusal`] as sent: the JSON-RPC error comes from the wire module as JSON.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum RefusalBody {
    JsonRpc(Value),
    Gate(McpGateError),
}

impl Rejection {
    fn new(status: StatusCode, body: RefusalBody) -> Self {
        Self {
            status,
            body,
            retry_after: None,
        }
    }

    fn into_response(self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds));
        }
        response.json(self.body)
    }
}

async fn handle(
    req: &HttpRequest,
    payload: web::Payload,
    state: &web::Data<AppState>,
) -> Result<HttpResponse, Rejection> {
    pre_auth_gate(req, state).await?;
    check_transport(req.headers())?;
    let body = read_body(payload).await?;
    let message = protocol::parse_message(&body).map_err(|malformed| {
        transport_error(StatusCode::BAD_REQUEST, malformed.code, &malformed.message)
    })?;
    let is_initialize =
        matches!(&message, Incoming::Request { method, .. } if method == "initialize");
    if !is_initialize {
        check_protocol_version(req.headers())?;
    }
    let Incoming::Request { id, method, params } = message else {
        return Ok(HttpResponse::Accepted().finish());
    };
    let answer = dispatch(id, &method, params, req, state).await;
    Ok(HttpResponse::Ok().json(answer))
}

/// One JSON-RPC request's response.
async fn dispatch(
    id: protocol::MessageId,
    method: &str,
    params: Option<Value>,
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Value {
    match method {
        "initialize" => protocol::response(id, protocol::initialize_result(params.as_ref())),
        "ping" => protocol::response(id, protocol::empty_result()),
        "tools/list" => list_tools(id, req, state).await,
        "tools/call" => match protocol::call_params(params.as_ref()) {
            Ok((name, arguments)) => {
                let result =
                    call::call_tool(state, credentials(req.headers()), &name, arguments).await;
                protocol::response(id, result)
            }
            Err(message) => protocol::error_response(Some(id), protocol::INVALID_PARAMS, message),
        },
        other => protocol::error_response(
            Some(id),
            METHOD_NOT_FOUND,
            format!("Method not found: {other}"),
        ),
    }
}

/// `tools/list` needs a valid key and lists only the key's tools (unlike the original,
/// which listed everything to anyone).
async fn list_tools(
    id: protocol::MessageId,
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Value {
    let access = state.mcp.access.clone();
    let credentials = credentials(req.headers());
    let identified = unblock_value(move || access.identify(&credentials)).await;
    match identified {
        Ok(Ok(caller)) => {
            protocol::response(
                id,
                protocol::tools_list(catalog().iter().filter(|tool| {
                    tools::is_served(tool.name) && caller.allowed.contains(tool.name)
                })),
            )
        }
        Ok(Err(refusal)) => protocol::error_response(Some(id), UNAUTHORIZED, refusal.message),
        Err(error) => protocol::error_response(
            Some(id),
            protocol::INTERNAL_ERROR,
            format!("Internal error: {error}"),
        ),
    }
}

/// The request's `Authorization` and `X-Agent-Org-Override`.
pub fn credentials(headers: &HeaderMap) -> Credentials {
    let text = |name| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    Credentials {
        authorization: text(header::AUTHORIZATION.as_str()),
        org_override: text("x-agent-org-override"),
    }
}

/// 600 requests a minute per client before anything else (mcp.md §1 step 1).
async fn pre_auth_gate(req: &HttpRequest, state: &AppState) -> Result<(), Rejection> {
    let checked = state
        .rate_limiter
        .check(req, "mcp_pre_auth", PRE_AUTH_LIMIT)
        .await;
    match checked {
        Err(ApiError::RateLimited { retry_after, .. }) => Err(Rejection {
            retry_after: Some(retry_after),
            ..plain_error(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests. Slow down and retry shortly.",
            )
        }),
        _ => Ok(()),
    }
}

/// Content-Length, Accept and Content-Type (mcp.md §1 steps 1–2).
fn check_transport(headers: &HeaderMap) -> Result<(), Rejection> {
    let length = headers
        .get(header::CONTENT_LENGTH)
        .ok_or_else(|| plain_error(StatusCode::LENGTH_REQUIRED, "Content-Length required."))?;
    let length: u64 = length
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| plain_error(StatusCode::BAD_REQUEST, "Invalid Content-Length."))?;
    if length > MAX_BODY_BYTES as u64 {
        return Err(plain_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request body too large (max 2 MB).",
        ));
    }
    let accept = header_text(headers, header::ACCEPT);
    if !accept
        .split(',')
        .any(|item| media_type(item) == "application/json")
    {
        return Err(transport_error(
            StatusCode::NOT_ACCEPTABLE,
            INVALID_REQUEST,
            "Not Acceptable: Client must accept application/json",
        ));
    }
    if media_type(&header_text(headers, header::CONTENT_TYPE)) != "application/json" {
        return Err(transport_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            INVALID_REQUEST,
            "Unsupported Media Type: Content-Type must be application/json",
        ));
    }
    Ok(())
}

/// A non-`initialize` message's `MCP-Protocol-Version`, when present, must be one we speak.
fn check_protocol_version(headers: &HeaderMap) -> Result<(), Rejection> {
    let Some(version) = headers.get("mcp-protocol-version") else {
        return Ok(());
    };
    let version = version.to_str().unwrap_or_default();
    if protocol::SUPPORTED_VERSIONS.contains(&version) {
        return Ok(());
    }
    Err(transport_error(
        StatusCode::BAD_REQUEST,
        INVALID_REQUEST,
        &format!(
            "Bad Request: Unsupported protocol version: {version}. Supported versions: {}",
            protocol::SUPPORTED_VERSIONS.join(", ")
        ),
    ))
}

/// The body, refusing more than the limit even if Content-Length understated it.
async fn read_body(mut payload: web::Payload) -> Result<Vec<u8>, Rejection> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| plain_error(StatusCode::BAD_REQUEST, "Invalid request body."))?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(plain_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body too large (max 2 MB).",
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// `application/json; charset=utf-8` → `application/json`.
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The pre-auth gate's `{"error": "..."}` bodies.
fn plain_error(status: StatusCode, message: &str) -> Rejection {
    Rejection::new(
        status,
        RefusalBody::Gate(McpGateError {
            error: message.to_owned(),
        }),
    )
}

/// A transport-level JSON-RPC error (`id: null`).
fn transport_error(status: StatusCode, code: i32, message: &str) -> Rejection {
    Rejection::new(
        status,
        RefusalBody::JsonRpc(protocol::error_response(None, code, message)),
    )
}
