//! The dashboard's run history and manual runs (§3.3).

use super::{SentinelError, SentinelService};
use crate::audit_trail::{self, Actor};
use sentinel_domain::ids::OrgId;
use sentinel_domain::sentinel::{
    MANUAL_PROMPT_MAX_CHARS, SentinelRun, TriggerType, cap_for_plan, cap_remaining, is_eligible,
    local_midnight_utc, month_start,
};
use sentinel_ports::driven::repos::{NewRun, RepoResult, RunPage, RunQuery, RunStats};
use serde_json::json;

/// `GET /api/sentinel/runs` parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunsRequest {
    pub query: RunQuery,
}

/// A page of runs with the org's counters and cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunListing {
    pub page: RunPage,
    pub stats: RunStats,
    pub monthly_cap: i64,
    pub remaining_this_month: i64,
}

impl SentinelService {
    /// The org's runs, newest first; "today" starts at local midnight in the org's
    /// timezone, "this month" on the 1st (UTC).
    pub fn list_runs(&self, org: &OrgId, request: &RunsRequest) -> RepoResult<RunListing> {
        let repos = &self.ports.repos;
        let now = self.ports.clock.now();
        let timezone = self.ports.org_settings.timezone(org)?;
        let today = local_midnight_utc(now, Some(&timezone));
        let month = month_start(now.naive_utc());
        let page = repos.sentinel_runs.list(org, &request.query)?;
        let stats = repos.sentinel_runs.stats(org, today, month)?;
        let plan = self.plan(org)?;
        Ok(RunListing {
            page,
            monthly_cap: cap_for_plan(&plan),
            remaining_this_month: cap_remaining(&plan, stats.runs_this_month),
            stats,
        })
    }

    /// One of the org's runs (with its trace when serialised).
    pub fn run_detail(&self, org: &OrgId, run_id: &str) -> Result<SentinelRun, SentinelError> {
        self.ports
            .repos
            .sentinel_runs
            .get(org, run_id)?
            .ok_or(SentinelError::RunNotFound)
    }

    /// An operator's run: needs an eligible plan, the fleet gate open and a run left this
    /// month; ignores `enabled`, schedule, scope and cooldown, and does not check the
    /// camera. Creates the config row if missing, wakes the agent, audits
    /// `sentinel_manual_run`.
    pub fn manual_run(
        &self,
        actor: &Actor,
        prompt: &str,
        camera_id: Option<&str>,
    ) -> Result<SentinelRun, SentinelError> {
        let org = &actor.org_id;
        let repos = &self.ports.repos;
        let plan = self.plan(org)?;
        if !is_eligible(&plan) {
            return Err(SentinelError::PlanRequired);
        }
        let now = self.now();
        let month = month_start(now);
        if self.fleet_gate(month)?.is_err() {
            return Err(SentinelError::DispatchDisabled);
        }
        let cap = cap_for_plan(&plan);
        let used = repos.sentinel_runs.count_since(org, month)?;
        if used >= cap {
            return Err(SentinelError::MonthlyCapReached { cap, used });
        }
        repos.sentinel_config.get_or_create(org, now)?;
        let prompt: String = prompt.chars().take(MANUAL_PROMPT_MAX_CHARS).collect();
        let run = NewRun {
            id: new_run_id(),
            trigger_type: TriggerType::Manual.as_str().to_owned(),
            camera_id: camera_id.map(str::to_owned),
            manual_prompt: Some(prompt.clone()),
            triggered_at: now,
        };
        let Some(stored) = repos
            .sentinel_runs
            .insert_within_cap(org, &run, month, cap)?
        else {
            let used = repos.sentinel_runs.count_since(org, month)?;
            return Err(SentinelError::MonthlyCapReached { cap, used });
        };
        self.wake_agent();
        audit_trail::record(
            repos.audit.as_ref(),
            actor,
            now,
            "sentinel_manual_run",
            Some(&json!({
                "run_id": stored.id,
                "camera_id": stored.camera_id,
                "prompt_len": prompt.chars().count(),
            })),
        );
        Ok(stored)
    }
}

/// A UUID4 as 32 lowercase hex characters.
pub(super) fn new_run_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
