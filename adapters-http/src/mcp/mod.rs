//! The MCP server (mcp.md): streamable HTTP at `POST /mcp/` (and `/mcp`), stateless, one
//! JSON response per JSON-RPC request. [`protocol`] is the wire format (the only module
//! that knows `rmcp`), [`endpoint`] the HTTP checks and method dispatch, [`call`] one
//! `tools/call` from scope check to activity log, and [`tools`] the tools by group.

mod call;
pub mod endpoint;
pub mod protocol;
pub mod tools;

use crate::sse::SubscriberRegistry;
use crate::state::AppState;
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, web};
use sentinel_application::mcp::{McpAccess, McpActivity};
use sentinel_ports::driven::mcp_activity_events::McpActivityFeed;
use std::sync::Arc;

/// What the MCP endpoint and the activity routes share.
#[derive(Clone)]
pub struct McpState {
    /// Who may call which tool, and the per-plan call limits.
    pub access: Arc<McpAccess>,
    /// Every call's event: ledger, live stream, table.
    pub activity: Arc<McpActivity>,
    /// Subscriptions to the events, for the activity SSE stream.
    pub activity_feed: Arc<dyn McpActivityFeed>,
    /// Open activity streams per org.
    pub activity_subscribers: Arc<SubscriberRegistry>,
}

/// `POST /mcp/` and `POST /mcp` (served directly rather than redirected, so clients that
/// do not follow a 307 on POST work too). Any other method is what the streamable-HTTP
/// transport says a server without a server-initiated stream answers: 405, `Allow: POST`.
/// A browser navigating to `/mcp` (the dashboard's MCP page) still gets the dashboard.
pub fn configure(config: &mut web::ServiceConfig) {
    for path in ["/mcp", "/mcp/"] {
        config.service(
            web::resource(path)
                .route(web::post().to(endpoint::mcp_post))
                .default_service(web::to(other_methods)),
        );
    }
}

async fn other_methods(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if is_page_navigation(&req) {
        return crate::spa::app_shell(req, state).await;
    }
    let mut response = HttpResponse::MethodNotAllowed();
    response.insert_header((header::ALLOW, "POST"));
    response.json(protocol::error_response(
        None,
        protocol::INVALID_REQUEST,
        "Method not allowed: this server opens no server-initiated stream; POST JSON-RPC messages",
    ))
}

/// A browser loading a page: GET or HEAD asking for HTML and not for an event stream.
fn is_page_navigation(req: &HttpRequest) -> bool {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let method = req.method();
    (method == Method::GET || method == Method::HEAD)
        && accept.contains("text/html")
        && !accept.contains("text/event-stream")
}
