//! The single-instance lease: with nobody else to share the work with, every holder gets
//! every lease, so singleton loops run as ordinary loops.

use async_trait::async_trait;
use sentinel_ports::driven::lease::{Lease, LeaseError};
use std::time::Duration;

#[derive(Debug, Default, Clone, Copy)]
pub struct MemoryLease;

#[async_trait]
impl Lease for MemoryLease {
    async fn acquire(
        &self,
        _name: &str,
        _holder: &str,
        _ttl: Duration,
    ) -> Result<bool, LeaseError> {
        Ok(true)
    }

    async fn release(&self, _name: &str, _holder: &str) -> Result<(), LeaseError> {
        Ok(())
    }

    fn shared(&self) -> bool {
        false
    }
}
