//! `StreamAccessRepo` over `stream_access_logs`: batches from the access-log writer; and
//! `StreamAccessLogRepo`: the audit dashboard's reads and retention's deletes.

use super::Backend;
use super::{Store, lower};
use crate::schema::stream_access_logs as logs;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_domain::live::StreamAccess;
use sentinel_ports::driven::repos::{
    RepoResult, StreamAccessEntry, StreamAccessLogRepo, StreamAccessPage, StreamAccessQuery,
    StreamAccessRepo, StreamAccessStats, StreamViewCounts,
};
use std::collections::BTreeMap;

impl StreamAccessRepo for Store {
    fn record_stream_accesses(&self, org: &OrgId, rows: &[StreamAccess]) -> RepoResult<usize> {
        if rows.is_empty() {
            return Ok(0);
        }
        self.write(|conn| {
            let values: Vec<_> = rows
                .iter()
                .map(|row| {
                    (
                        logs::user_id.eq(row.user_id.as_str()),
                        logs::user_email.eq(Some(row.user_email.as_str())),
                        logs::org_id.eq(org.as_str()),
                        logs::camera_id.eq(row.camera_id.as_str()),
                        logs::node_id.eq(row.node_ref.as_str()),
                        logs::ip_address.eq(row.ip_address.as_deref()),
                        logs::user_agent.eq(row.user_agent.as_deref()),
                        logs::accessed_at.eq(Some(row.accessed_at)),
                    )
                })
                .collect();
            let mut written = 0;
            // SQLite caps bound parameters per statement; 8 columns × 100 rows stays clear.
            for chunk in values.chunks(100) {
                written += diesel::insert_into(logs::table)
                    .values(chunk)
                    .execute(conn)?;
            }
            Ok(written)
        })
    }
}

impl StreamAccessLogRepo for Store {
    fn list_stream_accesses(
        &self,
        org: &OrgId,
        query: &StreamAccessQuery,
    ) -> RepoResult<StreamAccessPage> {
        self.read(|conn| {
            let total = matching(org, query).count().get_result(conn)?;
            let rows = matching(org, query)
                .order((logs::accessed_at.desc(), logs::id.desc()))
                .limit(query.limit.max(0))
                .offset(query.offset.max(0))
                .select(AccessRow::as_select())
                .load(conn)?;
            Ok(StreamAccessPage {
                total,
                entries: rows.into_iter().map(StreamAccessEntry::from).collect(),
            })
        })
    }

    fn stream_access_stats(
        &self,
        org: &OrgId,
        since: NaiveDateTime,
    ) -> RepoResult<StreamAccessStats> {
        self.read(|conn| {
            let in_window = || {
                logs::table
                    .filter(logs::org_id.eq(org.as_str()))
                    .filter(logs::accessed_at.ge(since))
            };
            let total_accesses = in_window().count().get_result(conn)?;
            let mut by_camera: Vec<(String, i64)> = in_window()
                .group_by(logs::camera_id)
                .select((logs::camera_id, count_star()))
                .load(conn)?;
            by_camera.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            by_camera.truncate(TOP);
            let users: Vec<(String, Option<String>, i64)> = in_window()
                .group_by((logs::user_id, logs::user_email))
                .select((logs::user_id, logs::user_email, count_star()))
                .load(conn)?;
            let mut by_user: Vec<(String, String, i64)> = users
                .into_iter()
                .map(|(user_id, email, count)| (user_id, email.unwrap_or_default(), count))
                .collect();
            by_user.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            by_user.truncate(TOP);
            // Days are counted here rather than with SQL date functions, which differ
            // between backends.
            let times: Vec<Option<NaiveDateTime>> =
                in_window().select(logs::accessed_at).load(conn)?;
            let mut days: BTreeMap<NaiveDate, i64> = BTreeMap::new();
            for at in times.into_iter().flatten() {
                *days.entry(at.date()).or_insert(0) += 1;
            }
            let by_day = days.into_iter().rev().collect();
            Ok(StreamAccessStats {
                total_accesses,
                by_camera,
                by_user,
                by_day,
            })
        })
    }

    fn stream_view_counts(
        &self,
        org: &OrgId,
        since: NaiveDateTime,
    ) -> RepoResult<StreamViewCounts> {
        self.read(|conn| {
            let in_window = || {
                logs::table
                    .filter(logs::org_id.eq(org.as_str()))
                    .filter(logs::accessed_at.ge(since))
            };
            let total_views = in_window().count().get_result(conn)?;
            let by_camera: Vec<(String, i64)> = in_window()
                .group_by(logs::camera_id)
                .select((logs::camera_id, count_star()))
                .load(conn)?;
            let users: Vec<(String, Option<String>, i64)> = in_window()
                .group_by((logs::user_id, logs::user_email))
                .select((logs::user_id, logs::user_email, count_star()))
                .load(conn)?;
            Ok(StreamViewCounts {
                total_views,
                by_camera,
                by_user: users
                    .into_iter()
                    .map(|(user_id, email, views)| (user_id, email.unwrap_or_default(), views))
                    .collect(),
            })
        })
    }

    fn delete_stream_accesses_older_than(
        &self,
        org: &OrgId,
        cutoff: NaiveDateTime,
    ) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                logs::table
                    .filter(logs::org_id.eq(org.as_str()))
                    .filter(logs::accessed_at.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }
}

/// How many cameras and users the stats list.
const TOP: usize = 10;

/// The org's rows matching the query's filters (no order, no page).
fn matching<'a>(org: &'a OrgId, query: &StreamAccessQuery) -> logs::BoxedQuery<'a, Backend> {
    let mut matching = logs::table
        .filter(logs::org_id.eq(org.as_str()))
        .into_boxed();
    if let Some(camera_id) = &query.camera_id {
        matching = matching.filter(logs::camera_id.eq(camera_id.as_str().to_owned()));
    }
    if let Some(fragment) = &query.user_contains {
        // Like the original's ilike: `%` and `_` in the fragment stay wildcards.
        let pattern = format!("%{fragment}%");
        matching = matching.filter(
            lower(logs::user_email)
                .like(lower(Some(pattern.clone())))
                .or(lower(logs::user_id.nullable()).like(lower(Some(pattern)))),
        );
    }
    matching
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = logs, check_for_backend(super::Backend))]
struct AccessRow {
    id: i64,
    user_id: String,
    user_email: Option<String>,
    org_id: String,
    camera_id: String,
    node_id: String,
    ip_address: Option<String>,
    accessed_at: Option<NaiveDateTime>,
}

impl From<AccessRow> for StreamAccessEntry {
    fn from(row: AccessRow) -> Self {
        Self {
            id: row.id,
            user_id: row.user_id,
            user_email: row.user_email.unwrap_or_default(),
            org_id: OrgId::new(row.org_id),
            camera_id: row.camera_id,
            node_id: row.node_id,
            ip_address: row.ip_address,
            accessed_at: row.accessed_at,
        }
    }
}
