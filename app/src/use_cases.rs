//! The use-case services handlers call, each built with only the ports it uses. The
//! repository set is taken apart here, once, and goes no further.

use sentinel_adapters_http::UseCases;
use sentinel_application::api_keys::ApiKeys;
use sentinel_application::audit_trail::AuditTrail;
use sentinel_application::cameras::CameraCatalog;
use sentinel_application::danger_zone::{DangerZone, DangerZoneRepos};
use sentinel_application::fleet::{FleetService, PlanCaps};
use sentinel_application::fleet_directory::FleetDirectory;
use sentinel_application::gdpr::GdprExport;
use sentinel_application::incidents::Incidents;
use sentinel_application::integration::IntegrationQueries;
use sentinel_application::live::LivePipeline;
use sentinel_application::live_snapshot::Snapshots;
use sentinel_application::local_plan::LocalPlan;
use sentinel_application::mcp::tools::{McpToolDeps, McpTools};
use sentinel_application::motion::MotionIngestion;
use sentinel_application::motion_queries::MotionQueries;
use sentinel_application::node_socket::SocketHeartbeats;
use sentinel_application::notifications::{Inbox, Notifier};
use sentinel_application::org_settings::OrgSettings;
use sentinel_application::plan_lookup::PlanLookup;
use sentinel_application::stream_logs::StreamLogs;
use sentinel_domain::fleet::VersionPolicy;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::node_commands::NodeCommands;
use sentinel_ports::driven::repos::Repositories;
use std::sync::Arc;

/// The shared services the use cases are built over (some are also used by loops and
/// webhooks, so they are made before the rest).
pub struct Shared {
    pub notifier: Arc<Notifier>,
    pub plan_caps: Arc<PlanCaps>,
    pub org_settings: Arc<OrgSettings>,
    pub fleet_directory: Arc<FleetDirectory>,
    pub live_pipeline: Arc<LivePipeline>,
    pub live_store: Arc<dyn LiveStore>,
    pub node_commands: Arc<dyn NodeCommands>,
    pub motion: Arc<MotionIngestion>,
    pub plan_lookup: Option<Arc<PlanLookup>>,
    pub clock: Arc<dyn Clock>,
    pub versions: VersionPolicy,
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
    .with_plan_lookup(shared.plan_lookup);
    UseCases {
        notifier: shared.notifier.clone(),
        plan_caps: shared.plan_caps.clone(),
        cameras: Arc::new(CameraCatalog::new(repos)),
        inbox: Arc::new(Inbox::new(repos, shared.notifier.clone())),
        org_settings: shared.org_settings,
        integration: Arc::new(IntegrationQueries::new(repos)),
        api_keys: Arc::new(ApiKeys::new(repos, shared.notifier)),
        local_plan: Arc::new(LocalPlan::new(
            repos,
            shared.plan_caps.clone(),
            shared.live_pipeline.clone(),
        )),
        socket_heartbeats: Arc::new(SocketHeartbeats::new(repos)),
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
        snapshots,
        incidents,
    }
}
