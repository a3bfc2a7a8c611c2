//! The use-case services handlers call, each built with only the ports it uses, and the MCP
//! and webhook services. The repository set is taken apart here, once, and goes no further.

use crate::config::Config;
use crate::database::{Database, SqlStore};
use sentinel_adapters_http::UseCases;
use sentinel_application::api_keys::ApiKeys;
use sentinel_application::audit_trail::AuditTrail;
use sentinel_application::cameras::CameraCatalog;
use sentinel_application::danger_zone::{DangerZone, DangerZoneRepos};
use sentinel_application::fleet::{FleetService, PlanCaps};
use sentinel_application::fleet_directory::FleetDirectory;
use sentinel_application::gdpr::GdprExport;
use sentinel_application::group_changes::GroupChanges;
use sentinel_application::incidents::Incidents;
use sentinel_application::integration::IntegrationQueries;
use sentinel_application::live::LivePipeline;
use sentinel_application::live_snapshot::Snapshots;
use sentinel_application::local_plan::LocalPlan;
use sentinel_application::mcp::tools::{McpToolDeps, McpTools};
use sentinel_application::member_access::MemberAccess;
use sentinel_application::motion::MotionIngestion;
use sentinel_application::motion_queries::MotionQueries;
use sentinel_application::node_socket::SocketHeartbeats;
use sentinel_application::notifications::{Inbox, Notifier};
use sentinel_application::org_settings::OrgSettings;
use sentinel_application::plan_lookup::PlanLookup;
use sentinel_application::sharing::{ShareGrants, ShareLinks, SharedAccess};
use sentinel_application::stream_logs::StreamLogs;
use sentinel_application::viewer_usage::ViewerUsage;
use sentinel_application::webhooks::{WebhookPorts, WebhookService};
use sentinel_domain::fleet::VersionPolicy;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::fleet_events::FleetEvents;
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::node_commands::NodeCommands;
use sentinel_ports::driven::repos::{Repositories, UsageRepo};
use std::sync::Arc;

/// The shared services the use cases are built over (some are also used by loops and
/// webhooks, so they are made before the rest).
pub struct Shared {
    pub notifier: Arc<Notifier>,
    pub plan_caps: Arc<PlanCaps>,
    pub org_settings: Arc<OrgSettings>,
    pub fleet_directory: Arc<FleetDirectory>,
    pub live_pipeline: Arc<LivePipeline>,
    /// The share links this instance resolved (also held by the invalidation sink).
    pub share_grants: Arc<ShareGrants>,
    /// Which groups restricted members may see (also held by the invalidation sink).
    pub member_access: Arc<MemberAccess>,
    pub live_store: Arc<dyn LiveStore>,
    pub node_commands: Arc<dyn NodeCommands>,
    pub fleet_events: Arc<dyn FleetEvents>,
    pub motion: Arc<MotionIngestion>,
    pub plan_lookup: Option<Arc<PlanLookup>>,
    pub clock: Arc<dyn Clock>,
    pub versions: VersionPolicy,
    /// The viewer-seconds tables (not part of the repository set: only the live pipeline
    /// and the usage report read them).
    pub usage: Arc<dyn UsageRepo>,
}

pub fn use_cases(repos: &Repositories, shared: Shared) -> UseCases {
    let snapshots = Arc::new(Snapshots::new(
        repos.cameras.clone(),
        shared.node_commands.clone(),
    ));
    let incidents = Arc::new(Incidents::new(repos, shared.notifier.clone()));
    let fleet = FleetService::new(
        repos,
        shared.plan_caps.clone(),
        shared.fleet_directory.clone(),
        shared.live_store.clone(),
        shared.clock.clone(),
        shared.versions,
        shared.notifier.clone(),
    )
    .with_plan_lookup(shared.plan_lookup.clone());
    let viewer_usage = Arc::new(ViewerUsage::new(
        shared.live_pipeline.clone(),
        shared.usage,
        repos.stream_logs.clone(),
        shared.clock.clone(),
    ));
    UseCases {
        notifier: shared.notifier.clone(),
        plan_caps: shared.plan_caps.clone(),
        cameras: Arc::new(CameraCatalog::new(
            repos,
            Arc::new(GroupChanges {
                directory: shared.fleet_directory.clone(),
                share_grants: shared.share_grants.clone(),
                member_access: shared.member_access.clone(),
            }),
        )),
        share_links: Arc::new(ShareLinks::new(
            repos,
            shared.share_grants.clone(),
            shared.clock.clone(),
        )),
        shared_access: Arc::new(SharedAccess::new(
            repos,
            shared.share_grants,
            shared.live_pipeline.clone(),
            shared.clock.clone(),
        )),
        inbox: Arc::new(Inbox::new(repos, shared.notifier.clone())),
        org_settings: shared.org_settings,
        integration: Arc::new(IntegrationQueries::new(repos, shared.plan_lookup.clone())),
        api_keys: Arc::new(ApiKeys::new(repos, shared.notifier)),
        local_plan: Arc::new(LocalPlan::new(
            repos,
            shared.plan_caps.clone(),
            shared.live_pipeline.clone(),
        )),
        socket_heartbeats: Arc::new(SocketHeartbeats::new(repos, shared.fleet_events.clone())),
        fleet: Arc::new(fleet),
        danger_zone: Arc::new(DangerZone {
            repos: DangerZoneRepos::new(repos),
            node_commands: shared.node_commands.clone(),
            live: shared.live_store,
            directory: shared.fleet_directory,
            pipeline: shared.live_pipeline.clone(),
            motion: shared.motion,
            clock: shared.clock,
        }),
        mcp_tools: Arc::new(McpTools::new(
            repos,
            McpToolDeps {
                incidents: incidents.clone(),
                snapshots: snapshots.clone(),
                node_commands: shared.node_commands,
                live: shared.live_pipeline,
            },
        )),
        stream_logs: Arc::new(StreamLogs::new(repos)),
        motion: Arc::new(MotionQueries::new(repos)),
        audit_trail: Arc::new(AuditTrail::new(repos)),
        gdpr_export: Arc::new(GdprExport::new(repos)),
        viewer_usage,
        snapshots,
        incidents,
    }
}

/// The MCP server's parts: caller checks over the keys and the Sentinel gate, and the
/// activity tracker over its table, publishing on the local bus the stream's feed relays.
pub(crate) fn mcp_state(
    config: &Config,
    database: &Database,
    repos: &Repositories,
    api_key_auth: &Arc<sentinel_application::api_keys::ApiKeyAuthenticator>,
    clock: &Arc<dyn Clock>,
    activity: crate::stream_feeds::ActivityStream,
) -> sentinel_adapters_http::mcp::McpState {
    use sentinel_application::mcp::{McpAccess, McpActivity};
    let store = Arc::new(SqlStore::new(database.clone()));
    sentinel_adapters_http::mcp::McpState {
        access: Arc::new(McpAccess::new(
            repos,
            api_key_auth.clone(),
            store.clone(),
            clock.clone(),
            Some(config.sentinel.agent_mcp_key.clone()),
        )),
        activity: Arc::new(McpActivity::new(activity.bus, store)),
        activity_feed: activity.feed,
        activity_subscribers: activity.subscribers,
    }
}

/// The Clerk and Resend webhooks over the ledger, the plan settings and the notifications.
#[allow(clippy::too_many_arguments)]
pub(crate) fn webhook_service(
    config: &Config,
    database: &Database,
    repos: &Repositories,
    fleet_directory: &Arc<FleetDirectory>,
    live_pipeline: &Arc<sentinel_application::live::LivePipeline>,
    notifier: &Arc<Notifier>,
    plan_caps: &Arc<PlanCaps>,
    enqueuer: &Arc<sentinel_application::email::EmailEnqueuer>,
    clock: Arc<dyn Clock>,
) -> Arc<WebhookService> {
    let store = Arc::new(SqlStore::new(database.clone()));
    let enqueuer = enqueuer.clone();
    Arc::new(WebhookService::new(WebhookPorts {
        clerk_secret: config.clerk.webhook_secret.clone(),
        resend_secret: config.email.resend_webhook_secret.clone(),
        ledger: store.clone(),
        outbox: store,
        settings: repos.settings.clone(),
        gdpr: repos.gdpr.clone(),
        caps: plan_caps.clone(),
        fleet_directory: fleet_directory.clone(),
        live: live_pipeline.clone(),
        notifier: notifier.clone(),
        invalidate_recipients: Arc::new(move |org| enqueuer.invalidate_recipients(org)),
        directory: crate::email::org_directory(config),
        clock,
    }))
}
