//! The dashboard's Sentinel config (§3.2–§3.3).

use super::{AgentStatus, SentinelError, SentinelService};
use crate::audit_trail::{self, Actor};
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_domain::sentinel::{PatchError, SentinelConfig, is_eligible, read_patch};
use sentinel_ports::driven::repos::RepoResult;
use serde_json::{Value, json};

/// What `GET /api/sentinel/config` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigView {
    pub config: SentinelConfig,
    /// The effective plan.
    pub plan: Plan,
    /// Why runs may sit pending: no agent configured, never polled, wake-ups failing.
    pub agent: AgentStatus,
}

impl SentinelService {
    /// The org's config (created with the defaults on first read) and plan standing.
    pub fn config_view(&self, org: &OrgId) -> RepoResult<ConfigView> {
        let config = self
            .ports
            .repos
            .sentinel_config
            .get_or_create(org, self.now())?;
        Ok(ConfigView {
            config,
            plan: self.plan(org)?,
            agent: self.agent_status(),
        })
    }

    /// Applies a PATCH body (only present, non-null fields; unknown ones ignored) on an
    /// eligible plan. When something changed: `updated_at` moves and the audit trail gets
    /// `sentinel_config_updated {changes: ["field=value", ...]}`.
    pub fn patch_config(
        &self,
        actor: &Actor,
        body: &Value,
    ) -> Result<SentinelConfig, SentinelError> {
        let org = &actor.org_id;
        // The request model's type errors (422) come before the plan check, the value
        // rules (400) after it, as in the original.
        let patch = read_patch(body);
        if let Err(error @ PatchError::Unprocessable { .. }) = patch {
            return Err(error.into());
        }
        if !is_eligible(&self.plan(org)?) {
            return Err(SentinelError::PlanRequired);
        }
        let patch = patch?;
        let repos = &self.ports.repos;
        let at = self.now();
        let mut config = repos.sentinel_config.get_or_create(org, at)?;
        let changes = config.apply(&patch);
        if changes.is_empty() {
            return Ok(config);
        }
        let saved = repos.sentinel_config.save(org, &config, at)?;
        audit_trail::record(
            repos.audit.as_ref(),
            actor,
            at,
            "sentinel_config_updated",
            Some(&json!({"changes": changes})),
        );
        Ok(saved)
    }
}
