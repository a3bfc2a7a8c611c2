//! `get_system_status`: the org at a glance (mcp.md §4.1).

use super::ToolResult;
use crate::fleet::nominal_plan;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OnlineCounts {
    pub total: usize,
    pub online: usize,
    pub offline: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemStatus {
    pub org_id: OrgId,
    /// The nominal plan (not the grace-aware effective one).
    pub plan: Plan,
    pub cameras: OnlineCounts,
    pub nodes: OnlineCounts,
}

impl super::McpTools {
    /// A camera is online unless its effective status is `offline`; a node unless it is
    /// `offline` or still `pending`.
    pub fn system_status(&self, org: &OrgId, now: NaiveDateTime) -> ToolResult<SystemStatus> {
        let plan = nominal_plan(self.settings.as_ref(), org)?;
        let cameras = count(
            self.cameras
                .list(org)?
                .iter()
                .map(|listing| listing.camera.effective_status(now) != "offline"),
        );
        let nodes = count(self.nodes.list(org)?.iter().map(|listing| {
            !matches!(
                listing.node.effective_status(now).as_str(),
                "offline" | "pending"
            )
        }));
        Ok(SystemStatus {
            org_id: org.clone(),
            plan,
            cameras,
            nodes,
        })
    }
}

fn count(online: impl Iterator<Item = bool>) -> OnlineCounts {
    online.fold(OnlineCounts::default(), |mut counts, is_online| {
        counts.total += 1;
        if is_online {
            counts.online += 1;
        } else {
            counts.offline += 1;
        }
        counts
    })
}
