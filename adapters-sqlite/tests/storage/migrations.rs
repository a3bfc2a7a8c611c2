//! The migration creates exactly the data model: tables, columns, defaults, indexes, FKs.

use crate::common::temp_database;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel_migrations::MigrationHarness;
use sentinel_adapters_sqlite::{MIGRATIONS, SqliteDatabase};
use sentinel_sql_common::TABLE_NAMES;

/// data-model.md §1, sorted.
const EXPECTED_TABLES: [&str; 23] = [
    "audit_log",
    "camera_groups",
    "camera_nodes",
    "cameras",
    "email_log",
    "email_outbox",
    "email_suppression",
    "incident_evidence",
    "incidents",
    "mcp_activity_logs",
    "mcp_api_keys",
    "member_access",
    "motion_events",
    "notifications",
    "org_daily_usage",
    "org_monthly_usage",
    "processed_webhooks",
    "sentinel_config",
    "sentinel_runs",
    "settings",
    "share_links",
    "stream_access_logs",
    "user_notification_state",
];

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn user_tables(conn: &mut SqliteConnection) -> Vec<String> {
    diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations' ORDER BY name",
    )
    .load::<Name>(conn)
    .unwrap()
    .into_iter()
    .map(|n| n.name)
    .collect()
}

#[test]
fn migrations_on_an_empty_database_create_exactly_the_twenty_three_tables() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    assert_eq!(user_tables(&mut conn), EXPECTED_TABLES);

    let mut exported = TABLE_NAMES.to_vec();
    exported.sort_unstable();
    assert_eq!(exported, EXPECTED_TABLES);
}

#[test]
fn reopening_a_migrated_database_applies_nothing_and_keeps_data() {
    let t = temp_database();
    let url = t.path.to_str().unwrap();
    diesel::sql_query("INSERT INTO settings (org_id, \"key\", value) VALUES ('o', 'k', 'v')")
        .execute(&mut t.db.connection().unwrap())
        .unwrap();
    assert!(SqliteDatabase::migrate_only(url).unwrap().is_empty());
    let reopened = SqliteDatabase::open(url).unwrap();
    let mut conn = reopened.connection().unwrap();
    let count: i64 = diesel::select(diesel::dsl::sql::<BigInt>(
        "(SELECT COUNT(*) FROM settings)",
    ))
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(count, 1);
}

#[test]
fn down_migration_drops_every_table() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    conn.revert_all_migrations(MIGRATIONS).unwrap();
    assert!(user_tables(&mut conn).is_empty());
    conn.run_pending_migrations(MIGRATIONS).unwrap();
    assert_eq!(user_tables(&mut conn).len(), 23);
}

#[derive(QueryableByName)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    decl_type: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
    #[diesel(sql_type = Nullable<Text>)]
    default_sql: Option<String>,
    #[diesel(sql_type = BigInt)]
    pk: i64,
}

/// `name TYPE`, then `!` for NOT NULL, `=<default SQL>` and ` pk` when they apply.
fn column_snapshot(conn: &mut SqliteConnection, table: &str) -> Vec<String> {
    diesel::sql_query(
        "SELECT name, type AS decl_type, \"notnull\" AS not_null, dflt_value AS default_sql, pk \
         FROM pragma_table_info(?) ORDER BY cid",
    )
    .bind::<Text, _>(table)
    .load::<ColumnInfo>(conn)
    .unwrap()
    .into_iter()
    .map(|c| {
        let mut line = format!("{} {}", c.name, c.decl_type);
        if c.not_null == 1 {
            line.push('!');
        }
        if let Some(default) = c.default_sql {
            line.push('=');
            line.push_str(&default);
        }
        if c.pk == 1 {
            line.push_str(" pk");
        }
        line
    })
    .collect()
}

/// data-model.md §1 column by column: `!` = NOT NULL, `=` = DDL default. Python-side
/// defaults of the original are DDL defaults here; "now" is CURRENT_TIMESTAMP.
const EXPECTED_COLUMNS: &[(&str, &[&str])] = &[
    (
        "cameras",
        &[
            "id INTEGER! pk",
            "camera_id VARCHAR(100)!",
            "org_id VARCHAR(100)!",
            "node_id INTEGER",
            "name VARCHAR(100)!",
            "node_type VARCHAR(20)='unknown'",
            "capabilities VARCHAR(500)='streaming'",
            "group_id INTEGER",
            "last_seen DATETIME",
            "status VARCHAR(20)='offline'",
            "last_error VARCHAR(500)",
            "created_at DATETIME=CURRENT_TIMESTAMP",
            "video_codec VARCHAR(50)",
            "audio_codec VARCHAR(50)",
            "codec_detected_at DATETIME",
            "disabled_by_plan BOOLEAN!=FALSE",
            "continuous_24_7 BOOLEAN!=FALSE",
            "scheduled_recording BOOLEAN!=FALSE",
            "scheduled_start VARCHAR(5)",
            "scheduled_end VARCHAR(5)",
        ],
    ),
    (
        "camera_groups",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "name VARCHAR(100)!",
            "color VARCHAR(7)='#22c55e'",
            "icon VARCHAR(10)='📁'",
            "created_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "settings",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "key VARCHAR(100)!",
            "value TEXT",
            "updated_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "audit_log",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "timestamp DATETIME=CURRENT_TIMESTAMP",
            "event VARCHAR(50)!",
            "ip_address VARCHAR(45)",
            "username VARCHAR(80)",
            "user_id VARCHAR(100)",
            "details TEXT",
        ],
    ),
    (
        "camera_nodes",
        &[
            "id INTEGER! pk",
            "node_id VARCHAR(100)!",
            "org_id VARCHAR(100)!",
            "api_key_hash VARCHAR(128)!",
            "name VARCHAR(100)!",
            "hostname VARCHAR(100)",
            "local_ip VARCHAR(45)",
            "http_port INTEGER=8080",
            "status VARCHAR(20)='offline'",
            "last_seen DATETIME",
            "key_rotated_at DATETIME",
            "created_at DATETIME=CURRENT_TIMESTAMP",
            "video_codec VARCHAR(50)",
            "audio_codec VARCHAR(50)",
            "codec_detected_at DATETIME",
            "last_register_error VARCHAR(500)",
            "last_register_error_at DATETIME",
            "node_version VARCHAR(50)",
            "version_checked_at DATETIME",
            "storage_used_bytes BIGINT",
            "storage_max_bytes BIGINT",
            "storage_disk_free_bytes BIGINT",
            "storage_disk_total_bytes BIGINT",
            "storage_reported_at DATETIME",
        ],
    ),
    (
        "stream_access_logs",
        &[
            "id INTEGER! pk",
            "user_id VARCHAR(100)!",
            "user_email VARCHAR(255)=''",
            "org_id VARCHAR(100)!",
            "camera_id VARCHAR(100)!",
            "node_id VARCHAR(100)!",
            "ip_address VARCHAR(45)",
            "user_agent VARCHAR(500)",
            "accessed_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "mcp_api_keys",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "key_hash VARCHAR(128)!",
            "name VARCHAR(100)!",
            "created_at DATETIME=CURRENT_TIMESTAMP",
            "last_used_at DATETIME",
            "revoked BOOLEAN=FALSE",
            "scope_mode VARCHAR(20)='all'",
            "scope_tools TEXT",
            // The original's quirk (the quotes stored as part of the value) is fixed.
            "kind VARCHAR(20)!='mcp'",
        ],
    ),
    (
        "mcp_activity_logs",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "tool_name VARCHAR(100)!",
            "key_name VARCHAR(100)!",
            "status VARCHAR(20)!",
            "duration_ms INTEGER",
            "args_summary VARCHAR(500)",
            "error VARCHAR(500)",
            "timestamp DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "incidents",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "camera_id VARCHAR(100)",
            "title VARCHAR(200)!",
            "summary TEXT!",
            "report TEXT=''",
            "severity VARCHAR(20)!='medium'",
            "status VARCHAR(20)!='open'",
            "created_by VARCHAR(150)!",
            "created_at DATETIME=CURRENT_TIMESTAMP",
            "updated_at DATETIME=CURRENT_TIMESTAMP",
            "resolved_at DATETIME",
            "resolved_by VARCHAR(150)",
        ],
    ),
    (
        "incident_evidence",
        &[
            "id INTEGER! pk",
            "incident_id INTEGER!",
            "kind VARCHAR(20)!",
            "text TEXT",
            "camera_id VARCHAR(100)",
            "data BLOB",
            "data_mime VARCHAR(50)",
            "timestamp DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "motion_events",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "camera_id VARCHAR(100)!",
            "node_id VARCHAR(100)!",
            "score INTEGER!",
            "segment_seq INTEGER",
            "timestamp DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "notifications",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "kind VARCHAR(40)!",
            "audience VARCHAR(20)!='all'",
            "title VARCHAR(200)!",
            "body TEXT!=''",
            "severity VARCHAR(20)!='info'",
            "link VARCHAR(500)",
            "camera_id VARCHAR(100)",
            "node_id VARCHAR(100)",
            "meta_json TEXT",
            "created_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "user_notification_state",
        &[
            "id INTEGER! pk",
            "clerk_user_id VARCHAR(100)!",
            "org_id VARCHAR(100)!",
            "last_viewed_at DATETIME=CURRENT_TIMESTAMP",
            "cleared_at DATETIME",
        ],
    ),
    (
        "processed_webhooks",
        &[
            "id INTEGER! pk",
            "svix_msg_id VARCHAR(255)!",
            "event_type VARCHAR(100)=''",
            "processed_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "org_daily_usage",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "day VARCHAR(10)!",
            "viewer_seconds INTEGER!=0",
            "updated_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "share_links",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "label VARCHAR(100)!",
            "scope VARCHAR(10)!",
            "camera_id TEXT",
            "group_id INTEGER",
            "token_hash VARCHAR(64)!",
            "created_by TEXT!",
            "created_at DATETIME!",
            "expires_at DATETIME!",
            "revoked_at DATETIME",
            "max_viewers INTEGER",
            "views INTEGER!=0",
            "last_used_at DATETIME",
        ],
    ),
    (
        "member_access",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "user_id VARCHAR(100)!",
            "group_ids TEXT!='[]'",
            "updated_by TEXT!",
            "updated_at DATETIME!",
        ],
    ),
    (
        "org_monthly_usage",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "year_month VARCHAR(7)!",
            "viewer_seconds INTEGER!=0",
            "updated_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "email_outbox",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "recipient_email VARCHAR(320)!",
            "subject VARCHAR(500)!",
            "body_text TEXT!=''",
            "body_html TEXT!=''",
            "kind VARCHAR(40)!",
            "notification_id INTEGER",
            "status VARCHAR(20)!='pending'",
            "attempts INTEGER!=0",
            "last_attempt_at DATETIME",
            "sent_at DATETIME",
            "resend_message_id VARCHAR(100)",
            "error TEXT",
            "created_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "email_log",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "timestamp DATETIME=CURRENT_TIMESTAMP",
            "recipient_email VARCHAR(320)!",
            "kind VARCHAR(40)!",
            "status VARCHAR(20)!",
            "resend_message_id VARCHAR(100)",
            "error TEXT",
        ],
    ),
    (
        "email_suppression",
        &[
            "id INTEGER! pk",
            "address VARCHAR(320)!",
            "reason VARCHAR(40)!",
            "source VARCHAR(40)!",
            "created_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "sentinel_config",
        &[
            "id INTEGER! pk",
            "org_id VARCHAR(100)!",
            "enabled BOOLEAN!=TRUE",
            "motion_enabled BOOLEAN!=TRUE",
            "incident_opened_enabled BOOLEAN!=TRUE",
            "motion_cooldown_min INTEGER!=5",
            "schedule_mode VARCHAR(20)!='always'",
            "schedule_start VARCHAR(5)!='22:00'",
            "schedule_end VARCHAR(5)!='06:00'",
            "active_days TEXT",
            "camera_scope TEXT",
            "created_at DATETIME=CURRENT_TIMESTAMP",
            "updated_at DATETIME=CURRENT_TIMESTAMP",
        ],
    ),
    (
        "sentinel_runs",
        &[
            "id VARCHAR(32)! pk",
            "org_id VARCHAR(100)!",
            "triggered_at DATETIME!=CURRENT_TIMESTAMP",
            "trigger_type VARCHAR(40)!",
            "camera_id VARCHAR(100)",
            "tool_call_count INTEGER!=0",
            "outcome VARCHAR(20)!",
            "severity VARCHAR(20)",
            "incident_id INTEGER",
            "started_at DATETIME",
            "completed_at DATETIME",
            "manual_prompt TEXT",
            "summary TEXT=''",
            "tool_trace TEXT",
        ],
    ),
];

#[test]
fn every_column_matches_the_data_model() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    assert_eq!(EXPECTED_COLUMNS.len(), 23);
    for (table, expected) in EXPECTED_COLUMNS {
        assert_eq!(
            column_snapshot(&mut conn, table),
            *expected,
            "table {table}"
        );
    }
}

#[derive(QueryableByName, Debug, PartialEq)]
struct IndexInfo {
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = BigInt)]
    is_unique: i64,
    #[diesel(sql_type = Text)]
    columns: String,
}

fn indexes(conn: &mut SqliteConnection) -> Vec<(String, String, bool, String)> {
    diesel::sql_query(
        "SELECT il.name AS index_name, m.name AS table_name, il.\"unique\" AS is_unique, \
                (SELECT group_concat(name, ',') FROM \
                    (SELECT ii.name FROM pragma_index_info(il.name) ii ORDER BY ii.seqno)) AS columns \
         FROM sqlite_master m JOIN pragma_index_list(m.name) il \
         WHERE m.type = 'table' AND m.name != '__diesel_schema_migrations' \
         ORDER BY m.name, il.name",
    )
    .load::<IndexInfo>(conn)
    .unwrap()
    .into_iter()
    .map(|i| (i.index_name, i.table_name, i.is_unique == 1, i.columns))
    .collect()
}

/// Every `index=True` column (`ix_<table>_<column>`), the named composites, and the unique
/// constraints SQLite backs with its own auto-indexes.
const EXPECTED_INDEXES: &[(&str, &str, bool, &str)] = &[
    ("ix_audit_log_event", "audit_log", false, "event"),
    ("ix_audit_log_org_id", "audit_log", false, "org_id"),
    ("ix_audit_log_timestamp", "audit_log", false, "timestamp"),
    ("ix_camera_groups_org_id", "camera_groups", false, "org_id"),
    (
        "ix_camera_nodes_api_key_hash",
        "camera_nodes",
        false,
        "api_key_hash",
    ),
    ("ix_camera_nodes_node_id", "camera_nodes", true, "node_id"),
    ("ix_camera_nodes_org_id", "camera_nodes", false, "org_id"),
    ("ix_cameras_camera_id", "cameras", true, "camera_id"),
    ("ix_cameras_id", "cameras", false, "id"),
    ("ix_cameras_org_id", "cameras", false, "org_id"),
    ("ix_email_log_kind", "email_log", false, "kind"),
    ("ix_email_log_org_id", "email_log", false, "org_id"),
    (
        "ix_email_log_org_timestamp",
        "email_log",
        false,
        "org_id,timestamp",
    ),
    ("ix_email_log_timestamp", "email_log", false, "timestamp"),
    (
        "ix_email_outbox_created_at",
        "email_outbox",
        false,
        "created_at",
    ),
    ("ix_email_outbox_org_id", "email_outbox", false, "org_id"),
    ("ix_email_outbox_status", "email_outbox", false, "status"),
    (
        "ix_email_outbox_status_created",
        "email_outbox",
        false,
        "status,created_at",
    ),
    (
        "ix_email_suppression_address",
        "email_suppression",
        true,
        "address",
    ),
    (
        "ix_incident_evidence_incident_id",
        "incident_evidence",
        false,
        "incident_id",
    ),
    ("ix_incidents_camera_id", "incidents", false, "camera_id"),
    ("ix_incidents_created_at", "incidents", false, "created_at"),
    ("ix_incidents_org_id", "incidents", false, "org_id"),
    ("ix_incidents_severity", "incidents", false, "severity"),
    ("ix_incidents_status", "incidents", false, "status"),
    (
        "ix_mcp_activity_logs_org_id",
        "mcp_activity_logs",
        false,
        "org_id",
    ),
    (
        "ix_mcp_activity_logs_org_timestamp",
        "mcp_activity_logs",
        false,
        "org_id,timestamp",
    ),
    (
        "ix_mcp_activity_logs_timestamp",
        "mcp_activity_logs",
        false,
        "timestamp",
    ),
    (
        "ix_mcp_activity_logs_tool_name",
        "mcp_activity_logs",
        false,
        "tool_name",
    ),
    ("ix_mcp_api_keys_org_id", "mcp_api_keys", false, "org_id"),
    ("ix_member_access_org_id", "member_access", false, "org_id"),
    (
        "sqlite_autoindex_member_access_1",
        "member_access",
        true,
        "org_id,user_id",
    ),
    (
        "sqlite_autoindex_mcp_api_keys_1",
        "mcp_api_keys",
        true,
        "key_hash",
    ),
    (
        "ix_motion_events_camera_id",
        "motion_events",
        false,
        "camera_id",
    ),
    (
        "ix_motion_events_node_id",
        "motion_events",
        false,
        "node_id",
    ),
    ("ix_motion_events_org_id", "motion_events", false, "org_id"),
    (
        "ix_motion_events_org_timestamp",
        "motion_events",
        false,
        "org_id,timestamp",
    ),
    (
        "ix_motion_events_timestamp",
        "motion_events",
        false,
        "timestamp",
    ),
    (
        "ix_notifications_camera_id",
        "notifications",
        false,
        "camera_id",
    ),
    (
        "ix_notifications_created_at",
        "notifications",
        false,
        "created_at",
    ),
    ("ix_notifications_kind", "notifications", false, "kind"),
    (
        "ix_notifications_node_id",
        "notifications",
        false,
        "node_id",
    ),
    (
        "ix_notifications_org_created",
        "notifications",
        false,
        "org_id,created_at",
    ),
    ("ix_notifications_org_id", "notifications", false, "org_id"),
    (
        "ix_notifications_severity",
        "notifications",
        false,
        "severity",
    ),
    (
        "ix_org_monthly_usage_org_id",
        "org_monthly_usage",
        false,
        "org_id",
    ),
    (
        "sqlite_autoindex_org_daily_usage_1",
        "org_daily_usage",
        true,
        "org_id,day",
    ),
    (
        "sqlite_autoindex_org_monthly_usage_1",
        "org_monthly_usage",
        true,
        "org_id,year_month",
    ),
    (
        "ix_processed_webhooks_processed_at",
        "processed_webhooks",
        false,
        "processed_at",
    ),
    (
        "ix_processed_webhooks_svix_msg_id",
        "processed_webhooks",
        true,
        "svix_msg_id",
    ),
    (
        "ix_sentinel_config_org_id",
        "sentinel_config",
        true,
        "org_id",
    ),
    (
        "ix_sentinel_runs_camera_id",
        "sentinel_runs",
        false,
        "camera_id",
    ),
    ("ix_sentinel_runs_org_id", "sentinel_runs", false, "org_id"),
    (
        "ix_sentinel_runs_org_triggered",
        "sentinel_runs",
        false,
        "org_id,triggered_at",
    ),
    (
        "ix_sentinel_runs_triggered_at",
        "sentinel_runs",
        false,
        "triggered_at",
    ),
    (
        "sqlite_autoindex_sentinel_runs_1",
        "sentinel_runs",
        true,
        "id",
    ),
    ("ix_settings_key", "settings", false, "key"),
    ("ix_share_links_org_id", "share_links", false, "org_id,id"),
    (
        "sqlite_autoindex_share_links_1",
        "share_links",
        true,
        "token_hash",
    ),
    ("ix_settings_org_id", "settings", false, "org_id"),
    ("ix_settings_org_key", "settings", false, "org_id,key"),
    (
        "ix_stream_access_logs_accessed_at",
        "stream_access_logs",
        false,
        "accessed_at",
    ),
    (
        "ix_stream_access_logs_camera_id",
        "stream_access_logs",
        false,
        "camera_id",
    ),
    (
        "ix_stream_access_logs_org_accessed",
        "stream_access_logs",
        false,
        "org_id,accessed_at",
    ),
    (
        "ix_stream_access_logs_org_id",
        "stream_access_logs",
        false,
        "org_id",
    ),
    (
        "ix_stream_access_logs_user_id",
        "stream_access_logs",
        false,
        "user_id",
    ),
    (
        "ix_user_notification_state_clerk_user_id",
        "user_notification_state",
        false,
        "clerk_user_id",
    ),
    (
        "ix_user_notification_state_org_id",
        "user_notification_state",
        false,
        "org_id",
    ),
    (
        "sqlite_autoindex_user_notification_state_1",
        "user_notification_state",
        true,
        "clerk_user_id,org_id",
    ),
];

#[test]
fn every_index_and_unique_constraint_exists() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    let mut actual = indexes(&mut conn);
    let mut expected: Vec<(String, String, bool, String)> = EXPECTED_INDEXES
        .iter()
        .map(|(i, t, u, c)| (i.to_string(), t.to_string(), *u, c.to_string()))
        .collect();
    actual.sort();
    expected.sort();
    assert_eq!(actual, expected);
}

#[derive(QueryableByName, Debug)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    from_table: String,
    #[diesel(sql_type = Text)]
    from_column: String,
    #[diesel(sql_type = Text)]
    to_table: String,
    #[diesel(sql_type = Text)]
    to_column: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

#[test]
fn foreign_keys_match_the_data_model() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    let keys: Vec<String> = diesel::sql_query(
        "SELECT m.name AS from_table, fk.\"from\" AS from_column, fk.\"table\" AS to_table, \
                fk.\"to\" AS to_column, fk.on_delete AS on_delete \
         FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) fk \
         WHERE m.type = 'table' ORDER BY m.name, fk.\"from\"",
    )
    .load::<ForeignKey>(&mut conn)
    .unwrap()
    .into_iter()
    .map(|k| {
        format!(
            "{}.{} -> {}.{} on delete {}",
            k.from_table, k.from_column, k.to_table, k.to_column, k.on_delete
        )
    })
    .collect();
    assert_eq!(
        keys,
        [
            "cameras.group_id -> camera_groups.id on delete NO ACTION",
            "cameras.node_id -> camera_nodes.id on delete NO ACTION",
            "incident_evidence.incident_id -> incidents.id on delete CASCADE",
        ]
    );
}

#[test]
fn deleting_an_incident_cascades_to_its_evidence() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    diesel::sql_query(
        "INSERT INTO incidents (id, org_id, title, summary, created_by) VALUES (1, 'o', 't', 's', 'user:u')",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query(
        "INSERT INTO incident_evidence (incident_id, kind) VALUES (1, 'observation')",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query("DELETE FROM incidents WHERE id = 1")
        .execute(&mut conn)
        .unwrap();
    let left: i64 = diesel::select(diesel::dsl::sql::<BigInt>(
        "(SELECT COUNT(*) FROM incident_evidence)",
    ))
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn defaults_fill_rows_written_without_them() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    diesel::sql_query("INSERT INTO mcp_api_keys (org_id, key_hash, name) VALUES ('o', 'h', 'n')")
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query("INSERT INTO cameras (camera_id, org_id, name) VALUES ('c', 'o', 'n')")
        .execute(&mut conn)
        .unwrap();
    #[derive(QueryableByName)]
    struct Defaults {
        #[diesel(sql_type = Text)]
        kind: String,
        #[diesel(sql_type = BigInt)]
        revoked: i64,
        #[diesel(sql_type = Text)]
        scope_mode: String,
        #[diesel(sql_type = BigInt)]
        disabled_by_plan: i64,
        #[diesel(sql_type = Text)]
        status: String,
    }
    let d = diesel::sql_query(
        "SELECT k.kind, k.revoked, k.scope_mode, c.disabled_by_plan, c.status \
         FROM mcp_api_keys k, cameras c",
    )
    .get_result::<Defaults>(&mut conn)
    .unwrap();
    assert_eq!(d.kind, "mcp");
    assert_eq!((d.revoked, d.disabled_by_plan), (0, 0));
    assert_eq!(d.scope_mode, "all");
    assert_eq!(d.status, "offline");
}
