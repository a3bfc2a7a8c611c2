//! The agent's service endpoints (§3.4): org-agnostic, authenticated by the shared agent
//! key; the org of every change comes from the run row.

use super::{AgentStatus, SentinelError, SentinelService};
use sentinel_domain::keys::secrets_match;
use sentinel_domain::sentinel::{
    CompletionRule, Outcome, SentinelRun, completion_rule, read_completion,
};
use sentinel_ports::driven::repos::RepoResult;
use serde_json::Value;

/// Why an agent call is refused (401 with this text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AgentAuthError {
    #[error("agent auth not configured")]
    NotConfigured,
    #[error("invalid agent key")]
    InvalidKey,
}

/// A `/complete` body, as the handler read it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompleteRequest {
    pub outcome: String,
    pub severity: Option<String>,
    pub incident_id: Option<i64>,
    pub summary: String,
    pub tool_call_count: i64,
    pub tool_trace: Option<Vec<Value>>,
}

impl SentinelService {
    /// Checks `X-Sentinel-Agent-Key` (raw header bytes, read as Latin-1 like the original)
    /// against `SENTINEL_AGENT_KEY` in constant time. Never blocks.
    pub fn authenticate_agent(&self, presented: Option<&[u8]>) -> Result<(), AgentAuthError> {
        let expected = self.ports.settings.agent_key.as_bytes();
        if expected.is_empty() {
            return Err(AgentAuthError::NotConfigured);
        }
        let presented: String = presented
            .ok_or(AgentAuthError::InvalidKey)?
            .iter()
            .map(|&byte| char::from(byte))
            .collect();
        if secrets_match(presented.as_bytes(), expected) {
            Ok(())
        } else {
            Err(AgentAuthError::InvalidKey)
        }
    }

    /// Pending runs of every org, oldest first. The call is how the agent drains work, so
    /// it also marks the agent as seen.
    pub fn pending_runs(&self, limit: i64) -> RepoResult<Vec<SentinelRun>> {
        self.activity.polled(self.ports.clock.now());
        self.ports.repos.sentinel_runs.pending_any_org(limit)
    }

    /// What this instance has seen of the agent, with the deployment's configuration.
    pub fn agent_status(&self) -> AgentStatus {
        let settings = &self.ports.settings;
        AgentStatus {
            wakeup_configured: !settings.webhook_url.is_empty() && !settings.agent_key.is_empty(),
            agent_key_configured: !settings.agent_key.is_empty(),
            last_poll_at: self.activity.last_poll_at(),
            last_wakeup: self.activity.last_wakeup(),
        }
    }

    /// Claims a pending run (`running`, `started_at = now`). Returns the run and whether
    /// this call claimed it; a run that is not pending is returned unchanged.
    pub fn start_run(&self, run_id: &str) -> Result<(SentinelRun, bool), SentinelError> {
        let runs = &self.ports.repos.sentinel_runs;
        runs.get_any_org(run_id)?
            .ok_or(SentinelError::RunNotFound)?;
        let claimed = runs.claim_any_org(run_id, self.now())?;
        let run = runs
            .get_any_org(run_id)?
            .ok_or(SentinelError::RunNotFound)?;
        Ok((run, claimed))
    }

    /// Records the agent's result. A terminal run keeps its first outcome, except that an
    /// `error` may become `incident` or `no_action`; an incident id must be the run's org's.
    pub fn complete_run(
        &self,
        run_id: &str,
        request: &CompleteRequest,
    ) -> Result<SentinelRun, SentinelError> {
        let completion = read_completion(
            &request.outcome,
            request.severity.as_deref(),
            request.incident_id,
            &request.summary,
            request.tool_call_count,
            request.tool_trace.as_deref(),
        )?;
        let repos = &self.ports.repos;
        let run = repos
            .sentinel_runs
            .get_any_org(run_id)?
            .ok_or(SentinelError::RunNotFound)?;
        if completion_rule(&run.outcome, completion.outcome) == CompletionRule::Keep {
            return Ok(run);
        }
        if let Some(incident_id) = completion.incident_id
            && repos.incidents.get(&run.org_id, incident_id)?.is_none()
        {
            return Err(SentinelError::IncidentNotInOrg);
        }
        let mut from = vec![Outcome::Pending, Outcome::Running];
        if completion.outcome != Outcome::Error {
            from.push(Outcome::Error);
        }
        repos
            .sentinel_runs
            .complete_any_org(run_id, &from, &completion, self.now())?;
        repos
            .sentinel_runs
            .get_any_org(run_id)?
            .ok_or(SentinelError::RunNotFound)
    }
}
