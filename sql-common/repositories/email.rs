//! `EmailOutboxRepo` over `email_outbox`, `email_log` and `email_suppression`.

use super::Store;
use crate::schema::{email_log, email_outbox, email_suppression, motion_events, settings};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_domain::settings::MOTION_EMAIL_ANCHOR_PREFIX;
use sentinel_ports::driven::repos::{
    AttemptResult, EmailLogEntry, EmailOutboxRepo, MotionEmailAnchorRepo, NewOutboxEmail,
    OutboxEmail, OutboxStatus, RepoResult, Suppression,
};

impl EmailOutboxRepo for Store {
    fn enqueue(
        &self,
        org: &OrgId,
        rows: &[NewOutboxEmail],
        at: NaiveDateTime,
    ) -> RepoResult<usize> {
        self.write(|conn| {
            let mut inserted = 0;
            for row in rows {
                inserted += diesel::insert_into(email_outbox::table)
                    .values((
                        email_outbox::org_id.eq(org.as_str()),
                        email_outbox::recipient_email.eq(&row.recipient_email),
                        email_outbox::subject.eq(&row.subject),
                        email_outbox::body_text.eq(&row.body_text),
                        email_outbox::body_html.eq(&row.body_html),
                        email_outbox::kind.eq(&row.kind),
                        email_outbox::notification_id.eq(row.notification_id),
                        email_outbox::status.eq(OutboxStatus::Pending.as_str()),
                        email_outbox::attempts.eq(0),
                        email_outbox::created_at.eq(Some(at)),
                    ))
                    .execute(conn)?;
            }
            Ok(inserted)
        })
    }

    fn reclaim_stuck_all_orgs(&self, started_before: NaiveDateTime) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::update(
                email_outbox::table
                    .filter(email_outbox::status.eq(OutboxStatus::Sending.as_str()))
                    .filter(email_outbox::last_attempt_at.lt(started_before)),
            )
            .set(email_outbox::status.eq(OutboxStatus::Pending.as_str()))
            .execute(conn)?)
        })
    }

    fn count_unsent_all_orgs(&self) -> RepoResult<u64> {
        self.read(|conn| {
            let unsent: i64 = email_outbox::table
                .filter(email_outbox::status.eq_any([
                    OutboxStatus::Pending.as_str(),
                    OutboxStatus::Sending.as_str(),
                ]))
                .count()
                .get_result(conn)?;
            Ok(u64::try_from(unsent).unwrap_or_default())
        })
    }

    fn claim_pending_all_orgs(
        &self,
        limit: i64,
        at: NaiveDateTime,
    ) -> RepoResult<Vec<OutboxEmail>> {
        self.write(|conn| {
            let ids: Vec<i64> = email_outbox::table
                .filter(email_outbox::status.eq(OutboxStatus::Pending.as_str()))
                .order((email_outbox::created_at.asc(), email_outbox::id.asc()))
                .limit(limit)
                .select(email_outbox::id)
                .load(conn)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            diesel::update(email_outbox::table.filter(email_outbox::id.eq_any(&ids)))
                .set((
                    email_outbox::status.eq(OutboxStatus::Sending.as_str()),
                    email_outbox::last_attempt_at.eq(Some(at)),
                ))
                .execute(conn)?;
            let rows = email_outbox::table
                .filter(email_outbox::id.eq_any(&ids))
                .order((email_outbox::created_at.asc(), email_outbox::id.asc()))
                .select(OutboxRow::as_select())
                .load(conn)?;
            Ok(rows.into_iter().map(OutboxEmail::from).collect())
        })
    }

    fn finish_attempt_by_id(
        &self,
        id: i64,
        result: &AttemptResult,
        at: NaiveDateTime,
    ) -> RepoResult<bool> {
        self.write(|conn| {
            let Some(row) = email_outbox::table
                .filter(email_outbox::id.eq(id))
                .filter(email_outbox::status.eq(OutboxStatus::Sending.as_str()))
                .select(OutboxRow::as_select())
                .first(conn)
                .optional()?
            else {
                return Ok(false);
            };
            diesel::update(email_outbox::table.filter(email_outbox::id.eq(id)))
                .set((
                    email_outbox::status.eq(result.status.as_str()),
                    email_outbox::attempts.eq(row.attempts.saturating_add(1)),
                    email_outbox::sent_at.eq(result.sent_at.or(row.sent_at)),
                    email_outbox::resend_message_id.eq(result
                        .resend_message_id
                        .as_ref()
                        .or(row.resend_message_id.as_ref())),
                    email_outbox::error.eq(result.error.as_ref()),
                ))
                .execute(conn)?;
            if result.status.is_terminal() {
                diesel::insert_into(email_log::table)
                    .values((
                        email_log::org_id.eq(&row.org_id),
                        email_log::timestamp.eq(Some(at)),
                        email_log::recipient_email.eq(&row.recipient_email),
                        email_log::kind.eq(&row.kind),
                        email_log::status.eq(result.status.as_str()),
                        email_log::resend_message_id.eq(result.resend_message_id.as_ref()),
                        email_log::error.eq(result.error.as_ref()),
                    ))
                    .execute(conn)?;
            }
            Ok(true)
        })
    }

    fn list_outbox(&self, org: &OrgId) -> RepoResult<Vec<OutboxEmail>> {
        self.read(|conn| {
            let rows = email_outbox::table
                .filter(email_outbox::org_id.eq(org.as_str()))
                .order((email_outbox::created_at.asc(), email_outbox::id.asc()))
                .select(OutboxRow::as_select())
                .load(conn)?;
            Ok(rows.into_iter().map(OutboxEmail::from).collect())
        })
    }

    fn list_log(&self, org: &OrgId) -> RepoResult<Vec<EmailLogEntry>> {
        self.read(|conn| {
            let rows = email_log::table
                .filter(email_log::org_id.eq(org.as_str()))
                .order((email_log::timestamp.asc(), email_log::id.asc()))
                .select(LogRow::as_select())
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|row| EmailLogEntry {
                    id: row.id,
                    org_id: OrgId::new(row.org_id),
                    timestamp: row.timestamp,
                    recipient_email: row.recipient_email,
                    kind: row.kind,
                    status: row.status,
                    resend_message_id: row.resend_message_id,
                    error: row.error,
                })
                .collect())
        })
    }

    fn suppression_global(&self, address: &str) -> RepoResult<Option<Suppression>> {
        let address = address.trim().to_lowercase();
        self.read(|conn| {
            let row = email_suppression::table
                .filter(email_suppression::address.eq(&address))
                .select((
                    email_suppression::address,
                    email_suppression::reason,
                    email_suppression::source,
                ))
                .first::<(String, String, String)>(conn)
                .optional()?;
            Ok(row.map(|(address, reason, source)| Suppression {
                address,
                reason,
                source,
            }))
        })
    }

    fn suppress_global(&self, suppression: &Suppression, at: NaiveDateTime) -> RepoResult<bool> {
        let address = suppression.address.trim().to_lowercase();
        self.write(|conn| {
            let inserted = diesel::insert_into(email_suppression::table)
                .values((
                    email_suppression::address.eq(&address),
                    email_suppression::reason.eq(&suppression.reason),
                    email_suppression::source.eq(&suppression.source),
                    email_suppression::created_at.eq(Some(at)),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?;
            Ok(inserted > 0)
        })
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = email_outbox, check_for_backend(super::Backend))]
struct OutboxRow {
    id: i64,
    org_id: String,
    recipient_email: String,
    subject: String,
    body_text: String,
    body_html: String,
    kind: String,
    notification_id: Option<i64>,
    status: String,
    attempts: i32,
    last_attempt_at: Option<NaiveDateTime>,
    sent_at: Option<NaiveDateTime>,
    resend_message_id: Option<String>,
    error: Option<String>,
    created_at: Option<NaiveDateTime>,
}

impl From<OutboxRow> for OutboxEmail {
    fn from(row: OutboxRow) -> Self {
        Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            recipient_email: row.recipient_email,
            subject: row.subject,
            body_text: row.body_text,
            body_html: row.body_html,
            kind: row.kind,
            notification_id: row.notification_id,
            status: OutboxStatus::parse(&row.status).unwrap_or(OutboxStatus::Failed),
            attempts: row.attempts,
            last_attempt_at: row.last_attempt_at,
            sent_at: row.sent_at,
            resend_message_id: row.resend_message_id,
            error: row.error,
            created_at: row.created_at,
        }
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = email_log, check_for_backend(super::Backend))]
struct LogRow {
    id: i64,
    org_id: String,
    timestamp: Option<NaiveDateTime>,
    recipient_email: String,
    kind: String,
    status: String,
    resend_message_id: Option<String>,
    error: Option<String>,
}

impl MotionEmailAnchorRepo for Store {
    fn anchors_all_orgs(&self) -> RepoResult<Vec<(OrgId, String, String)>> {
        self.read(|conn| {
            let rows: Vec<(String, String, Option<String>)> = settings::table
                .filter(settings::key.like(format!("{MOTION_EMAIL_ANCHOR_PREFIX}%")))
                .order(settings::id.asc())
                .select((settings::org_id, settings::key, settings::value))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .filter(|(_, key, _)| key.starts_with(MOTION_EMAIL_ANCHOR_PREFIX))
                .map(|(org, key, value)| (OrgId::new(org), key, value.unwrap_or_default()))
                .collect())
        })
    }

    fn delete_anchor_if_unchanged(&self, org: &OrgId, key: &str, value: &str) -> RepoResult<bool> {
        self.write(|conn| {
            let deleted = diesel::delete(
                settings::table
                    .filter(settings::org_id.eq(org.as_str()))
                    .filter(settings::key.eq(key))
                    .filter(settings::value.eq(value).or(settings::value.is_null())),
            )
            .execute(conn)?;
            Ok(deleted > 0)
        })
    }

    fn count_motion_events_between(
        &self,
        org: &OrgId,
        camera_id: &str,
        after: NaiveDateTime,
        until: NaiveDateTime,
    ) -> RepoResult<i64> {
        self.read(|conn| {
            Ok(motion_events::table
                .filter(motion_events::org_id.eq(org.as_str()))
                .filter(motion_events::camera_id.eq(camera_id))
                .filter(motion_events::timestamp.gt(after))
                .filter(motion_events::timestamp.le(until))
                .count()
                .get_result(conn)?)
        })
    }
}
