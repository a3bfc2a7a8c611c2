//! `stream_access_logs`: who opened which live stream.

use super::RepoResult;
use sentinel_domain::ids::OrgId;
use sentinel_domain::live::StreamAccess;

pub trait StreamAccessRepo: Send + Sync {
    /// Inserts the org's rows in one transaction; returns how many were written.
    fn record_stream_accesses(&self, org: &OrgId, rows: &[StreamAccess]) -> RepoResult<usize>;
}
