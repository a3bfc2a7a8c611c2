//! Local mode has no billing: `LOCAL_PLAN` is the plan of every local org that has none.
//! The first session of an org writes it to the org's `org_plan` Setting, so every check
//! that reads the stored plan (camera caps on register, the viewer-hour cap, MCP limits,
//! Sentinel) agrees with the plan the session token carries. An org whose plan was set
//! otherwise (a billing webhook, an operator) keeps it, and its sessions carry it.

use crate::fleet::enforce_camera_cap;
use crate::fleet_directory::FleetDirectory;
use crate::live::LivePipeline;
use chrono::{DateTime, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_domain::settings::ORG_PLAN;
use sentinel_ports::driven::repos::{RepoResult, Repositories};

/// The plan `org`'s sessions carry: its stored plan, or `local_plan` stored now when it has
/// none (then the live path re-reads it and the camera cap follows). **Blocking.**
pub fn settle_local_plan(
    repos: &Repositories,
    fleet_directory: &FleetDirectory,
    live: &LivePipeline,
    org: &OrgId,
    local_plan: &Plan,
    now: DateTime<Utc>,
) -> RepoResult<Plan> {
    if let Some(stored) = repos
        .settings
        .get(org, ORG_PLAN)?
        .filter(|plan| !plan.is_empty())
    {
        return Ok(Plan::new(stored));
    }
    repos
        .settings
        .set_many(org, &[(ORG_PLAN, local_plan.as_str())], now.naive_utc())?;
    live.forget_org_plan(org);
    enforce_camera_cap(repos, fleet_directory, org, now)?;
    Ok(local_plan.clone())
}
