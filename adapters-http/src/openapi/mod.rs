//! The OpenAPI document: its header and security schemes here, paths collected as routes
//! register, then [`complete`] gives every operation the error statuses it shares with
//! others (docs/rest-api.md §0.3).

mod complete;

pub use complete::complete;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// A signed-in user: a Clerk session JWT, or a local-mode session token; also read from
/// the first `__session*` cookie. Scope `admin`: the route needs an org admin.
pub const SESSION: &str = "session";
/// Home Assistant's `osi_` integration key, as a bearer token.
pub const INTEGRATION_KEY: &str = "integration_key";
/// An MCP `osc_` key, as a bearer token.
pub const MCP_KEY: &str = "mcp_key";
/// The Sentinel agent's shared key (`X-Sentinel-Agent-Key`).
pub const AGENT_KEY: &str = "agent_key";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sentinel Command Center",
        description = "Cloud dashboard for CloudNode camera fleets: live HLS video, motion, notifications, incidents, MCP and Home Assistant integrations.",
        version = "2.1.2"
    ),
    tags(
        (name = "health", description = "Liveness, readiness and probe details"),
        (name = "local", description = "Local-mode sign-in (no Clerk keys configured)"),
        (name = "nodes", description = "CloudNodes: management, registration, heartbeats, plan"),
        (name = "cameras", description = "Cameras and their recording policy"),
        (name = "hls", description = "Live HLS: segment and playlist pushes, viewer playlists and segments"),
        (name = "groups", description = "Camera groups"),
        (name = "settings", description = "Org settings"),
        (name = "notifications", description = "The inbox, its unread badge and live stream"),
        (name = "email", description = "E-mail notification preferences and the one-click unsubscribe link"),
        (name = "audit", description = "The org audit trail and the stream access log"),
        (name = "motion", description = "Motion events: recent events, per-camera stats, live stream"),
        (name = "incidents", description = "Incidents: filing, triage, evidence downloads and clip playback"),
        (name = "sentinel", description = "The Sentinel AI agent: config, run history, manual runs and the agent's service endpoints"),
        (name = "integration", description = "Home Assistant: integration keys, cameras, snapshots, recording, status and the motion stream"),
        (name = "webhooks", description = "Svix-signed Clerk and Resend webhooks"),
        (name = "mcp", description = "The MCP server for AI agents, MCP keys and MCP activity"),
        (name = "share-links", description = "Share links: an admin hands one camera's or one group's live view to someone without an account"),
        (name = "share", description = "What a share link's bearer may reach: its page, playlists and segments (the token is the credential)")
    ),
    paths(crate::mcp::endpoint::mcp_post),
    components(schemas(
        crate::error::envelopes::ErrorBody,
        crate::error::envelopes::ValidationErrorBody,
        crate::error::envelopes::RateLimitBody,
        // Referenced only from a query parameter (`value_type`), which utoipa does not
        // collect: without it the `format` parameters' `$ref` dangles.
        crate::routes::audit::ListingFormat,
        // The `data:` frames of the dashboard's event streams: a `text/event-stream`
        // response can only name the envelope, so clients type the frames from these.
        crate::responses::notifications::NotificationFrame,
        crate::responses::motion::MotionFrame,
        crate::responses::mcp::McpActivityFrame
    )),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = |format: &str, description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format(format)
                    .description(Some(description))
                    .build(),
            )
        };
        let header = |name: &str, description: &str| {
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                name,
                description,
            )))
        };
        components.add_security_scheme(
            SESSION,
            bearer(
                "JWT",
                "A Clerk session token or a local-mode session token (also read from the \
                 `__session` cookie). Scope `admin`: the route needs an org admin.",
            ),
        );
        components.add_security_scheme(
            INTEGRATION_KEY,
            bearer("osi_", "A Home Assistant integration key"),
        );
        components.add_security_scheme(MCP_KEY, bearer("osc_", "An MCP key"));
        components.add_security_scheme(
            AGENT_KEY,
            header("X-Sentinel-Agent-Key", "The Sentinel agent's key"),
        );
    }
}
