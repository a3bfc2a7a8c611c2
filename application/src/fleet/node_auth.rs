//! Nodes proving who they are: the setup wizard's credential check, the key check shared by
//! register and heartbeat, and a node decommissioning itself.

use super::{FleetError, FleetResult, FleetService, NodeAuthFailure};
use sentinel_domain::audit::NewAuditEntry;
use sentinel_domain::fleet::Node;
use sentinel_domain::ids::NodeId;
use sentinel_domain::keys::{api_key_hash, secrets_match};
use serde_json::json;

/// A node whose credentials check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatedNode {
    pub node_id: NodeId,
    pub name: String,
}

/// The node named `node_id` (looked up in every org), if `raw_key` is its key.
pub(super) enum KeyCheck {
    Accepted(Box<Node>),
    UnknownNode,
    /// Nothing about the node is handed on: whoever sent a wrong key is not the node and
    /// may not change its row (node ids are visible to every member and key holder).
    WrongKey,
}

impl FleetService {
    /// `POST /api/nodes/validate`: does this key belong to this node? A wrong key changes
    /// nothing (the original noted it on the node, which let anyone write there).
    pub fn validate_node(&self, raw_key: &str, node_id: &NodeId) -> FleetResult<ValidatedNode> {
        match self.check_node_key(raw_key, node_id)? {
            KeyCheck::Accepted(node) => Ok(ValidatedNode {
                node_id: node.node_id,
                name: node.name,
            }),
            KeyCheck::UnknownNode => Err(FleetError::NodeAuth(NodeAuthFailure::UnknownNode)),
            KeyCheck::WrongKey => Err(FleetError::NodeAuth(NodeAuthFailure::WrongKey)),
        }
    }

    /// `POST /api/nodes/self/decommission`: the node holding `raw_key` deletes itself and its
    /// cameras (their live caches too). Audited as the node, not as a user.
    pub fn decommission_node(&self, raw_key: &str, ip: Option<&str>) -> FleetResult<NodeId> {
        let hash = api_key_hash(raw_key);
        let node = match self.directory.cached_node(&hash) {
            Some(known) => known,
            None => self.directory.load_node(&hash)?,
        }
        .ok_or(FleetError::NodeAuth(NodeAuthFailure::UnknownNode))?;
        let cameras = match self.nodes.delete(&node.org_id, &node.node_id) {
            Ok(cameras) => cameras,
            // Deleted meanwhile (by an admin or a second decommission).
            Err(sentinel_ports::driven::repos::RepoError::NotFound(_)) => {
                self.directory.forget_node(&node.node_id);
                return Err(FleetError::NodeAuth(NodeAuthFailure::UnknownNode));
            }
            Err(other) => return Err(other.into()),
        };
        self.drop_cameras(&node.org_id, &cameras);
        self.directory.forget_node(&node.node_id);
        let entry = NewAuditEntry::new(
            self.now_naive(),
            "node_decommissioned",
            ip,
            Some(&format!("node:{}", node.node_id)),
            None,
            Some(&json!({
                "node_id": node.node_id,
                "name": node.name,
                "initiated_by": "node",
            })),
        );
        if let Err(error) = self.audit.append(&node.org_id, &entry) {
            tracing::warn!(%error, "audit row not written");
        }
        Ok(node.node_id)
    }

    /// Looks the node up by its public id (any org) and compares key hashes. An accepted
    /// key is remembered, so the node's next calls (its socket among them) are recognised
    /// from memory.
    pub(super) fn check_node_key(&self, raw_key: &str, node_id: &NodeId) -> FleetResult<KeyCheck> {
        let generation = self.directory.node_generation();
        let Some(node) = self.nodes.find_by_node_id_for_auth(node_id)? else {
            return Ok(KeyCheck::UnknownNode);
        };
        let hash = api_key_hash(raw_key);
        if secrets_match(node.api_key_hash.as_bytes(), hash.as_bytes()) {
            self.directory.remember_node(&hash, &node, generation);
            Ok(KeyCheck::Accepted(Box::new(node)))
        } else {
            Ok(KeyCheck::WrongKey)
        }
    }

    /// Stores `message` as the node's `last_register_error`; a failure here is only logged
    /// (the caller is already answering with an error of its own).
    pub(super) fn note_register_error(&self, node: &Node, message: &str) {
        let recorded = self.nodes.record_register_error(
            &node.org_id,
            &node.node_id,
            message,
            self.now_naive(),
        );
        if let Err(error) = recorded {
            tracing::warn!(%error, node_id = %node.node_id, "register error not recorded");
        }
    }
}
