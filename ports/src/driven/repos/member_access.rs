//! Member access by camera group (docs/design/member-access.md §3): one row per restricted
//! member of an org. Storage only; nothing enforces a restriction yet.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::fleet::MemberRestriction;
use sentinel_domain::ids::{OrgId, UserId};
use std::collections::BTreeSet;

#[ambassador::delegatable_trait]
pub trait MemberAccessRepo: Send + Sync {
    /// Every restricted member of the org (what a scope memory loads at once). A stored
    /// group set that cannot be read comes back empty: restricted to nothing, never to all.
    fn list(&self, org: &OrgId) -> RepoResult<Vec<MemberRestriction>>;

    /// Restricts `user` to `groups` (replacing any earlier set), in one write transaction
    /// that first checks every id is one of the org's camera groups: otherwise
    /// `NotFound("group")` and nothing is written.
    fn set(
        &self,
        org: &OrgId,
        user: &UserId,
        groups: &BTreeSet<i64>,
        by: &str,
        at: NaiveDateTime,
    ) -> RepoResult<MemberRestriction>;

    /// Lifts `user`'s restriction; `true` when there was one.
    fn clear(&self, org: &OrgId, user: &UserId) -> RepoResult<bool>;
}
