//! Local mode has no billing: `LOCAL_PLAN` is the plan of every local org that has none.
//! The first session of an org writes it to the org's `org_plan` Setting, so every check
//! that reads the stored plan (camera caps on register, the viewer-hour cap, MCP limits,
//! Sentinel) agrees with the plan the session token carries. An org whose plan was set
//! otherwise (a billing webhook, an operator) keeps it, and its sessions carry it.

use crate::fleet::PlanCaps;
use crate::live::LivePipeline;
use chrono::{DateTime, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_domain::settings::ORG_PLAN;
use sentinel_ports::driven::repos::{RepoResult, Repositories, SettingsRepo};
use std::sync::Arc;

/// The plan a local-mode org runs on.
pub struct LocalPlan {
    settings: Arc<dyn SettingsRepo>,
    caps: Arc<PlanCaps>,
    live: Arc<LivePipeline>,
}

impl LocalPlan {
    pub fn new(repos: &Repositories, caps: Arc<PlanCaps>, live: Arc<LivePipeline>) -> Self {
        Self {
            settings: repos.settings.clone(),
            caps,
            live,
        }
    }

    /// The plan `org`'s sessions carry: its stored plan, or `local_plan` stored now when it has
    /// none (then the live path re-reads it and the camera cap follows). **Blocking.**
    pub fn settle_local_plan(
        &self,
        org: &OrgId,
        local_plan: &Plan,
        now: DateTime<Utc>,
    ) -> RepoResult<Plan> {
        if let Some(stored) = self
            .settings
            .get(org, ORG_PLAN)?
            .filter(|plan| !plan.is_empty())
        {
            return Ok(Plan::new(stored));
        }
        self.settings
            .set_many(org, &[(ORG_PLAN, local_plan.as_str())], now.naive_utc())?;
        self.live.forget_org_plan(org);
        self.caps.enforce_camera_cap(org, now)?;
        Ok(local_plan.clone())
    }
}
