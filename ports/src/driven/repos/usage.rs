//! `org_monthly_usage` and `org_daily_usage`: viewer-seconds per org and calendar month,
//! and per org and UTC day.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;

#[ambassador::delegatable_trait]
pub trait UsageRepo: Send + Sync {
    /// The month's stored viewer-seconds (`year_month` = `YYYY-MM`); 0 without a row.
    fn viewer_seconds(&self, org: &OrgId, year_month: &str) -> RepoResult<u64>;

    /// Adds `seconds` to the month's row (creating it), stamps `updated_at = at`, and
    /// returns the new total. One statement: concurrent writers (other instances) add up.
    /// The same transaction adds them to the row of `at`'s UTC day: a flush books what it
    /// carries on the day it runs, so seconds served just before midnight may land on the
    /// next day (one flush interval at most).
    fn add_viewer_seconds(
        &self,
        org: &OrgId,
        year_month: &str,
        seconds: u64,
        at: NaiveDateTime,
    ) -> RepoResult<u64>;

    /// The org's daily rows from `from_day` (`YYYY-MM-DD`, inclusive) on, oldest first;
    /// days without a row are absent.
    fn daily_viewer_seconds(&self, org: &OrgId, from_day: &str) -> RepoResult<Vec<DailyUsage>>;
}

/// One UTC day's stored viewer-seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyUsage {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub seconds: u64,
}
