//! The reaper (§3.7): stranded `running` runs and abandoned `pending` ones become `error`;
//! old pending runs wake the agent again.

use super::SentinelService;
use sentinel_domain::sentinel::{
    Outcome, PENDING_ABANDONED_AFTER, PENDING_WAKEUP_AFTER, RUNNING_STRANDED_AFTER,
};
use sentinel_ports::driven::repos::RepoResult;

const STRANDED_SUMMARY: &str = "Run was stranded: it never completed within 20 minutes of starting and was reaped automatically.";
const ABANDONED_SUMMARY: &str =
    "Run was abandoned: no agent claimed it within 6 hours of being triggered.";

/// What one sweep did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReapReport {
    /// Running runs started more than 20 minutes ago, now `error`.
    pub stranded: Vec<String>,
    /// Pending runs triggered more than 6 hours ago, now `error`.
    pub abandoned: Vec<String>,
    /// A pending run older than 2 minutes made the sweep wake the agent.
    pub woke_agent: bool,
}

impl SentinelService {
    /// One sweep across every org.
    pub fn reap(&self) -> RepoResult<ReapReport> {
        let runs = &self.ports.repos.sentinel_runs;
        let now = self.now();
        let stranded = runs.fail_stale_any_org(
            Outcome::Running,
            now - RUNNING_STRANDED_AFTER,
            STRANDED_SUMMARY,
            now,
        )?;
        let woke_agent = runs.any_pending_before_any_org(now - PENDING_WAKEUP_AFTER)?;
        if woke_agent {
            self.wake_agent();
        }
        let abandoned = runs.fail_stale_any_org(
            Outcome::Pending,
            now - PENDING_ABANDONED_AFTER,
            ABANDONED_SUMMARY,
            now,
        )?;
        if !stranded.is_empty() || !abandoned.is_empty() {
            tracing::warn!(
                stranded = stranded.len(),
                abandoned = abandoned.len(),
                "sentinel runs reaped"
            );
        }
        Ok(ReapReport {
            stranded,
            abandoned,
            woke_agent,
        })
    }
}
