//! `AuditRepo` over `audit_log`.

use super::Backend;
use super::{Store, escape_like, lower};
use crate::schema::audit_log;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::audit::{AuditEntry, AuditPage, AuditQuery, NewAuditEntry};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{AuditRepo, RepoResult};

impl AuditRepo for Store {
    fn append(&self, org: &OrgId, entry: &NewAuditEntry) -> RepoResult<AuditEntry> {
        self.write(|conn| {
            let row = diesel::insert_into(audit_log::table)
                .values((
                    audit_log::org_id.eq(org.as_str()),
                    audit_log::timestamp.eq(entry.timestamp),
                    audit_log::event.eq(&entry.event),
                    audit_log::ip_address.eq(entry.ip_address.as_deref()),
                    audit_log::username.eq(entry.username.as_deref()),
                    audit_log::user_id.eq(entry.user_id.as_deref()),
                    audit_log::details.eq(entry.details.as_deref()),
                ))
                .returning(AuditRow::as_returning())
                .get_result(conn)?;
            Ok(row.into())
        })
    }

    fn list(&self, org: &OrgId, query: &AuditQuery) -> RepoResult<AuditPage> {
        self.read(|conn| {
            let total = matching(org, query).count().get_result(conn)?;
            let rows = matching(org, query)
                .order((audit_log::timestamp.desc(), audit_log::id.desc()))
                .limit(query.limit.max(0))
                .offset(query.offset.max(0))
                .select(AuditRow::as_select())
                .load(conn)?;
            Ok(AuditPage {
                total,
                entries: rows.into_iter().map(AuditEntry::from).collect(),
            })
        })
    }

    fn delete_older_than(&self, org: &OrgId, cutoff: NaiveDateTime) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                audit_log::table
                    .filter(audit_log::org_id.eq(org.as_str()))
                    .filter(audit_log::timestamp.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }
}

/// The org's entries matching the query's filters (no order, no page).
fn matching<'a>(org: &'a OrgId, query: &AuditQuery) -> audit_log::BoxedQuery<'a, Backend> {
    let mut matching = audit_log::table
        .filter(audit_log::org_id.eq(org.as_str()))
        .into_boxed();
    if let Some(event) = &query.event {
        matching = matching.filter(audit_log::event.eq(event.clone()));
    }
    if let Some(fragment) = &query.username_contains {
        // lower() on both sides, like SQLAlchemy's ilike: same result on SQLite and PostgreSQL.
        let pattern = format!("%{}%", escape_like(fragment));
        matching = matching.filter(
            lower(audit_log::username)
                .like(lower(Some(pattern)))
                .escape('\\'),
        );
    }
    matching
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(super::Backend))]
struct AuditRow {
    id: i64,
    org_id: String,
    timestamp: Option<NaiveDateTime>,
    event: String,
    ip_address: Option<String>,
    username: Option<String>,
    user_id: Option<String>,
    details: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            timestamp: row.timestamp,
            event: row.event,
            ip_address: row.ip_address,
            username: row.username,
            user_id: row.user_id,
            details: row.details,
        }
    }
}
