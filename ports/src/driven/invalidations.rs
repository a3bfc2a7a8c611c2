//! Telling the other instances that something this instance's read-through memories hold
//! (node keys, cameras, API keys, org plans, share links, member
//! restrictions) changed in the database, so they drop their
//! copies too. Publishing never blocks the caller; an adapter that cannot deliver at once
//! keeps retrying (invalidations are idempotent). Delivery is at most once per
//! subscription: a receiver that was disconnected drops its memories wholesale when it
//! resubscribes, and every entry expires in any case.

use sentinel_domain::ids::{CameraId, NodeId, OrgId};

/// What changed. Each memory drops the entries an invalidation names and reloads them
/// from the database on the next request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalidation {
    /// Every key of this node (rotated, node deleted or decommissioned).
    Node(NodeId),
    /// One camera of an org (registered, plan-cap flag changed, removed).
    Camera { org: OrgId, camera_id: CameraId },
    /// Everything the fleet directory holds of an org (GDPR wipe, org deleted).
    Org(OrgId),
    /// The API key with this hash (revoked).
    ApiKeyHash(String),
    /// The API key with this id.
    ApiKeyId(i64),
    /// The org's plan or billing standing.
    Plan(OrgId),
    /// The org's share links or what they open (a link revoked, a camera moved between
    /// groups, a group deleted).
    ShareLinks(OrgId),
    /// The org's member camera-group restrictions (set, cleared, a group deleted, a member
    /// removed or promoted).
    MemberAccess(OrgId),
}

/// Sends this instance's invalidations to the others.
pub trait InvalidationPublisher: Send + Sync {
    /// Never blocks and never fails: called from synchronous code on request paths.
    fn publish(&self, invalidation: Invalidation);
}

/// This instance's memories, as the receiving side sees them.
pub trait InvalidationSink: Send + Sync {
    /// Another instance's invalidation: drop locally, publish nothing.
    fn apply_remote(&self, invalidation: &Invalidation);
    /// The subscription (re)started and messages may have been missed: drop everything.
    fn forget_everything(&self);
}

/// One instance: nobody else holds a memory to invalidate.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoInvalidations;

impl InvalidationPublisher for NoInvalidations {
    fn publish(&self, _: Invalidation) {}
}
