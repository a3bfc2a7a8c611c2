//! What the multi-tenant Sentinel agent's MCP access checks about an org (mcp.md §2.2):
//! its `sentinel_config` row and whether a manual run is in progress.

use super::RepoResult;
use sentinel_domain::ids::OrgId;

#[ambassador::delegatable_trait]
pub trait SentinelAgentGateRepo: Send + Sync {
    fn agent_gate(&self, org: &OrgId) -> RepoResult<SentinelAgentGate>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SentinelAgentGate {
    /// `sentinel_config.enabled`; `None` when the org has no config row.
    pub enabled: Option<bool>,
    /// A `manual` run with outcome `running` exists.
    pub manual_run_running: bool,
}

impl SentinelAgentGate {
    /// The agent may act for the org: Sentinel configured and enabled, or paused while an
    /// operator's manual run is in progress.
    pub fn admits_agent(&self) -> bool {
        match self.enabled {
            Some(true) => true,
            Some(false) => self.manual_run_running,
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paused_org_admits_the_agent_only_during_a_manual_run() {
        let gate = |enabled, manual_run_running| SentinelAgentGate {
            enabled,
            manual_run_running,
        };
        assert!(gate(Some(true), false).admits_agent());
        assert!(gate(Some(false), true).admits_agent());
        assert!(!gate(Some(false), false).admits_agent());
        assert!(!gate(None, true).admits_agent());
    }
}
