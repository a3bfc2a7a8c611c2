//! CameraNodes.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::fleet::{NewNode, Node, NodeChanges, NodeListing};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};

#[ambassador::delegatable_trait]
pub trait NodeRepo: Send + Sync {
    /// Inserts a node; [`super::RepoError::Conflict`] if `node_id` is taken (in any org).
    fn create(&self, org: &OrgId, node: &NewNode) -> RepoResult<Node>;

    fn get(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Option<Node>>;

    /// The node with its camera count (the API's Node object).
    fn get_listing(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Option<NodeListing>>;

    /// The org's nodes with their camera counts, oldest first.
    fn list(&self, org: &OrgId) -> RepoResult<Vec<NodeListing>>;

    fn count(&self, org: &OrgId) -> RepoResult<i64>;

    /// **Not org-scoped**: how a node authenticates (`X-Node-API-Key`, whose SHA-256 is
    /// `api_key_hash`). The org of every later call comes from the returned row.
    fn find_by_api_key_hash(&self, api_key_hash: &str) -> RepoResult<Option<Node>>;

    /// **Not org-scoped**: validate/register/heartbeat name their node in the body and prove
    /// it with the key, so the node is looked up before its org is known. The caller must
    /// compare `api_key_hash` before trusting the row.
    fn find_by_node_id_for_auth(&self, node_id: &NodeId) -> RepoResult<Option<Node>>;

    /// Applies `changes` and returns the updated node; `NotFound` if not the org's.
    fn update(&self, org: &OrgId, node_id: &NodeId, changes: &NodeChanges) -> RepoResult<Node>;

    /// Records why a register/validate failed (truncated to 500 characters) and when.
    fn record_register_error(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        message: &str,
        at: NaiveDateTime,
    ) -> RepoResult<()>;

    /// Replaces the key hash (the old key stops working at once) and stamps `key_rotated_at`.
    fn rotate_key(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        api_key_hash: &str,
        at: NaiveDateTime,
    ) -> RepoResult<Node>;

    /// Deletes the node and all its cameras in one transaction; returns the deleted cameras'
    /// ids (their live caches must be cleared).
    fn delete(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Vec<CameraId>>;

    /// **Cross-org**, for the offline sweep: nodes stored `online` whose non-null `last_seen`
    /// is before `cutoff` are set `offline`; returns them as they are now.
    fn mark_stale_offline(&self, cutoff: NaiveDateTime) -> RepoResult<Vec<Node>>;
}
