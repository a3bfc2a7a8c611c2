//! `notifications` and `user_notification_state`: the inbox and each user's read cursor.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_domain::notifications::{
    InboxPage, InboxQuery, Notification, NotificationContent, ReadState,
};

#[ambassador::delegatable_trait]
pub trait NotificationRepo: Send + Sync {
    /// Stores an already normalised notification created at `at`.
    fn insert(
        &self,
        org: &OrgId,
        notification: &NotificationContent,
        at: NaiveDateTime,
    ) -> RepoResult<Notification>;

    /// Newest first (by `created_at`, then id); `total` counts every match.
    fn list(&self, org: &OrgId, query: &InboxQuery) -> RepoResult<InboxPage>;

    /// Rows created strictly after `after` (admin rows only when `include_admin`), counting
    /// at most `up_to` of them.
    fn count_after(
        &self,
        org: &OrgId,
        include_admin: bool,
        after: NaiveDateTime,
        up_to: i64,
    ) -> RepoResult<i64>;

    /// The user's read cursor, created with `last_viewed_at = now` on first access.
    fn read_state(&self, org: &OrgId, user: &UserId, now: NaiveDateTime) -> RepoResult<ReadState>;

    /// Sets `last_viewed_at` (and `cleared_at` when given), creating the row if needed.
    fn save_read_state(&self, org: &OrgId, user: &UserId, state: ReadState) -> RepoResult<()>;
}
