//! The global webhook ledger (`processed_webhooks`, shared by Clerk and Resend) and the one
//! outbox write a Resend delivery event makes. Global by nature: webhooks carry no tenant we
//! trust before the payload is read, and the ledger has no `org_id`.

use super::RepoResult;
use chrono::NaiveDateTime;

#[ambassador::delegatable_trait]
pub trait WebhookLedgerRepo: Send + Sync {
    /// **Global**: whether a message with this id was already processed.
    fn is_processed(&self, msg_id: &str) -> RepoResult<bool>;

    /// **Global**: records the message as processed; `false` when it already was (a racing
    /// delivery won: tolerated, not an error).
    fn record_processed(
        &self,
        msg_id: &str,
        event_type: &str,
        at: NaiveDateTime,
    ) -> RepoResult<bool>;

    /// **Cross-org** (Resend events name the message, not the org): the outbox row whose
    /// `resend_message_id` is `message_id` becomes `suppressed` with `error`, only if it is
    /// `sent`; `true` if a row changed.
    fn suppress_sent_outbox_by_message_id_all_orgs(
        &self,
        message_id: &str,
        error: &str,
    ) -> RepoResult<bool>;
}
