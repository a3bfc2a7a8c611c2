//! `RetentionRepo`: the daily cleanup's cross-table reads and deletes on tables whose
//! repositories live elsewhere.

use super::Store;
use crate::schema::{
    audit_log, email_log, email_outbox, mcp_activity_logs, motion_events, notifications,
    processed_webhooks, stream_access_logs,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{RepoResult, RetentionRepo};
use std::collections::BTreeSet;

/// Outbox states that are final (never retried).
const TERMINAL_OUTBOX_STATES: [&str; 3] = ["sent", "failed", "suppressed"];

impl RetentionRepo for Store {
    fn orgs_with_logs(&self) -> RepoResult<Vec<OrgId>> {
        self.read(|conn| {
            let mut orgs = BTreeSet::new();
            orgs.extend(
                stream_access_logs::table
                    .select(stream_access_logs::org_id)
                    .distinct()
                    .load::<String>(conn)?,
            );
            orgs.extend(
                mcp_activity_logs::table
                    .select(mcp_activity_logs::org_id)
                    .distinct()
                    .load::<String>(conn)?,
            );
            orgs.extend(
                audit_log::table
                    .select(audit_log::org_id)
                    .distinct()
                    .load::<String>(conn)?,
            );
            orgs.extend(
                motion_events::table
                    .select(motion_events::org_id)
                    .distinct()
                    .load::<String>(conn)?,
            );
            orgs.extend(
                notifications::table
                    .select(notifications::org_id)
                    .distinct()
                    .load::<String>(conn)?,
            );
            orgs.extend(
                email_log::table
                    .select(email_log::org_id)
                    .distinct()
                    .load::<String>(conn)?,
            );
            Ok(orgs
                .into_iter()
                .filter(|org| !org.is_empty())
                .map(OrgId::new)
                .collect())
        })
    }

    fn delete_mcp_activity_older_than(
        &self,
        org: &OrgId,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                mcp_activity_logs::table
                    .filter(mcp_activity_logs::org_id.eq(org.as_str()))
                    .filter(mcp_activity_logs::timestamp.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }

    fn delete_notifications_older_than(
        &self,
        org: &OrgId,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                notifications::table
                    .filter(notifications::org_id.eq(org.as_str()))
                    .filter(notifications::created_at.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }

    fn delete_email_log_older_than(&self, org: &OrgId, cutoff: NaiveDateTime) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                email_log::table
                    .filter(email_log::org_id.eq(org.as_str()))
                    .filter(email_log::timestamp.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }

    fn delete_terminal_outbox_older_than_all_orgs(
        &self,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                email_outbox::table
                    .filter(email_outbox::status.eq_any(TERMINAL_OUTBOX_STATES))
                    .filter(email_outbox::created_at.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }

    fn delete_processed_webhooks_older_than(&self, cutoff: NaiveDateTime) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                processed_webhooks::table.filter(processed_webhooks::processed_at.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }
}
