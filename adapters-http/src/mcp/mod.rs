//! The MCP server (mcp.md): streamable HTTP at `POST /mcp/` (and `/mcp`), stateless, one
//! JSON response per JSON-RPC request. [`protocol`] is the wire format (the only module
//! that knows `rmcp`), [`endpoint`] the HTTP checks and method dispatch, [`call`] one
//! `tools/call` from scope check to activity log, and [`tools`] the tools by group.

mod call;
pub mod endpoint;
pub mod protocol;
pub mod tools;

use crate::sse::SubscriberRegistry;
use actix_web::web;
use sentinel_ports::driven::mcp_activity_events::McpActivityFeed;
use sentinel_ports::usecases::mcp::{McpAccess, McpActivity};
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
/// do not follow a 307 on POST work too); any other method on these paths gets the SPA.
pub fn configure(config: &mut web::ServiceConfig) {
    for path in ["/mcp", "/mcp/"] {
        config.service(
            web::resource(path)
                .route(web::post().to(endpoint::mcp_post))
                .default_service(web::to(crate::spa::app_shell)),
        );
    }
}
