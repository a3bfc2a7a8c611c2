//! The outbox drain: reclaim rows stuck in `sending`, claim a batch of `pending` rows, and
//! for each: suppression check → send with `Idempotency-Key: outbox-<id>` → finalise.
//!
//! At-least-once with provider-side dedup: a row is `sending` while in flight; a worker that
//! dies mid-drain leaves it there, the next tick after 60 s puts it back to `pending`, and
//! the retry carries the same idempotency key, so the provider delivers it once.

use super::redact_address;
use crate::blocking::unblock;
use chrono::Duration;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::health::WorkerHeartbeat;
use sentinel_ports::driven::mailer::{Mailer, OutgoingEmail, SendOutcome};
use sentinel_ports::driven::repos::{
    AttemptResult, EmailOutboxRepo, OutboxEmail, OutboxStatus, RepoError,
};
use std::sync::Arc;

/// A `sending` row older than this is presumed abandoned.
pub const RECLAIM_AFTER_SECONDS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerSettings {
    /// `EMAIL_WORKER_BATCH_SIZE` (default 20).
    pub batch_size: i64,
    /// `EMAIL_MAX_ATTEMPTS` (default 3, total attempts).
    pub max_attempts: i32,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            batch_size: 20,
            max_attempts: 3,
        }
    }
}

/// Terminal outcomes of one tick, plus reclaimed rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainSummary {
    pub sent: usize,
    pub failed: usize,
    pub suppressed: usize,
    pub reclaimed: usize,
}

pub struct OutboxWorker {
    outbox: Arc<dyn EmailOutboxRepo>,
    mailer: Arc<dyn Mailer>,
    clock: Arc<dyn Clock>,
    heartbeat: Arc<WorkerHeartbeat>,
    settings: WorkerSettings,
}

impl OutboxWorker {
    pub fn new(
        outbox: Arc<dyn EmailOutboxRepo>,
        mailer: Arc<dyn Mailer>,
        clock: Arc<dyn Clock>,
        heartbeat: Arc<WorkerHeartbeat>,
        settings: WorkerSettings,
    ) -> Self {
        Self {
            outbox,
            mailer,
            clock,
            heartbeat,
            settings,
        }
    }

    /// A tick skipped because another instance drains the outbox (it holds the lease).
    pub fn stand_by(&self) {
        self.heartbeat.stand_by(self.clock.now());
    }

    /// One tick of the worker loop.
    pub async fn tick(&self) -> Result<DrainSummary, RepoError> {
        let now = self.clock.now();
        self.heartbeat.beat(now);
        let mut summary = DrainSummary::default();
        let stale = (now - Duration::seconds(RECLAIM_AFTER_SECONDS)).naive_utc();
        let (outbox, batch, at) = (
            self.outbox.clone(),
            self.settings.batch_size.max(1),
            now.naive_utc(),
        );
        let (reclaimed, claimed) = unblock(move || {
            let reclaimed = outbox.reclaim_stuck_all_orgs(stale)?;
            Ok((reclaimed, outbox.claim_pending_all_orgs(batch, at)?))
        })
        .await?;
        summary.reclaimed = reclaimed;
        if reclaimed > 0 {
            tracing::warn!(reclaimed, "e-mail rows stuck in sending were reclaimed");
        }
        for row in claimed {
            let result = self.attempt(&row).await;
            let status = result.status;
            let (outbox, id, at) = (self.outbox.clone(), row.id, self.clock.now().naive_utc());
            let written = unblock(move || outbox.finish_attempt_by_id(id, &result, at)).await?;
            if !written {
                continue;
            }
            match status {
                OutboxStatus::Sent => summary.sent += 1,
                OutboxStatus::Failed => summary.failed += 1,
                OutboxStatus::Suppressed => summary.suppressed += 1,
                OutboxStatus::Pending | OutboxStatus::Sending => {}
            }
        }
        Ok(summary)
    }

    async fn attempt(&self, row: &OutboxEmail) -> AttemptResult {
        let outbox = self.outbox.clone();
        let address = row.recipient_email.trim().to_lowercase();
        let suppression = unblock(move || outbox.suppression_global(&address)).await;
        match suppression {
            Ok(Some(entry)) => {
                tracing::info!(
                    to = %redact_address(&row.recipient_email),
                    reason = %entry.reason,
                    "e-mail to a suppressed address skipped"
                );
                return AttemptResult {
                    status: OutboxStatus::Suppressed,
                    sent_at: None,
                    resend_message_id: None,
                    error: Some(format!("address_suppressed: reason={}", entry.reason)),
                };
            }
            Ok(None) => {}
            Err(error) => return self.failure(row, format!("worker_exception: {error}")),
        }
        let email = OutgoingEmail {
            to: row.recipient_email.clone(),
            subject: row.subject.clone(),
            text: row.body_text.clone(),
            html: row.body_html.clone(),
            kind: row.kind.clone(),
            idempotency_key: format!("outbox-{}", row.id),
        };
        match self.mailer.send(&email).await {
            Ok(outcome) => AttemptResult {
                status: OutboxStatus::Sent,
                sent_at: Some(self.clock.now().naive_utc()),
                resend_message_id: match outcome {
                    SendOutcome::Sent { message_id } => Some(message_id),
                    SendOutcome::Skipped => None,
                },
                error: None,
            },
            Err(failure) => self.failure(row, failure.0),
        }
    }

    fn failure(&self, row: &OutboxEmail, error: String) -> AttemptResult {
        let attempts = row.attempts.saturating_add(1);
        let status = if attempts >= self.settings.max_attempts {
            OutboxStatus::Failed
        } else {
            OutboxStatus::Pending
        };
        tracing::warn!(
            id = row.id,
            attempts,
            to = %redact_address(&row.recipient_email),
            %error,
            "e-mail send failed"
        );
        AttemptResult {
            status,
            sent_at: None,
            resend_message_id: None,
            error: Some(error),
        }
    }
}
