//! Nodes proving who they are: the setup wizard's credential check, the key check shared by
//! register and heartbeat, and a node decommissioning itself.

use super::{FleetError, FleetResult, FleetService, NodeAuthFailure};
use sentinel_domain::audit::NewAuditEntry;
use sentinel_domain::fleet::Node;
use sentinel_domain::ids::NodeId;
use sentinel_domain::keys::{api_key_hash, secrets_match};
use serde_json::json;

/// Recorded on the node when the setup wizard presents a wrong key.
const VALIDATE_KEY_ERROR: &str =
    "Invalid API key — rotate the key in Settings and re-run the installer.";

/// A node whose credentials check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatedNode {
    pub node_id: NodeId,
    pub name: String,
}

/// The node named `node_id` (looked up in every org), if `raw_key` is its key.
pub(super) enum KeyCheck {
    Accepted(Node),
    UnknownNode,
    WrongKey(Node),
}

impl FleetService {
    /// `POST /api/nodes/validate`: does this key belong to this node? A wrong key is noted on
    /// the node so the dashboard can tell the operator what went wrong.
    pub fn validate_node(&self, raw_key: &str, node_id: &NodeId) -> FleetResult<ValidatedNode> {
        match self.check_node_key(raw_key, node_id)? {
            KeyCheck::Accepted(node) => Ok(ValidatedNode {
                node_id: node.node_id,
                name: node.name,
            }),
            KeyCheck::UnknownNode => Err(FleetError::NodeAuth(NodeAuthFailure::UnknownNode)),
            KeyCheck::WrongKey(node) => {
                self.note_register_error(&node, VALIDATE_KEY_ERROR);
                Err(FleetError::NodeAuth(NodeAuthFailure::WrongKey))
            }
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
        let cameras = match self.repos.nodes.delete(&node.org_id, &node.node_id) {
            Ok(cameras) => cameras,
            // Deleted meanwhile (by an admin or a second decommission).
            Err(crate::driven::repos::RepoError::NotFound(_)) => {
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
        if let Err(error) = self.repos.audit.append(&node.org_id, &entry) {
            tracing::warn!(%error, "audit row not written");
        }
        Ok(node.node_id)
    }

    /// Looks the node up by its public id (any org) and compares key hashes.
    pub(super) fn check_node_key(&self, raw_key: &str, node_id: &NodeId) -> FleetResult<KeyCheck> {
        let Some(node) = self.repos.nodes.find_by_node_id_for_auth(node_id)? else {
            return Ok(KeyCheck::UnknownNode);
        };
        if secrets_match(
            node.api_key_hash.as_bytes(),
            api_key_hash(raw_key).as_bytes(),
        ) {
            Ok(KeyCheck::Accepted(node))
        } else {
            Ok(KeyCheck::WrongKey(node))
        }
    }

    /// Stores `message` as the node's `last_register_error`; a failure here is only logged
    /// (the caller is already answering with an error of its own).
    pub(super) fn note_register_error(&self, node: &Node, message: &str) {
        let recorded = self.repos.nodes.record_register_error(
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
