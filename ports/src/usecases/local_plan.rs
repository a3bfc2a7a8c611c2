//! Local mode has no billing: `LOCAL_PLAN` is every local org's plan. Issuing a session
//! writes it to the org's `org_plan` Setting, so every check that reads the stored plan
//! (camera caps on register, the viewer-hour cap, MCP limits, Sentinel) agrees with the
//! plan the session token carries.

use crate::driven::repos::{RepoResult, Repositories};
use crate::usecases::fleet::enforce_camera_cap;
use crate::usecases::fleet_directory::FleetDirectory;
use crate::usecases::live::LivePipeline;
use chrono::{DateTime, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::settings::ORG_PLAN;

/// Stores `plan` as the org's plan when it differs; then the live path re-reads it and the
/// camera cap follows. Returns whether anything changed. **Blocking.**
pub fn adopt_local_plan(
    repos: &Repositories,
    fleet_directory: &FleetDirectory,
    live: &LivePipeline,
    org: &OrgId,
    plan: &str,
    now: DateTime<Utc>,
) -> RepoResult<bool> {
    if repos.settings.get(org, ORG_PLAN)?.as_deref() == Some(plan) {
        return Ok(false);
    }
    repos
        .settings
        .set_many(org, &[(ORG_PLAN, plan)], now.naive_utc())?;
    live.forget_org_plan(org);
    enforce_camera_cap(repos, fleet_directory, org, now)?;
    Ok(true)
}
