//! `sentinel_config` (one row per org, created lazily) and `sentinel_runs` (string UUID
//! ids). The agent's service endpoints and the reaper are org-agnostic: their methods say
//! so in their names (`_any_org`); everything else takes the org first.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::sentinel::{Completion, Outcome, SentinelConfig, SentinelRun};

#[ambassador::delegatable_trait]
pub trait SentinelConfigRepo: Send + Sync {
    /// The org's row, if one was ever created.
    fn get(&self, org: &OrgId) -> RepoResult<Option<SentinelConfig>>;

    /// The org's row, created with the defaults (stamped `at`) when missing.
    fn get_or_create(&self, org: &OrgId, at: NaiveDateTime) -> RepoResult<SentinelConfig>;

    /// Writes every field of the (existing) row, `updated_at = at`.
    fn save(
        &self,
        org: &OrgId,
        config: &SentinelConfig,
        at: NaiveDateTime,
    ) -> RepoResult<SentinelConfig>;
}

/// A run to insert (`pending`, no tool calls yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRun {
    pub id: String,
    pub trigger_type: String,
    pub camera_id: Option<String>,
    pub manual_prompt: Option<String>,
    pub triggered_at: NaiveDateTime,
}

/// A page of the org's runs, newest `triggered_at` first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunQuery {
    pub trigger_type: Option<String>,
    pub since: Option<NaiveDateTime>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunPage {
    /// Every run matching the filters.
    pub total: i64,
    pub runs: Vec<SentinelRun>,
}

/// The dashboard's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunStats {
    pub runs_today: i64,
    pub runs_total: i64,
    pub runs_this_month: i64,
    /// Outcome `incident`.
    pub incidents_filed: i64,
    /// Outcome `pending` or `running`.
    pub pending: i64,
}

#[ambassador::delegatable_trait]
pub trait SentinelRunRepo: Send + Sync {
    /// Inserts the run, then recounts the org's runs since `month_start` (the new one
    /// included): above `cap` the insert is rolled back and `None` returned, so two racing
    /// dispatches cannot both take the last slot.
    fn insert_within_cap(
        &self,
        org: &OrgId,
        run: &NewRun,
        month_start: NaiveDateTime,
        cap: i64,
    ) -> RepoResult<Option<SentinelRun>>;

    fn get(&self, org: &OrgId, run_id: &str) -> RepoResult<Option<SentinelRun>>;

    fn list(&self, org: &OrgId, query: &RunQuery) -> RepoResult<RunPage>;

    /// Counters, with "today" and "this month" starting at the given instants.
    fn stats(
        &self,
        org: &OrgId,
        today_start: NaiveDateTime,
        month_start: NaiveDateTime,
    ) -> RepoResult<RunStats>;

    /// The org's runs (any outcome, any trigger) triggered at or after `since`.
    fn count_since(&self, org: &OrgId, since: NaiveDateTime) -> RepoResult<i64>;

    /// Whether the org has a run of this trigger on this camera at or after `since`.
    fn exists_for_camera_since(
        &self,
        org: &OrgId,
        camera_id: &str,
        trigger_type: &str,
        since: NaiveDateTime,
    ) -> RepoResult<bool>;

    /// Fleet-wide: every org's runs triggered at or after `since` (the global cap).
    fn count_since_any_org(&self, since: NaiveDateTime) -> RepoResult<i64>;

    /// Agent: pending runs of every org, oldest first.
    fn pending_any_org(&self, limit: i64) -> RepoResult<Vec<SentinelRun>>;

    /// Agent: a run by id, whatever its org (the org comes from the row).
    fn get_any_org(&self, run_id: &str) -> RepoResult<Option<SentinelRun>>;

    /// Agent: `pending` → `running` with `started_at = at`, only if still pending.
    /// Returns whether this call claimed it.
    fn claim_any_org(&self, run_id: &str, at: NaiveDateTime) -> RepoResult<bool>;

    /// Agent: writes the completion only while the run's outcome is one of `from`
    /// (`started_at` backfilled, `completed_at = at`). Returns whether it was written.
    fn complete_any_org(
        &self,
        run_id: &str,
        from: &[Outcome],
        completion: &Completion,
        at: NaiveDateTime,
    ) -> RepoResult<bool>;

    /// Reaper: runs in `outcome` triggered (pending) or started (running) before `before`
    /// become `error` with `summary`, `completed_at = at`. Returns their ids.
    fn fail_stale_any_org(
        &self,
        outcome: Outcome,
        before: NaiveDateTime,
        summary: &str,
        at: NaiveDateTime,
    ) -> RepoResult<Vec<String>>;

    /// Reaper: whether any pending run was triggered before `before`.
    fn any_pending_before_any_org(&self, before: NaiveDateTime) -> RepoResult<bool>;
}
