//! `WebhookLedgerRepo` over `processed_webhooks` (and the Resend outbox update).

use super::Store;
use crate::schema::{email_outbox, processed_webhooks};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_ports::driven::repos::{RepoResult, WebhookLedgerRepo};

impl WebhookLedgerRepo for Store {
    fn is_processed(&self, msg_id: &str) -> RepoResult<bool> {
        self.read(|conn| {
            let count: i64 = processed_webhooks::table
                .filter(processed_webhooks::svix_msg_id.eq(msg_id))
                .count()
                .get_result(conn)?;
            Ok(count > 0)
        })
    }

    fn record_processed(
        &self,
        msg_id: &str,
        event_type: &str,
        at: NaiveDateTime,
    ) -> RepoResult<bool> {
        self.write(|conn| {
            let inserted = diesel::insert_into(processed_webhooks::table)
                .values((
                    processed_webhooks::svix_msg_id.eq(msg_id),
                    processed_webhooks::event_type.eq(Some(event_type)),
                    processed_webhooks::processed_at.eq(Some(at)),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?;
            Ok(inserted > 0)
        })
    }

    fn suppress_sent_outbox_by_message_id_all_orgs(
        &self,
        message_id: &str,
        error: &str,
    ) -> RepoResult<bool> {
        self.write(|conn| {
            let changed = diesel::update(
                email_outbox::table
                    .filter(email_outbox::resend_message_id.eq(message_id))
                    .filter(email_outbox::status.eq("sent")),
            )
            .set((
                email_outbox::status.eq("suppressed"),
                email_outbox::error.eq(Some(error)),
            ))
            .execute(conn)?;
            Ok(changed > 0)
        })
    }
}
