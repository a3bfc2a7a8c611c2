//! The settings danger zone: wiping the org's access logs (paid plans only) and the full
//! reset, GDPR Art. 17 erasure of every org row after asking each node to wipe itself.

use crate::audit_trail::{self, Actor};
use crate::blocking::unblock;
use crate::fleet::{effective_plan, request_node_wipe};
use crate::fleet_directory::FleetDirectory;
use crate::gdpr;
use crate::live::LivePipeline;
use crate::motion::MotionIngestion;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::node_commands::NodeCommands;
use sentinel_ports::driven::repos::{
    AuditRepo, CameraRepo, GdprRepo, NodeRepo, RepoError, Repositories, SettingsRepo, TableCounts,
    WipedLogs,
};
use serde_json::json;
use std::sync::Arc;

/// Why the danger zone refused.
#[derive(Debug, thiserror::Error)]
pub enum DangerError {
    /// The session's plan features do not include the danger zone.
    #[error("Danger zone requires a Pro or Pro Plus plan.")]
    FeatureRequired,
    /// The session says paid, the billing record does not (a stale session, or a lapse).
    #[error("Danger zone requires an active paid plan")]
    PaidPlanRequired,
    #[error(transparent)]
    Storage(#[from] RepoError),
}

/// What a full reset did: how many nodes confirmed their wipe, and the rows deleted per
/// table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullReset {
    pub nodes_wiped: u64,
    pub deleted: TableCounts,
}

/// The repository ports the danger zone reads and clears.
#[derive(Clone)]
pub struct DangerZoneRepos {
    pub settings: Arc<dyn SettingsRepo>,
    pub gdpr: Arc<dyn GdprRepo>,
    pub audit: Arc<dyn AuditRepo>,
    pub nodes: Arc<dyn NodeRepo>,
    pub cameras: Arc<dyn CameraRepo>,
}

impl DangerZoneRepos {
    pub fn new(repos: &Repositories) -> Self {
        Self {
            settings: repos.settings.clone(),
            gdpr: repos.gdpr.clone(),
            audit: repos.audit.clone(),
            nodes: repos.nodes.clone(),
            cameras: repos.cameras.clone(),
        }
    }
}

/// The ports and in-memory state the danger zone clears.
#[derive(Clone)]
pub struct DangerZone {
    pub repos: DangerZoneRepos,
    pub node_commands: Arc<dyn NodeCommands>,
    pub live: Arc<dyn LiveStore>,
    pub directory: Arc<FleetDirectory>,
    pub pipeline: Arc<LivePipeline>,
    pub motion: Arc<MotionIngestion>,
    pub clock: Arc<dyn Clock>,
}

impl DangerZone {
    /// Deletes every stream access log and MCP activity log of the actor's org. Needs the
    /// session feature (`has_feature`) and an effective plan of `pro` or `pro_plus`.
    pub async fn wipe_logs(
        &self,
        actor: &Actor,
        has_feature: bool,
    ) -> Result<WipedLogs, DangerError> {
        if !has_feature {
            return Err(DangerError::FeatureRequired);
        }
        let (repos, actor, now) = (self.repos.clone(), actor.clone(), self.clock.now());
        unblock(move || {
            let plan = effective_plan(repos.settings.as_ref(), &actor.org_id, now)?;
            if !plan.is_paid() {
                return Err(DangerError::PaidPlanRequired);
            }
            let wiped = repos.gdpr.wipe_access_logs(&actor.org_id)?;
            let details = json!({
                "stream_logs_deleted": wiped.stream_logs,
                "mcp_logs_deleted": wiped.mcp_logs,
            });
            audit_trail::record(
                repos.audit.as_ref(),
                &actor,
                now.naive_utc(),
                "logs_wiped",
                Some(&details),
            );
            Ok(wiped)
        })
        .await
    }

    /// Erases all of the org's data (every plan): each node is asked to wipe itself
    /// (`wipe_data`, 10 s each, one after the other), the cameras' live caches are dropped,
    /// every org row is deleted, then a `full_reset` audit row (the org's only one left)
    /// records the per-table counts, and memory forgets the org.
    pub async fn full_reset(&self, actor: &Actor) -> Result<FullReset, DangerError> {
        let org = &actor.org_id;
        let (repos, listed_org) = (self.repos.clone(), org.clone());
        let (nodes, cameras) = unblock(move || {
            Ok::<_, RepoError>((
                repos.nodes.list(&listed_org)?,
                repos.cameras.list(&listed_org)?,
            ))
        })
        .await?;

        let mut nodes_wiped = 0_u64;
        for listing in &nodes {
            if request_node_wipe(self.node_commands.as_ref(), &listing.node.node_id).await {
                nodes_wiped += 1;
            }
        }
        for listing in &cameras {
            self.live.drop_camera(&listing.camera.camera_id);
        }

        let (repos, erasing, at) = (
            self.repos.clone(),
            actor.clone(),
            self.clock.now().naive_utc(),
        );
        let deleted = unblock(move || {
            let counts = gdpr::delete_org_data(repos.gdpr.as_ref(), &erasing.org_id)?;
            let details = serde_json::to_value(&counts).unwrap_or_default();
            audit_trail::record(
                repos.audit.as_ref(),
                &erasing,
                at,
                "full_reset",
                Some(&details),
            );
            Ok::<_, RepoError>(counts)
        })
        .await?;
        // Nothing of the org is left to remember.
        self.directory.forget_org(org);
        self.pipeline.forget_org_plan(org);
        self.motion.forget_switch(org);
        Ok(FullReset {
            nodes_wiped,
            deleted,
        })
    }
}
