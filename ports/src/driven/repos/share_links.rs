//! Share links (rest-api.md §14). The secret is stored as its SHA-256 only.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::sharing::{NewShareLink, ShareLink};

#[ambassador::delegatable_trait]
pub trait ShareLinkRepo: Send + Sync {
    fn create(&self, org: &OrgId, link: &NewShareLink) -> RepoResult<ShareLink>;

    /// The org's links, newest first, at most `limit`.
    fn list(&self, org: &OrgId, limit: i64) -> RepoResult<Vec<ShareLink>>;

    /// Links neither revoked nor expired at `now`.
    fn count_active(&self, org: &OrgId, now: NaiveDateTime) -> RepoResult<u64>;

    /// Sets `revoked_at` unless already set; `NotFound` for another org's id. Returns the
    /// link as stored afterwards and whether this call revoked it.
    fn revoke(&self, org: &OrgId, link_id: i64, at: NaiveDateTime)
    -> RepoResult<(ShareLink, bool)>;

    /// The link whose token hashes to `token_hash`, whichever org holds it: the token is the
    /// only credential its bearer has.
    fn find_by_token_hash_any_org(&self, token_hash: &str) -> RepoResult<Option<ShareLink>>;

    /// Counts one page open and stamps `last_used_at`; returns the views after it.
    fn record_view(&self, org: &OrgId, link_id: i64, at: NaiveDateTime) -> RepoResult<u64>;
}
