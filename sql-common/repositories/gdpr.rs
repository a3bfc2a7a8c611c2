//! `GdprRepo`: the org-wide erasure (one transaction, foreign-key-safe order), the export
//! reads (every column of every org table, as JSON, without blobs or key hashes) and the
//! danger zone's log wipe.

use super::super::export_sql;
use super::Conn;
use super::Store;
use crate::error::StoreFailure;
use crate::schema::{
    audit_log, camera_groups, camera_nodes, cameras, email_log, email_outbox, incident_evidence,
    incidents, mcp_activity_logs, mcp_api_keys, member_access, motion_events, notifications,
    org_daily_usage, org_monthly_usage, sentinel_config, sentinel_runs, settings, share_links,
    stream_access_logs, user_notification_state,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use sentinel_domain::ids::OrgId;
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::driven::repos::{
    EXPORTED_TABLES, ExportedTable, GdprRepo, RepoError, RepoResult, TableCounts, WipedLogs,
};
use serde_json::{Map, Value};

/// Columns never exported: credentials (hashes of API keys).
const SECRET_COLUMNS: [(&str, &str); 3] = [
    ("mcp_api_keys", "key_hash"),
    ("share_links", "token_hash"),
    ("camera_nodes", "api_key_hash"),
];

fn rows(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

impl GdprRepo for Store {
    fn delete_org_data(&self, org: &OrgId) -> RepoResult<TableCounts> {
        let org = org.as_str();
        self.write(|conn| {
            let mut counts = TableCounts::new();
            let org_cameras: i64 = cameras::table
                .filter(cameras::org_id.eq(org))
                .count()
                .get_result(conn)?;
            counts.set("cameras", u64::try_from(org_cameras).unwrap_or(0));

            // Incidents, evidence first (the DB cascades too; explicit keeps it FK-proof).
            let org_incidents = incidents::table
                .filter(incidents::org_id.eq(org))
                .select(incidents::id);
            diesel::delete(
                incident_evidence::table
                    .filter(incident_evidence::incident_id.eq_any(org_incidents)),
            )
            .execute(conn)?;
            let n =
                diesel::delete(incidents::table.filter(incidents::org_id.eq(org))).execute(conn)?;
            counts.set("incidents", rows(n));

            // Cameras before their nodes and groups: the org's own (attached, grouped or
            // orphaned) and any still attached to one of the org's nodes (the node cascade).
            let org_nodes = camera_nodes::table
                .filter(camera_nodes::org_id.eq(org))
                .select(camera_nodes::id);
            diesel::delete(
                cameras::table.filter(
                    cameras::org_id
                        .eq(org)
                        .or(cameras::node_id.eq_any(org_nodes.nullable())),
                ),
            )
            .execute(conn)?;
            let n = diesel::delete(camera_nodes::table.filter(camera_nodes::org_id.eq(org)))
                .execute(conn)?;
            counts.set("camera_nodes", rows(n));

            macro_rules! delete_org_rows {
                ($($table:ident),+ $(,)?) => {$(
                    let n = diesel::delete($table::table.filter($table::org_id.eq(org)))
                        .execute(conn)?;
                    counts.set(stringify!($table), rows(n));
                )+};
            }
            delete_org_rows!(
                settings,
                audit_log,
                stream_access_logs,
                mcp_activity_logs,
                mcp_api_keys,
                org_monthly_usage,
                org_daily_usage,
                email_log,
                email_outbox,
                user_notification_state,
                notifications,
                motion_events,
            );

            // No camera may still point at a group about to go (only another org's camera
            // could, and it keeps its row, ungrouped).
            let org_groups = camera_groups::table
                .filter(camera_groups::org_id.eq(org))
                .select(camera_groups::id);
            diesel::update(cameras::table.filter(cameras::group_id.eq_any(org_groups.nullable())))
                .set(cameras::group_id.eq(None::<i64>))
                .execute(conn)?;
            delete_org_rows!(
                camera_groups,
                member_access,
                sentinel_config,
                sentinel_runs,
                share_links
            );
            Ok(counts)
        })
    }

    fn export_org_data(&self, org: &OrgId) -> RepoResult<Vec<ExportedTable>> {
        self.read(|conn| {
            EXPORTED_TABLES
                .iter()
                .map(|&table| {
                    Ok(ExportedTable {
                        name: table,
                        rows: export_table(conn, table, org.as_str())?,
                    })
                })
                .collect()
        })
    }

    fn wipe_access_logs(&self, org: &OrgId) -> RepoResult<WipedLogs> {
        let org = org.as_str();
        self.write(|conn| {
            let stream = diesel::delete(
                stream_access_logs::table.filter(stream_access_logs::org_id.eq(org)),
            )
            .execute(conn)?;
            let mcp =
                diesel::delete(mcp_activity_logs::table.filter(mcp_activity_logs::org_id.eq(org)))
                    .execute(conn)?;
            Ok(WipedLogs {
                stream_logs: rows(stream),
                mcp_logs: rows(mcp),
            })
        })
    }
}

#[derive(QueryableByName)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    #[diesel(column_name = type_)]
    declared: String,
}

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Nullable<Text>)]
    row: Option<String>,
}

/// Every row of `table` belonging to `org` as a JSON object: all columns except secrets,
/// datetimes as ISO 8601, booleans as booleans, blobs as `"<binary N bytes>"`.
fn export_table(
    conn: &mut Conn,
    table: &'static str,
    org: &str,
) -> Result<Vec<Map<String, Value>>, StoreFailure> {
    let columns: Vec<ColumnInfo> = diesel::sql_query(export_sql::COLUMNS)
        .bind::<Text, _>(table)
        .load(conn)?;
    let columns: Vec<ColumnInfo> = columns
        .into_iter()
        .filter(|c| !SECRET_COLUMNS.contains(&(table, c.name.as_str())))
        .collect();
    if columns.is_empty() {
        return Err(StoreFailure(RepoError::Storage(format!(
            "export: table {table} has no columns"
        ))));
    }
    let fields = columns
        .iter()
        .map(|c| {
            let value = if ColumnKind::of(&c.declared) == ColumnKind::Blob {
                format!(
                    "CASE WHEN \"{0}\" IS NULL THEN NULL ELSE '<binary ' || length(\"{0}\") || ' bytes>' END",
                    c.name
                )
            } else {
                format!("\"{}\"", c.name)
            };
            format!("'{}', {value}", c.name)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let param = export_sql::PARAM;
    let scope = match table {
        "incident_evidence" => {
            format!("incident_id IN (SELECT id FROM incidents WHERE org_id = {param})")
        }
        "cameras" => format!("node_id IN (SELECT id FROM camera_nodes WHERE org_id = {param})"),
        _ => format!("org_id = {param}"),
    };
    let json_object = export_sql::JSON_OBJECT;
    let sql = format!(
        "SELECT CAST({json_object}({fields}) AS TEXT) AS row FROM \"{table}\" \
         WHERE {scope} ORDER BY id"
    );
    let raw: Vec<JsonRow> = diesel::sql_query(sql).bind::<Text, _>(org).load(conn)?;
    raw.into_iter()
        .map(|JsonRow { row }| {
            let parsed: Value =
                serde_json::from_str(row.as_deref().unwrap_or("{}")).map_err(|e| {
                    StoreFailure(RepoError::Storage(format!("export: {table} row: {e}")))
                })?;
            let Value::Object(mut object) = parsed else {
                return Err(StoreFailure(RepoError::Storage(format!(
                    "export: {table} row is not an object"
                ))));
            };
            for column in &columns {
                if let Some(value) = object.get_mut(&column.name) {
                    normalise(value, &column.declared);
                }
            }
            Ok(object)
        })
        .collect()
}

/// What the export does with a column, from its declared type (SQLite's DDL spelling or
/// PostgreSQL's `information_schema` one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnKind {
    Datetime,
    Boolean,
    Blob,
    Other,
}

impl ColumnKind {
    fn of(declared: &str) -> Self {
        let declared = declared.to_ascii_lowercase();
        match declared.as_str() {
            "datetime" | "timestamp" | "timestamp without time zone" => Self::Datetime,
            "boolean" => Self::Boolean,
            "blob" | "bytea" => Self::Blob,
            _ => Self::Other,
        }
    }
}

/// Stored representation → export representation for datetime and boolean columns.
fn normalise(value: &mut Value, declared: &str) {
    match ColumnKind::of(declared) {
        ColumnKind::Datetime => {
            if let Value::String(text) = value
                && let Some(iso) = iso_datetime(text)
            {
                *value = Value::String(iso);
            }
        }
        ColumnKind::Boolean => {
            if let Value::Number(n) = value {
                *value = Value::Bool(n.as_i64().is_some_and(|n| n != 0));
            }
        }
        ColumnKind::Blob | ColumnKind::Other => {}
    }
}

/// `YYYY-MM-DD HH:MM:SS[.ffffff]` → the wire's `isoformat()`.
fn iso_datetime(stored: &str) -> Option<String> {
    NaiveDateTime::parse_from_str(stored, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(stored, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
        .map(iso_naive)
}

#[cfg(test)]
mod tests {
    use super::iso_datetime;

    #[test]
    fn stored_datetimes_become_isoformat() {
        assert_eq!(
            iso_datetime("2026-05-04 09:00:00.000000").as_deref(),
            Some("2026-05-04T09:00:00")
        );
        assert_eq!(
            iso_datetime("2026-05-04 09:00:00.250000").as_deref(),
            Some("2026-05-04T09:00:00.250000")
        );
        assert_eq!(iso_datetime("yesterday"), None);
    }
}
