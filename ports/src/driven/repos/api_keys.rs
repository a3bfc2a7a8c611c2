//! `mcp_api_keys`: the per-org `osc_` (MCP) and `osi_` (integration) keys.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::api_keys::{ApiKey, ApiKeyKind, ScopeMode};
use sentinel_domain::ids::OrgId;

/// A key about to be stored: only the hash of the raw key ever reaches the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    pub name: String,
    pub key_hash: String,
    pub kind: ApiKeyKind,
    /// Ignored for integration keys (stored NULL, read back as `All`).
    pub scope_mode: ScopeMode,
    /// Ignored for integration keys; stored NULL when empty.
    pub scope_tools: Vec<String>,
    pub created_at: NaiveDateTime,
}

#[ambassador::delegatable_trait]
pub trait ApiKeyRepo: Send + Sync {
    fn create(&self, org: &OrgId, key: NewApiKey) -> RepoResult<ApiKey>;

    /// Non-revoked keys of this kind, newest first.
    fn list_active(&self, org: &OrgId, kind: ApiKeyKind) -> RepoResult<Vec<ApiKey>>;

    /// Marks the key revoked (an already revoked key is found again); `NotFound` for another
    /// org, another kind or an unknown id.
    fn revoke(&self, org: &OrgId, kind: ApiKeyKind, id: i64) -> RepoResult<ApiKey>;

    /// Authentication: the caller holds only the key, so this lookup cannot be org-scoped.
    fn find_active_by_hash_any_org(
        &self,
        key_hash: &str,
        kind: ApiKeyKind,
    ) -> RepoResult<Option<ApiKey>>;

    fn touch_last_used(&self, org: &OrgId, id: i64, at: NaiveDateTime) -> RepoResult<()>;
}
