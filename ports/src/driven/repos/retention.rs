//! Retention-only deletes over tables whose owners' repositories do not (yet) cover them
//! (`mcp_activity_logs`, `notifications`, `email_log`, `email_outbox`,
//! `processed_webhooks`), plus the org set the daily cleanup walks. Cross-org by nature:
//! only the log-cleanup job calls these.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;

#[ambassador::delegatable_trait]
pub trait RetentionRepo: Send + Sync {
    /// Distinct non-empty `org_id`s over `stream_access_logs`, `mcp_activity_logs`,
    /// `audit_log`, `motion_events`, `notifications` and `email_log`, sorted.
    fn orgs_with_logs(&self) -> RepoResult<Vec<OrgId>>;

    fn delete_mcp_activity_older_than(
        &self,
        org: &OrgId,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize>;

    fn delete_notifications_older_than(
        &self,
        org: &OrgId,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize>;

    fn delete_email_log_older_than(&self, org: &OrgId, cutoff: NaiveDateTime) -> RepoResult<usize>;

    /// Every org: outbox rows in `sent|failed|suppressed` created before `cutoff`
    /// (pending and sending rows are never deleted).
    fn delete_terminal_outbox_older_than_all_orgs(
        &self,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize>;

    /// The global webhook ledger: rows processed before `cutoff`.
    fn delete_processed_webhooks_older_than(&self, cutoff: NaiveDateTime) -> RepoResult<usize>;
}
