//! Operators managing their org's nodes: create (with a one-time key), list, inspect,
//! rotate keys, delete; and the plan/usage summary the dashboard shows.

use super::{FleetError, FleetResult, FleetService, new_api_key, new_node_id};
use crate::audit_trail::{self, Actor};
use crate::blocking::unblock;
use chrono::NaiveDateTime;
use sentinel_domain::fleet::NodeCommand;
use sentinel_domain::fleet::{NewNode, NodeListing, VersionVerdict};
use sentinel_domain::identity::AuthUser;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::plans::{BillingStanding, GraceWindow, Plan, PlanLimits};
use sentinel_domain::settings::{
    PAYMENT_PAST_DUE, PAYMENT_PAST_DUE_AT, PLAN_CANCEL_PENDING, is_on,
};
use sentinel_ports::driven::node_commands::{NodeCommands, WIPE_TIMEOUT};
use sentinel_ports::driven::repos::RepoError;
use serde_json::json;

/// How many fresh node ids to try before giving up on a (vanishingly unlikely) collision.
const NODE_ID_ATTEMPTS: usize = 5;

/// A node just created; `api_key` is shown once and never stored in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedNode {
    pub node_id: NodeId,
    pub name: String,
    pub api_key: String,
}

/// A node with its version standing, as the node list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedNode {
    pub listing: NodeListing,
    pub version: VersionVerdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedNode {
    pub node_id: NodeId,
    pub cameras: Vec<CameraId>,
    pub node_wiped: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotatedKey {
    pub node_id: NodeId,
    pub api_key: String,
    pub key_rotated_at: NaiveDateTime,
}

/// The plan, limits and usage of the caller's org (`GET /api/nodes/plan`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOverview {
    /// The session's plan (`free_org`, `pro`, `pro_plus`, ...).
    pub plan: Plan,
    pub plan_name: &'static str,
    pub features: Vec<String>,
    pub limits: PlanLimits,
    pub nodes: i64,
    pub cameras: i64,
    /// Viewer-seconds used this month.
    pub viewer_seconds: i64,
    pub payment_past_due: bool,
    pub grace: Option<GraceWindow>,
    pub plan_cancel_pending: bool,
}

impl PlanOverview {
    /// Hours used this month, rounded to 2 decimals.
    pub fn viewer_hours_used(&self) -> f64 {
        let hours = self.viewer_seconds as f64 / 3600.0;
        (hours * 100.0).round() / 100.0
    }
}

impl FleetService {
    /// `admin+billing`: refuses changes while the org's payment is past due (no grace).
    pub fn require_active_billing(&self, org: &OrgId) -> FleetResult<()> {
        let past_due = self.settings.get(org, PAYMENT_PAST_DUE)?;
        if is_on(past_due.as_deref(), false) {
            Err(FleetError::PaymentPastDue)
        } else {
            Ok(())
        }
    }

    /// Creates a `pending` node with a fresh key, within the session plan's node cap.
    pub fn create_node(
        &self,
        actor: &Actor,
        session_plan: &Plan,
        name: Option<&str>,
    ) -> FleetResult<CreatedNode> {
        let org = &actor.org_id;
        let max_nodes = session_plan.limits().max_nodes;
        if self.nodes.count(org)? >= i64::from(max_nodes) {
            return Err(FleetError::NodeLimitReached {
                max_nodes,
                plan_name: session_plan.display_name(),
            });
        }
        let now = self.now_naive();
        let mut attempts = 0;
        let (node, api_key) = loop {
            attempts += 1;
            let api_key = new_api_key();
            let node_id = new_node_id();
            let name = name
                .filter(|name| !name.is_empty())
                .map_or_else(|| format!("Node-{node_id}"), str::to_owned);
            let new_node = NewNode {
                node_id,
                name,
                api_key_hash: api_key_hash(&api_key),
                status: "pending".to_owned(),
                created_at: now,
            };
            match self.nodes.create(org, &new_node) {
                Ok(node) => break (node, api_key),
                Err(RepoError::Conflict(_)) if attempts < NODE_ID_ATTEMPTS => {}
                Err(other) => return Err(other.into()),
            }
        };
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            now,
            "node_created",
            Some(&json!({"node_id": node.node_id, "name": node.name})),
        );
        Ok(CreatedNode {
            node_id: node.node_id,
            name: node.name,
            api_key,
        })
    }

    /// The org's nodes, oldest first, each with its version standing.
    pub fn list_nodes(&self, org: &OrgId) -> FleetResult<Vec<ListedNode>> {
        Ok(self
            .nodes
            .list(org)?
            .into_iter()
            .map(|listing| ListedNode {
                version: self.versions.check(listing.node.node_version.as_deref()),
                listing,
            })
            .collect())
    }

    /// The org's nodes that hold a live WebSocket right now, oldest first.
    pub fn connected_nodes(
        &self,
        org: &OrgId,
        sockets: &dyn NodeCommands,
    ) -> FleetResult<Vec<NodeId>> {
        Ok(self
            .nodes
            .list(org)?
            .into_iter()
            .map(|listing| listing.node.node_id)
            .filter(|node_id| sockets.is_connected(node_id))
            .collect())
    }

    pub fn get_node(&self, org: &OrgId, node_id: &NodeId) -> FleetResult<NodeListing> {
        self.nodes
            .get_listing(org, node_id)?
            .ok_or(FleetError::NodeNotFound)
    }

    /// Deletes an org's node the way the dashboard does: the node is first asked to wipe
    /// its local data and credentials (an offline node is deleted all the same), then
    /// [`delete_node`](Self::delete_node) records whether it confirmed.
    pub async fn wipe_and_delete_node(
        &self,
        node_commands: &dyn NodeCommands,
        actor: &Actor,
        node_id: &NodeId,
    ) -> FleetResult<DeletedNode> {
        // Another org's node, or none: refused before anything is sent to a node.
        let (service, org, id) = (self.clone(), actor.org_id.clone(), node_id.clone());
        unblock(move || service.get_node(&org, &id)).await?;
        let node_wiped = request_node_wipe(node_commands, node_id).await;
        let (service, actor, id) = (self.clone(), actor.clone(), node_id.clone());
        unblock(move || service.delete_node(&actor, &id, node_wiped)).await
    }

    /// Deletes the node and its cameras, clears their live caches and forgets its key.
    /// `node_wiped` is what the node answered to the wipe command, if it was asked.
    pub fn delete_node(
        &self,
        actor: &Actor,
        node_id: &NodeId,
        node_wiped: bool,
    ) -> FleetResult<DeletedNode> {
        let org = &actor.org_id;
        let node = self
            .nodes
            .get(org, node_id)?
            .ok_or(FleetError::NodeNotFound)?;
        let cameras = self.nodes.delete(org, node_id)?;
        self.drop_cameras(org, &cameras);
        self.directory.forget_node(node_id);
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            self.now_naive(),
            "node_deleted",
            Some(&json!({"node_id": node_id, "name": node.name, "node_wiped": node_wiped})),
        );
        Ok(DeletedNode {
            node_id: node.node_id,
            cameras,
            node_wiped,
        })
    }

    /// Issues a new key; the old one stops working at once (for HTTP; an open WebSocket
    /// keeps running until it reconnects).
    pub fn rotate_node_key(&self, actor: &Actor, node_id: &NodeId) -> FleetResult<RotatedKey> {
        let now = self.now_naive();
        let api_key = new_api_key();
        let node = self
            .nodes
            .rotate_key(&actor.org_id, node_id, &api_key_hash(&api_key), now)?;
        self.directory.forget_node(node_id);
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            now,
            "node_key_rotated",
            Some(&json!({"node_id": node.node_id, "name": node.name})),
        );
        Ok(RotatedKey {
            node_id: node.node_id,
            api_key,
            key_rotated_at: node.key_rotated_at.unwrap_or(now),
        })
    }

    /// Plan and limits from the session (`pla`), usage and billing standing from the org.
    pub fn plan_overview(&self, user: &AuthUser, viewer_seconds: i64) -> FleetResult<PlanOverview> {
        let org = &user.org_id;
        let settings = self.settings.get_many(
            org,
            &[PAYMENT_PAST_DUE, PAYMENT_PAST_DUE_AT, PLAN_CANCEL_PENDING],
        )?;
        let setting = |key: &str| settings.get(key).map(String::as_str);
        let standing =
            BillingStanding::from_settings(setting(PAYMENT_PAST_DUE), setting(PAYMENT_PAST_DUE_AT));
        Ok(PlanOverview {
            plan: user.plan.clone(),
            plan_name: user.plan.display_name(),
            features: user.features.clone(),
            limits: user.plan.limits(),
            nodes: self.nodes.count(org)?,
            cameras: self.cameras.count(org)?,
            viewer_seconds,
            payment_past_due: standing.past_due,
            grace: standing.grace(self.now()),
            plan_cancel_pending: is_on(setting(PLAN_CANCEL_PENDING), false),
        })
    }
}

/// Asks a node to wipe its local data and credentials before it is deleted (`wipe_data`,
/// 10 s). `true` only when the node answers `status: success`; an offline node, a timeout
/// or an error is tolerated and reads `false`.
pub async fn request_node_wipe(sockets: &dyn NodeCommands, node_id: &NodeId) -> bool {
    match sockets
        .send(node_id, NodeCommand::WipeData, json!({}), WIPE_TIMEOUT)
        .await
    {
        Ok(result) => result.get("status").and_then(serde_json::Value::as_str) == Some("success"),
        Err(error) => {
            tracing::info!(%error, node_id = %node_id, "node not wiped before deletion");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overview(viewer_seconds: i64) -> PlanOverview {
        PlanOverview {
            plan: Plan::FREE,
            plan_name: "Free",
            features: Vec::new(),
            limits: Plan::FREE.limits(),
            nodes: 0,
            cameras: 0,
            viewer_seconds,
            payment_past_due: false,
            grace: None,
            plan_cancel_pending: false,
        }
    }

    #[test]
    fn viewer_hours_round_to_two_decimals() {
        assert!((overview(12345).viewer_hours_used() - 3.43).abs() < 1e-9);
        assert!(overview(0).viewer_hours_used().abs() < 1e-9);
    }
}
