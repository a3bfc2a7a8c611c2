//! Named leases: one holder at a time for a time-to-live, so that among several instances
//! behind one name exactly one runs each singleton background loop (the offline sweep, the
//! e-mail worker, ...). A holder that dies simply stops renewing and the lease expires.

use async_trait::async_trait;
use std::time::Duration;

/// The lease store could not answer (Redis unreachable, timed out, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("lease store unavailable: {0}")]
pub struct LeaseError(pub String);

#[async_trait]
pub trait Lease: Send + Sync {
    /// Takes the lease `name` for `holder` when it is free, or extends it by `ttl` when
    /// `holder` has it already. `Ok(true)` when `holder` holds it afterwards, `Ok(false)`
    /// when another holder does.
    async fn acquire(&self, name: &str, holder: &str, ttl: Duration) -> Result<bool, LeaseError>;

    /// Gives the lease up, but only when `holder` still holds it.
    async fn release(&self, name: &str, holder: &str) -> Result<(), LeaseError>;

    /// Whether other instances compete for these leases (an in-process store: no).
    fn shared(&self) -> bool {
        true
    }
}
