//! The OpenAPI document's header; paths are collected as routes register.

use utoipa::OpenApi;

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
        (name = "mcp", description = "The MCP server for AI agents, MCP keys and MCP activity")
    ),
    paths(crate::mcp::endpoint::mcp_post)
)]
pub struct ApiDoc;
