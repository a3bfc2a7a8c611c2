//! What every handler can reach: configuration and the ports, all behind `Arc`s so the
//! state is cheap to clone into each worker.

use crate::node_socket::NodeSockets;
use crate::rate_limit::RateLimiter;
use sentinel_application::fleet_directory::FleetDirectory;
use sentinel_application::health::HealthService;
use sentinel_application::live::LivePipeline;
use sentinel_application::motion::MotionIngestion;
use sentinel_application::releases::ReleaseCache;
use sentinel_domain::client_address::TrustedProxies;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::fleet_events::FleetEvents;
use sentinel_ports::driven::identity::{IdentityVerifier, LocalSessionIssuer};
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::motion_events::MotionEvents;
use sentinel_ports::driven::notification_events::{NotificationCreated, NotificationEvents};
use sentinel_ports::driven::repos::Repositories;
use std::path::PathBuf;
use std::sync::Arc;

/// HTTP-level settings, resolved from the environment by the app.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Origins allowed by CORS, already validated and deduplicated.
    pub cors_origins: Vec<String>,
    /// Where the built SPA lives (`STATIC_DIR`, default `web/dist`).
    pub static_dir: PathBuf,
    /// `FRONTEND_URL`: security.txt's canonical address, links in e-mails.
    pub frontend_url: String,
    /// `FLY_APP_NAME` is set: always send HSTS.
    pub behind_tls_proxy: bool,
    /// Who may read `/metrics` and the full detailed health report.
    pub operations: OperationsAccess,
    /// Whose forwarding headers name the client (`TRUSTED_PROXIES`, Fly's edge).
    pub trusted_proxies: TrustedProxies,
    /// Clerk's Frontend API origin (`https://<host>`) when Clerk is configured: the SPA's
    /// Content-Security-Policy allows it.
    pub clerk_frontend_api: Option<String>,
    pub live: LiveLimits,
    pub node_versions: NodeVersions,
}

/// Access to the operational views (fleet-wide counters, file paths, which instance runs
/// which loop): with `METRICS_TOKEN` set, its bearer only; without it, open in local mode
/// and closed in Clerk mode, where the server faces the internet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationsAccess {
    Token(String),
    Open,
    Closed,
}

/// Caps of the live pipeline (`SEGMENT_*`, `PLAYLIST_PUSH_MAX_BYTES`, `CLEANUP_INTERVAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveLimits {
    pub segments_per_camera: u64,
    pub total_bytes: u64,
    pub segment_push_max_bytes: u64,
    pub playlist_push_max_bytes: u64,
    pub cleanup_interval: u64,
    pub inactive_camera_cleanup_hours: u64,
}

/// The CloudNode version floor (the latest release comes from `AppState::releases`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeVersions {
    pub min_supported: String,
}

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<HttpConfig>,
    pub identity: Arc<dyn IdentityVerifier>,
    /// Present only in local mode.
    pub local_sessions: Option<Arc<dyn LocalSessionIssuer>>,
    pub rate_limiter: RateLimiter,
    pub health: Arc<HealthService>,
    pub clock: Arc<dyn Clock>,
    /// The repository set, for the app's loops and the tests: handlers never read it,
    /// they call `use_cases`.
    pub repos: Repositories,
    /// The use cases handlers call, each holding the ports it uses.
    pub use_cases: UseCases,
    /// Node keys and cameras in memory, for the live path.
    pub fleet_directory: Arc<FleetDirectory>,
    pub live: Arc<dyn LiveStore>,
    /// Segment/playlist pushes, playback and viewer metering.
    pub live_pipeline: Arc<LivePipeline>,
    /// The CloudNodes connected to this instance and their pending commands.
    pub node_sockets: Arc<NodeSockets>,
    /// Commands to any CloudNode: `node_sockets` for a node connected here, relayed to the
    /// instance holding the node's socket otherwise. Every command goes through this.
    pub node_commands: Arc<dyn sentinel_ports::driven::node_commands::NodeCommands>,
    /// Node and camera liveness transitions.
    pub fleet_events: Arc<dyn FleetEvents>,
    /// Accepted motion events.
    pub motion_events: Arc<dyn MotionEvents>,
    /// Motion reports from CloudNodes (HTTP and WebSocket) and the org kill switch.
    pub motion: Arc<MotionIngestion>,
    /// The latest CloudNode release (version hints, `/downloads`).
    pub releases: Arc<ReleaseCache>,
    /// E-mail preferences and the unsubscribe link.
    pub email: Arc<sentinel_application::email::EmailService>,
    /// Subscriptions to accepted motion events, for the dashboard motion stream.
    pub motion_feed: Arc<dyn sentinel_ports::driven::motion_events::MotionFeed>,
    /// Open dashboard motion SSE streams per org.
    pub motion_subscribers: Arc<crate::sse::SubscriberRegistry>,
    /// Where every notification is published (the `Notifier` publishes there).
    pub notification_events: Arc<dyn NotificationEvents>,
    /// A fresh subscription to the notification bus, for the SSE stream.
    pub notification_feed: NotificationFeed,
    /// Open notification SSE streams per org.
    pub notification_subscribers: Arc<crate::sse::SubscriberRegistry>,
    /// The Clerk and Resend webhooks.
    pub webhooks: Arc<sentinel_application::webhooks::WebhookService>,
    /// The nominal plan's background live billing lookup (absent in local mode).
    pub plan_lookup: Option<Arc<sentinel_application::plan_lookup::PlanLookup>>,
    /// Verifies `osc_` (MCP) and `osi_` (integration) keys, with a short in-memory cache.
    pub api_key_auth: Arc<sentinel_application::api_keys::ApiKeyAuthenticator>,
    /// The share links this instance resolved (rest-api.md §14), kept coherent across
    /// instances like the other memories.
    pub share_grants: Arc<sentinel_application::sharing::ShareGrants>,
    /// Members' camera-group restrictions by org (member-access.md §4.2), for the extractor
    /// that resolves a viewer's scope without a query per request. Not enforced yet.
    pub member_access: Arc<sentinel_application::member_access::MemberAccess>,
    /// The MCP server: caller checks, call limits, activity tracking and its live stream.
    pub mcp: crate::mcp::McpState,
    /// Subscriptions to accepted motion events, for the Home Assistant motion stream.
    pub integration_motion_feed: Arc<dyn sentinel_ports::driven::motion_events::MotionFeed>,
    /// Open Home Assistant motion SSE streams per org: a pool of its own, so dashboards and
    /// Home Assistant never take each other's places.
    pub integration_motion_subscribers: Arc<crate::sse::SubscriberRegistry>,
    /// Request latency per route class, for `/metrics`.
    pub metrics: Arc<crate::metrics::HttpMetrics>,
    /// The Sentinel agent: config, runs, dispatch, the agent's endpoints and the reaper.
    pub sentinel: Arc<sentinel_application::sentinel::SentinelService>,
}

/// The application services, built once at start.
#[derive(Clone)]
pub struct UseCases {
    /// Every notification goes through it (inbox gate, store, bus).
    pub notifier: Arc<sentinel_application::notifications::Notifier>,
    /// Keeps an org's cameras within its plan.
    pub plan_caps: Arc<sentinel_application::fleet::PlanCaps>,
    pub cameras: Arc<sentinel_application::cameras::CameraCatalog>,
    pub snapshots: Arc<sentinel_application::live_snapshot::Snapshots>,
    pub incidents: Arc<sentinel_application::incidents::Incidents>,
    pub inbox: Arc<sentinel_application::notifications::Inbox>,
    pub org_settings: Arc<sentinel_application::org_settings::OrgSettings>,
    pub integration: Arc<sentinel_application::integration::IntegrationQueries>,
    pub api_keys: Arc<sentinel_application::api_keys::ApiKeys>,
    pub local_plan: Arc<sentinel_application::local_plan::LocalPlan>,
    pub socket_heartbeats: Arc<sentinel_application::node_socket::SocketHeartbeats>,
    pub fleet: Arc<sentinel_application::fleet::FleetService>,
    pub danger_zone: Arc<sentinel_application::danger_zone::DangerZone>,
    pub mcp_tools: Arc<sentinel_application::mcp::tools::McpTools>,
    pub stream_logs: Arc<sentinel_application::stream_logs::StreamLogs>,
    pub motion: Arc<sentinel_application::motion_queries::MotionQueries>,
    pub audit_trail: Arc<sentinel_application::audit_trail::AuditTrail>,
    pub gdpr_export: Arc<sentinel_application::gdpr::GdprExport>,
    /// Viewer-hours per day for the admin page.
    pub viewer_usage: Arc<sentinel_application::viewer_usage::ViewerUsage>,
    /// Share links: the admin's side (rest-api.md §14.1).
    pub share_links: Arc<sentinel_application::sharing::ShareLinks>,
    /// Share links: the bearer's side (rest-api.md §14.2).
    pub shared_access: Arc<sentinel_application::sharing::SharedAccess>,
}

/// Subscribes to every notification published from now on.
pub type NotificationFeed =
    Arc<dyn Fn() -> tokio::sync::broadcast::Receiver<NotificationCreated> + Send + Sync>;
