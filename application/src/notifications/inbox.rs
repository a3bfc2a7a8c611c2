//! One user's view of the org inbox: the listing, the unread badge, mark-viewed,
//! clear-all and the member's request to become an admin.

use crate::audit_trail::{self, Actor};
use crate::notifications::Notifier;
use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_domain::notifications::{
    self, InboxPage, InboxQuery, Notification, ReadState, UNREAD_CAP,
};
use sentinel_ports::driven::repos::{AuditRepo, NotificationRepo, RepoResult, Repositories};
use serde_json::json;
use std::sync::Arc;

/// Who is reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxUser {
    pub org: OrgId,
    pub user: UserId,
    pub is_admin: bool,
}

/// `GET /api/notifications` parameters, already validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxRequest {
    pub limit: i64,
    pub offset: i64,
    pub hours: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InboxListing {
    pub state: ReadState,
    pub page: InboxPage,
}

impl InboxListing {
    /// Whether a listed row is newer than the user's last visit.
    pub fn is_unread(&self, notification: &Notification) -> bool {
        notification.created_at > self.state.last_viewed_at
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnreadCount {
    /// At most 99.
    pub unread: i64,
    /// More than 99 are unread.
    pub capped: bool,
    pub last_viewed_at: NaiveDateTime,
}

/// One user's view of the org inbox.
pub struct Inbox {
    notifier: Arc<Notifier>,
    audit: Arc<dyn AuditRepo>,
    notifications: Arc<dyn NotificationRepo>,
}

impl Inbox {
    pub fn new(repos: &Repositories, notifier: Arc<Notifier>) -> Self {
        Self {
            notifier,
            audit: repos.audit.clone(),
            notifications: repos.notifications.clone(),
        }
    }

    /// Rows of the last `hours` hours newer than the user's `cleared_at`, newest first.
    pub fn list_inbox(
        &self,
        who: &InboxUser,
        request: InboxRequest,
        now: NaiveDateTime,
    ) -> RepoResult<InboxListing> {
        let state = self.notifications.read_state(&who.org, &who.user, now)?;
        // `hours` has no lower bound (as the original): a negative window is in the future and
        // lists nothing; clamped so absurd values cannot overflow the date arithmetic.
        let window = TimeDelta::hours(request.hours.clamp(-1_000_000, 1_000_000));
        let since = now.checked_sub_signed(window).unwrap_or(now);
        let page = self.notifications.list(
            &who.org,
            &InboxQuery {
                include_admin: who.is_admin,
                since,
                after: state.cleared_at,
                limit: request.limit,
                offset: request.offset,
            },
        )?;
        Ok(InboxListing { state, page })
    }

    /// Visible rows newer than the user's last visit (and clear), no time window, capped at 99.
    pub fn unread_count(&self, who: &InboxUser, now: NaiveDateTime) -> RepoResult<UnreadCount> {
        let state = self.notifications.read_state(&who.org, &who.user, now)?;
        let after = state.cleared_at.map_or(state.last_viewed_at, |cleared| {
            cleared.max(state.last_viewed_at)
        });
        let count =
            self.notifications
                .count_after(&who.org, who.is_admin, after, UNREAD_CAP + 1)?;
        let (unread, capped) = notifications::unread_badge(count);
        Ok(UnreadCount {
            unread,
            capped,
            last_viewed_at: state.last_viewed_at,
        })
    }

    /// Everything up to now has been seen.
    pub fn mark_viewed(&self, who: &InboxUser, now: NaiveDateTime) -> RepoResult<ReadState> {
        let mut state = self.notifications.read_state(&who.org, &who.user, now)?;
        state.last_viewed_at = now;
        self.notifications
            .save_read_state(&who.org, &who.user, state)?;
        Ok(state)
    }

    /// Hides every row up to now from this user (nothing is deleted; other users keep theirs).
    pub fn clear_all(&self, who: &InboxUser, now: NaiveDateTime) -> RepoResult<ReadState> {
        let state = ReadState {
            last_viewed_at: now,
            cleared_at: Some(now),
        };
        self.notifications
            .save_read_state(&who.org, &who.user, state)?;
        Ok(state)
    }

    /// A member asks the admins for admin rights: a `member_promotion_requested` notification
    /// and an audit row. Returns the requester's label.
    pub fn request_admin_promotion(
        &self,
        actor: &Actor,
        is_admin: bool,
        email: &str,
        username: &str,
        at: NaiveDateTime,
    ) -> Result<String, PromotionError> {
        if is_admin {
            return Err(PromotionError::AlreadyAdmin);
        }
        let label = notifications::requester_label(email, username, actor.user_id.as_str());
        self.notifier.create(
            &actor.org_id,
            notifications::member_promotion_requested(actor.user_id.as_str(), email, &label),
            at,
        );
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            at,
            "member_promotion_requested",
            Some(&json!({"requester_label": label})),
        );
        Ok(label)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PromotionError {
    #[error("You're already an admin of this organization.")]
    AlreadyAdmin,
}
