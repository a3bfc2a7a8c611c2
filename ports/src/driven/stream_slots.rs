//! Places in an org's pool of open server-sent event streams, counted across every
//! instance behind one name (Redis). A single instance counts in memory and needs none.

use async_trait::async_trait;
use sentinel_domain::ids::OrgId;

#[derive(Debug, thiserror::Error)]
#[error("stream slot store unavailable: {0}")]
pub struct StreamSlotsError(pub String);

/// One claimed place, named so it can be given back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClaimedSlot(pub String);

#[async_trait]
pub trait StreamSlots: Send + Sync {
    /// Takes one of `org`'s `cap` places in the `stream` pool (`motion`, `notification`,
    /// ...), or `Ok(None)` when every instance together already holds `cap`.
    async fn claim(
        &self,
        stream: &str,
        org: &OrgId,
        cap: usize,
    ) -> Result<Option<ClaimedSlot>, StreamSlotsError>;

    /// Gives a place back. Never blocks (called from `Drop`); a place that is not given
    /// back (a crashed instance) expires by itself.
    fn release(&self, stream: &str, org: &OrgId, slot: ClaimedSlot);
}
