//! `McpActivityRepo` over `mcp_activity_logs`, and the Sentinel agent's gate over
//! `sentinel_config` / `sentinel_runs` (read only).

use super::Backend;
use super::{Store, escape_like, lower};
use crate::schema::{mcp_activity_logs as logs, sentinel_config, sentinel_runs};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{
    McpActivityPage, McpActivityQuery, McpActivityRepo, McpActivityRow, McpActivityStats,
    NewMcpActivity, RepoResult, SentinelAgentGate, SentinelAgentGateRepo,
};
use std::collections::BTreeMap;

/// Column widths of the original's table, enforced by the writer.
const NAME_MAX: usize = 100;
const TEXT_MAX: usize = 500;

impl McpActivityRepo for Store {
    fn insert(&self, org: &OrgId, row: &NewMcpActivity) -> RepoResult<()> {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        self.write(|conn| {
            diesel::insert_into(logs::table)
                .values((
                    logs::org_id.eq(org.as_str()),
                    logs::tool_name.eq(cut(&row.tool_name, NAME_MAX)),
                    logs::key_name.eq(cut(&row.key_name, NAME_MAX)),
                    logs::status.eq(&row.status),
                    logs::duration_ms.eq(row.duration_ms),
                    logs::args_summary.eq(row.args_summary.as_deref().map(|s| cut(s, TEXT_MAX))),
                    logs::error.eq(row.error.as_deref().map(|s| cut(s, TEXT_MAX))),
                    logs::timestamp.eq(Some(row.timestamp)),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    fn list(&self, org: &OrgId, query: &McpActivityQuery) -> RepoResult<McpActivityPage> {
        self.read(|conn| {
            let total = matching(org, query).count().get_result(conn)?;
            let rows = matching(org, query)
                .order((logs::timestamp.desc(), logs::id.desc()))
                .limit(query.limit.max(0))
                .offset(query.offset.max(0))
                .select(LogRow::as_select())
                .load(conn)?;
            Ok(McpActivityPage {
                total,
                rows: rows.into_iter().map(McpActivityRow::from).collect(),
            })
        })
    }

    fn stats(&self, org: &OrgId, since: NaiveDateTime) -> RepoResult<McpActivityStats> {
        self.read(|conn| {
            let in_window = || {
                logs::table
                    .filter(logs::org_id.eq(org.as_str()))
                    .filter(logs::timestamp.ge(since))
            };
            let total_calls = in_window().count().get_result(conn)?;
            let total_errors = in_window()
                .filter(logs::status.eq("error"))
                .count()
                .get_result(conn)?;
            let mut by_tool: Vec<(String, i64)> = in_window()
                .group_by(logs::tool_name)
                .select((logs::tool_name, count_star()))
                .load(conn)?;
            by_tool.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut by_key: Vec<(String, i64)> = in_window()
                .group_by(logs::key_name)
                .select((logs::key_name, count_star()))
                .load(conn)?;
            by_key.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            // Days are counted here rather than with SQL date functions, which differ
            // between backends.
            let times: Vec<Option<NaiveDateTime>> =
                in_window().select(logs::timestamp).load(conn)?;
            let mut days: BTreeMap<NaiveDate, i64> = BTreeMap::new();
            for at in times.into_iter().flatten() {
                *days.entry(at.date()).or_insert(0) += 1;
            }
            Ok(McpActivityStats {
                total_calls,
                total_errors,
                by_tool,
                by_key,
                by_day: days.into_iter().rev().collect(),
            })
        })
    }
}

impl SentinelAgentGateRepo for Store {
    fn agent_gate(&self, org: &OrgId) -> RepoResult<SentinelAgentGate> {
        self.read(|conn| {
            let enabled: Option<bool> = sentinel_config::table
                .filter(sentinel_config::org_id.eq(org.as_str()))
                .order(sentinel_config::id.asc())
                .select(sentinel_config::enabled)
                .first(conn)
                .optional()?;
            let running: i64 = sentinel_runs::table
                .filter(sentinel_runs::org_id.eq(org.as_str()))
                .filter(sentinel_runs::trigger_type.eq("manual"))
                .filter(sentinel_runs::outcome.eq("running"))
                .count()
                .get_result(conn)?;
            Ok(SentinelAgentGate {
                enabled,
                manual_run_running: running > 0,
            })
        })
    }
}

/// The org's rows matching the query's filters (no order, no page).
fn matching<'a>(org: &'a OrgId, query: &McpActivityQuery) -> logs::BoxedQuery<'a, Backend> {
    let mut matching = logs::table
        .filter(logs::org_id.eq(org.as_str()))
        .into_boxed();
    if let Some(tool) = &query.tool_name {
        matching = matching.filter(logs::tool_name.eq(tool.clone()));
    }
    if let Some(status) = &query.status {
        matching = matching.filter(logs::status.eq(status.clone()));
    }
    if let Some(fragment) = &query.key_contains {
        // lower() on both sides, like SQLAlchemy's ilike.
        let pattern = format!("%{}%", escape_like(fragment));
        matching = matching.filter(
            lower(logs::key_name.nullable())
                .like(lower(Some(pattern)))
                .escape('\\'),
        );
    }
    matching
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = logs, check_for_backend(super::Backend))]
struct LogRow {
    id: i64,
    org_id: String,
    tool_name: String,
    key_name: String,
    status: String,
    duration_ms: Option<i32>,
    args_summary: Option<String>,
    error: Option<String>,
    timestamp: Option<NaiveDateTime>,
}

impl From<LogRow> for McpActivityRow {
    fn from(row: LogRow) -> Self {
        Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            tool_name: row.tool_name,
            key_name: row.key_name,
            status: row.status,
            duration_ms: row.duration_ms,
            args_summary: row.args_summary,
            error: row.error,
            timestamp: row.timestamp,
        }
    }
}
