//! The audit trail.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::audit::{AuditEntry, AuditPage, AuditQuery, NewAuditEntry};
use sentinel_domain::ids::OrgId;

#[ambassador::delegatable_trait]
pub trait AuditRepo: Send + Sync {
    fn append(&self, org: &OrgId, entry: &NewAuditEntry) -> RepoResult<AuditEntry>;

    /// Newest first (by timestamp, then id), filtered and paged; `total` counts every match.
    fn list(&self, org: &OrgId, query: &AuditQuery) -> RepoResult<AuditPage>;

    /// Retention: deletes the org's entries older than `cutoff`; returns how many.
    fn delete_older_than(&self, org: &OrgId, cutoff: NaiveDateTime) -> RepoResult<usize>;
}
