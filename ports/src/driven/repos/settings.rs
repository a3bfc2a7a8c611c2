//! Per-org key/value settings. Keys and value rules live in `sentinel_domain::settings`.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use std::collections::HashMap;

#[ambassador::delegatable_trait]
pub trait SettingsRepo: Send + Sync {
    /// The value of the first row for `(org, key)`; `None` when absent (or stored NULL).
    fn get(&self, org: &OrgId, key: &str) -> RepoResult<Option<String>>;

    /// Several keys in one query; absent keys are missing from the map.
    fn get_many(&self, org: &OrgId, keys: &[&str]) -> RepoResult<HashMap<String, String>>;

    /// Every `(key, value)` of the org whose key starts with `prefix` (taken literally), by key.
    fn get_by_prefix(&self, org: &OrgId, prefix: &str) -> RepoResult<Vec<(String, String)>>;

    /// Updates the first row for `(org, key)` or inserts one (no unique index backs this, as
    /// in the original), stamping `updated_at = at`.
    fn set(&self, org: &OrgId, key: &str, value: &str, at: NaiveDateTime) -> RepoResult<()>;

    /// [`SettingsRepo::set`] for several keys in one transaction: all or nothing.
    fn set_many(&self, org: &OrgId, entries: &[(&str, &str)], at: NaiveDateTime) -> RepoResult<()>;

    /// Removes every row for `(org, key)`; `true` if there was one.
    fn delete(&self, org: &OrgId, key: &str) -> RepoResult<bool>;

    /// **Cross-org**, for background jobs (the hourly plan reconcile): every org that has
    /// `key`, with its value.
    fn list_all_orgs_with(&self, key: &str) -> RepoResult<Vec<(OrgId, String)>>;
}
