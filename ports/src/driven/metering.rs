//! The viewer meter: per-org viewer-seconds of the month, in memory on the hot path and
//! flushed to `org_monthly_usage` by a background loop (rest-api.md §9.4).

use sentinel_domain::ids::OrgId;
use sentinel_domain::live::MonthKey;

/// Seconds counted in memory and not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUsage {
    pub org: OrgId,
    pub month: MonthKey,
    pub seconds: u64,
}

/// Never blocks. For each (org, month) a meter holds the total last read from or written
/// to the database, the seconds being flushed right now, and the seconds counted since.
pub trait ViewerMeter: Send + Sync {
    /// Stored total + seconds in flight + pending; `None` until the stored total was
    /// loaded ([`ViewerMeter::warm`]) or written by a flush.
    fn used(&self, org: &OrgId, month: MonthKey) -> Option<u64>;

    /// Records the stored total read on a cold start; ignored if the meter already knows
    /// one (a flush may have written a newer one meanwhile).
    fn warm(&self, org: &OrgId, month: MonthKey, stored_seconds: u64);

    /// Counts `seconds` more for the org (cold or warm).
    fn record(&self, org: &OrgId, month: MonthKey, seconds: u64);

    /// Moves every pending count into flight and returns them (one entry per org and
    /// month). A key whose previous flush has not finished is skipped.
    fn begin_flush(&self) -> Vec<PendingUsage>;

    /// Ends the flight of `usage`: with the new stored total on success; with `None` the
    /// seconds go back to pending for the next flush.
    fn finish_flush(&self, usage: &PendingUsage, stored_seconds: Option<u64>);

    /// Seconds counted but not yet written (in flight included).
    fn pending_seconds(&self) -> u64;

    /// Forgets months before `month` that have nothing pending (bounded memory).
    fn forget_months_before(&self, month: MonthKey);
}
