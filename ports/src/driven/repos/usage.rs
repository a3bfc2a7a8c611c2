//! `org_monthly_usage`: viewer-seconds per org and calendar month.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;

#[ambassador::delegatable_trait]
pub trait UsageRepo: Send + Sync {
    /// The month's stored viewer-seconds (`year_month` = `YYYY-MM`); 0 without a row.
    fn viewer_seconds(&self, org: &OrgId, year_month: &str) -> RepoResult<u64>;

    /// Adds `seconds` to the month's row (creating it), stamps `updated_at = at`, and
    /// returns the new total. One statement: concurrent writers (other instances) add up.
    fn add_viewer_seconds(
        &self,
        org: &OrgId,
        year_month: &str,
        seconds: u64,
        at: NaiveDateTime,
    ) -> RepoResult<u64>;
}
