//! The e-mail outbox, the delivery log and the (global) suppression list.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;

/// `email_outbox.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxStatus {
    Pending,
    Sending,
    Sent,
    Failed,
    Suppressed,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Suppressed => "suppressed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pending" => Self::Pending,
            "sending" => Self::Sending,
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            "suppressed" => Self::Suppressed,
            _ => return None,
        })
    }

    /// Sent, failed and suppressed rows are never picked up again.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Sent | Self::Failed | Self::Suppressed)
    }
}

/// A row to enqueue (status `pending`, no attempts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxEmail {
    pub recipient_email: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The notification's kind as text ([`NotificationKind::as_str`]): the outbox only
    /// records it (the mailer's `event` tag, the log); no rule reads it back.
    ///
    /// [`NotificationKind::as_str`]: sentinel_domain::notifications::NotificationKind::as_str
    pub kind: String,
    pub notification_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEmail {
    pub id: i64,
    pub org_id: OrgId,
    pub recipient_email: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub kind: String,
    pub notification_id: Option<i64>,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub resend_message_id: Option<String>,
    pub error: Option<String>,
    pub created_at: Option<NaiveDateTime>,
}

/// How one claimed row ends this attempt (the worker decides, the repo writes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    /// `sent`, `suppressed`, `failed` (terminal) or `pending` (retry next tick).
    pub status: OutboxStatus,
    pub sent_at: Option<NaiveDateTime>,
    pub resend_message_id: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailLogEntry {
    pub id: i64,
    pub org_id: OrgId,
    pub timestamp: Option<NaiveDateTime>,
    pub recipient_email: String,
    pub kind: String,
    pub status: String,
    pub resend_message_id: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub address: String,
    /// `bounce`, `complaint`, `unsubscribe` or `manual`.
    pub reason: String,
    /// `resend_webhook`, `unsubscribe_link` or `admin_action`.
    pub source: String,
}

#[ambassador::delegatable_trait]
pub trait EmailOutboxRepo: Send + Sync {
    /// Inserts every row as `pending` in one transaction: all or none.
    fn enqueue(&self, org: &OrgId, rows: &[NewOutboxEmail], at: NaiveDateTime)
    -> RepoResult<usize>;

    /// **Cross-org** (the worker): `sending` rows whose last attempt began before
    /// `started_before` go back to `pending`, attempts unchanged; returns how many.
    fn reclaim_stuck_all_orgs(&self, started_before: NaiveDateTime) -> RepoResult<usize>;

    /// **Cross-org** (metrics): rows waiting to be sent (`pending` or `sending`).
    fn count_unsent_all_orgs(&self) -> RepoResult<u64>;

    /// **Cross-org** (the worker): up to `limit` `pending` rows, oldest first, switched to
    /// `sending` with `last_attempt_at = at` in one transaction.
    fn claim_pending_all_orgs(&self, limit: i64, at: NaiveDateTime)
    -> RepoResult<Vec<OutboxEmail>>;

    /// Ends one attempt of a claimed row: `attempts += 1` and the result's fields; a terminal
    /// result also appends its `email_log` row (same transaction). Returns `false` (and
    /// writes nothing) when the row is no longer `sending`.
    fn finish_attempt_by_id(
        &self,
        id: i64,
        result: &AttemptResult,
        at: NaiveDateTime,
    ) -> RepoResult<bool>;

    /// The org's outbox rows, oldest first.
    fn list_outbox(&self, org: &OrgId) -> RepoResult<Vec<OutboxEmail>>;

    /// The org's delivery log, oldest first.
    fn list_log(&self, org: &OrgId) -> RepoResult<Vec<EmailLogEntry>>;

    /// **Global** (suppressions have no org): the entry for `address` (compared lower-cased).
    fn suppression_global(&self, address: &str) -> RepoResult<Option<Suppression>>;

    /// **Global**: records a suppression unless the address already has one (first reason
    /// wins); `true` if a row was inserted.
    fn suppress_global(&self, suppression: &Suppression, at: NaiveDateTime) -> RepoResult<bool>;
}

/// The motion e-mail cooldown anchors (`motion_email_cooldown_start:<camera_id>` settings)
/// as the digest loop needs them, and the motion-event count of a digest window.
#[ambassador::delegatable_trait]
pub trait MotionEmailAnchorRepo: Send + Sync {
    /// **Cross-org** (the digest loop): every anchor setting as `(org, key, value)`.
    fn anchors_all_orgs(&self) -> RepoResult<Vec<(OrgId, String, String)>>;

    /// Deletes the anchor only if it still holds `value` (an immediate e-mail that re-armed
    /// it meanwhile is kept); `true` if deleted.
    fn delete_anchor_if_unchanged(&self, org: &OrgId, key: &str, value: &str) -> RepoResult<bool>;

    /// The camera's motion events with `after < timestamp <= until`.
    fn count_motion_events_between(
        &self,
        org: &OrgId,
        camera_id: &str,
        after: NaiveDateTime,
        until: NaiveDateTime,
    ) -> RepoResult<i64>;
}
