//! The Sentinel AI agent's command-center side (integration-and-sentinel.md §3): the
//! dashboard's config and runs, manual runs, dispatch from notifications through every gate,
//! the agent's service endpoints (pending / start / complete, authenticated by the shared
//! agent key), the wake-up webhook and the reaper of stranded runs.
//!
//! [`SentinelService`] holds the ports and the fleet-wide settings; every method except
//! [`SentinelService::authenticate_agent`] is **blocking** (repository work): call it off
//! the async runtime.

mod activity;
mod agent;
mod config;
mod dispatch;
mod reaper;
mod runs;
mod wakeup;

pub use activity::{AgentActivity, AgentStatus, WakeupAttempt};
pub use agent::{AgentAuthError, CompleteRequest};
pub use config::ConfigView;
pub use dispatch::DispatchResult;
pub use reaper::ReapReport;
pub use runs::{RunListing, RunsRequest};
pub use wakeup::signed_wakeup;

use crate::fleet::effective_plan;
use crate::org_settings::OrgSettings;
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_domain::sentinel::{
    CompletionError, DispatchRefusal, FleetSwitches, PatchError, fleet_gate,
};
use sentinel_ports::driven::agent_wakeup::AgentWakeup;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::{
    AuditRepo, IncidentRepo, RepoError, RepoResult, Repositories, SentinelConfigRepo,
    SentinelRunRepo, SettingsRepo,
};
use std::sync::Arc;

/// Deployment settings (`SENTINEL_AGENT_KEY`, `SENTINEL_AGENT_WEBHOOK_URL`,
/// `SENTINEL_DISPATCH_ENABLED`, `SENTINEL_GLOBAL_MONTHLY_RUN_CAP`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentinelSettings {
    /// Authenticates the agent's calls and signs wake-ups; empty = agent auth not configured.
    pub agent_key: String,
    /// Where wake-ups go; empty = none sent.
    pub webhook_url: String,
    pub switches: FleetSwitches,
}

/// The repository ports Sentinel reads and writes.
#[derive(Clone)]
pub struct SentinelRepos {
    pub sentinel_config: Arc<dyn SentinelConfigRepo>,
    pub sentinel_runs: Arc<dyn SentinelRunRepo>,
    pub settings: Arc<dyn SettingsRepo>,
    pub incidents: Arc<dyn IncidentRepo>,
    pub audit: Arc<dyn AuditRepo>,
}

impl SentinelRepos {
    pub fn new(repos: &Repositories) -> Self {
        Self {
            sentinel_config: repos.sentinel_config.clone(),
            sentinel_runs: repos.sentinel_runs.clone(),
            settings: repos.settings.clone(),
            incidents: repos.incidents.clone(),
            audit: repos.audit.clone(),
        }
    }
}

#[derive(Clone)]
pub struct SentinelPorts {
    pub repos: SentinelRepos,
    pub org_settings: Arc<OrgSettings>,
    pub clock: Arc<dyn Clock>,
    pub wakeup: Arc<dyn AgentWakeup>,
    pub settings: SentinelSettings,
}

/// Why a Sentinel operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SentinelError {
    /// 402 `{"detail": {"error": "plan_required", "plan": "pro"}}`.
    #[error("plan_required")]
    PlanRequired,
    /// 503 `{"detail": {"error": "sentinel_dispatch_disabled"}}` (kill-switch or global cap).
    #[error("dispatch_globally_disabled")]
    DispatchDisabled,
    /// 429 `{"detail": {"error": "monthly_cap_reached", "cap", "used"}}`.
    #[error("monthly_cap_reached")]
    MonthlyCapReached { cap: i64, used: i64 },
    /// 404 `run not found` (also another org's run).
    #[error("run not found")]
    RunNotFound,
    /// 400 or 422, as the patch error says.
    #[error(transparent)]
    Patch(#[from] PatchError),
    /// 400.
    #[error(transparent)]
    Completion(#[from] CompletionError),
    /// 400.
    #[error("incident_id does not belong to this run's org")]
    IncidentNotInOrg,
    #[error(transparent)]
    Storage(#[from] RepoError),
}

pub struct SentinelService {
    ports: SentinelPorts,
    /// Shared with in-flight wake-ups, which report their outcome into it.
    activity: Arc<AgentActivity>,
}

impl SentinelService {
    pub fn new(ports: SentinelPorts) -> Self {
        Self {
            ports,
            activity: Arc::default(),
        }
    }

    pub fn settings(&self) -> &SentinelSettings {
        &self.ports.settings
    }

    fn now(&self) -> chrono::NaiveDateTime {
        self.ports.clock.now().naive_utc()
    }

    /// Gate 1 (§3.1): the kill-switch, then the fleet's runs this month against the global
    /// cap, counted only when a cap is set.
    fn fleet_gate(
        &self,
        month_start: chrono::NaiveDateTime,
    ) -> RepoResult<Result<(), DispatchRefusal>> {
        let switches = self.ports.settings.switches;
        let fleet_runs = if switches.dispatch_enabled && switches.global_monthly_run_cap > 0 {
            self.ports
                .repos
                .sentinel_runs
                .count_since_any_org(month_start)?
        } else {
            0
        };
        Ok(fleet_gate(switches, fleet_runs))
    }

    /// The org's effective plan (past-due grace applied).
    fn plan(&self, org: &OrgId) -> RepoResult<Plan> {
        effective_plan(
            self.ports.repos.settings.as_ref(),
            org,
            self.ports.clock.now(),
        )
    }
}
