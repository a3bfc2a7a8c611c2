//! `schema.rs` (hand-written) matches the migration: same column names in the same order,
//! and every column reads back through its declared diesel type, both fully populated and
//! with only the required columns set (so nullability agrees too).

use crate::common::temp_database;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use sentinel_sql_common::schema;

type S = String;
type OS = Option<String>;
type OD = Option<NaiveDateTime>;
type OI = Option<i32>;
type OL = Option<i64>;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn migration_columns(conn: &mut SqliteConnection, table: &str) -> Vec<String> {
    diesel::sql_query("SELECT name FROM pragma_table_info(?) ORDER BY cid")
        .bind::<Text, _>(table)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
}

/// Column names of `SELECT all_columns` as diesel renders it: "`t`.`a`, `t`.`b` FROM ...".
fn schema_columns(select_sql: &str) -> Vec<String> {
    let list = select_sql
        .strip_prefix("SELECT ")
        .and_then(|rest| rest.split(" FROM ").next())
        .unwrap();
    list.split(", ")
        .map(|qualified| {
            let column = qualified.rsplit('.').next().unwrap();
            column.trim_matches('`').to_owned()
        })
        .collect()
}

macro_rules! assert_same_columns {
    ($conn:expr, $($table:ident),+ $(,)?) => {{
        let mut checked = 0;
        $(
            let query = schema::$table::table.select(schema::$table::all_columns);
            let sql = diesel::debug_query::<Sqlite, _>(&query).to_string();
            assert_eq!(
                schema_columns(&sql),
                migration_columns($conn, stringify!($table)),
                "columns of {}",
                stringify!($table)
            );
            checked += 1;
        )+
        checked
    }};
}

#[test]
fn schema_rs_names_every_column_of_every_table_in_order() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    let checked = assert_same_columns!(
        &mut conn,
        cameras,
        camera_groups,
        settings,
        audit_log,
        camera_nodes,
        stream_access_logs,
        mcp_api_keys,
        mcp_activity_logs,
        incidents,
        incident_evidence,
        motion_events,
        notifications,
        user_notification_state,
        processed_webhooks,
        org_monthly_usage,
        email_outbox,
        email_log,
        email_suppression,
        sentinel_config,
        sentinel_runs,
        org_daily_usage,
        share_links,
        member_access,
    );
    assert_eq!(checked, 23);
}

/// Inserts a full and a minimal row with raw SQL, then loads both through `all_columns`.
macro_rules! round_trip {
    ($conn:expr, $table:ident, $row:ty, $full:expr, $minimal:expr) => {{
        diesel::sql_query($full).execute($conn).unwrap();
        diesel::sql_query($minimal).execute($conn).unwrap();
        let rows: Vec<$row> = schema::$table::table
            .select(schema::$table::all_columns)
            .order(schema::$table::id.asc())
            .load($conn)
            .unwrap_or_else(|e| panic!("{}: {e}", stringify!($table)));
        assert_eq!(rows.len(), 2, "{}", stringify!($table));
        rows
    }};
}

const TS: &str = "'2026-05-04 12:00:00.123456'";

#[test]
fn every_table_reads_back_through_schema_rs() {
    let t = temp_database();
    let conn = &mut *t.db.connection().unwrap();

    type NodeRow = (
        i64,
        S,
        S,
        S,
        S,
        OS,
        OS,
        OI,
        OS,
        OD,
        OD,
        OD,
        OS,
        OS,
        OD,
        OS,
        OD,
        OS,
        OD,
        OL,
        OL,
        OL,
        OL,
        OD,
    );
    let nodes = round_trip!(
        conn,
        camera_nodes,
        NodeRow,
        format!(
            "INSERT INTO camera_nodes VALUES (1, 'n1', 'o', 'h', 'Node', 'host', '10.0.0.2', 8080, \
             'online', {TS}, {TS}, {TS}, 'avc1.42e01e', 'mp4a.40.2', {TS}, 'err', {TS}, '0.1.2', \
             {TS}, 1, 2, 3, 4000000000000, {TS})"
        ),
        "INSERT INTO camera_nodes (node_id, org_id, api_key_hash, name) VALUES ('n2', 'o', 'h2', 'N')"
    );
    assert_eq!(nodes[0].22, Some(4_000_000_000_000));
    assert_eq!(
        nodes[0].9.unwrap().to_string(),
        "2026-05-04 12:00:00.123456"
    );
    assert_eq!(
        (nodes[1].7, nodes[1].8.as_deref()),
        (Some(8080), Some("offline"))
    );

    type GroupRow = (i64, S, S, OS, OS, OD);
    let groups = round_trip!(
        conn,
        camera_groups,
        GroupRow,
        format!("INSERT INTO camera_groups VALUES (1, 'o', 'G', '#ffffff', 'x', {TS})"),
        "INSERT INTO camera_groups (org_id, name) VALUES ('o', 'H')"
    );
    assert_eq!(groups[1].4.as_deref(), Some("📁"));

    type CameraRow = (
        i64,
        S,
        S,
        OL,
        S,
        OS,
        OS,
        OL,
        OD,
        OS,
        OS,
        OD,
        OS,
        OS,
        OD,
        bool,
        bool,
        bool,
        OS,
        OS,
    );
    let cams = round_trip!(
        conn,
        cameras,
        CameraRow,
        format!(
            "INSERT INTO cameras VALUES (1, 'n1_video0', 'o', 1, 'Cam', 'usb', 'streaming', 1, {TS}, \
             'failed', 'boom', {TS}, 'avc1', 'mp4a', {TS}, 1, 0, 1, '22:00', '06:00')"
        ),
        "INSERT INTO cameras (camera_id, org_id, name) VALUES ('c2', 'o', 'C')"
    );
    assert_eq!((cams[0].15, cams[0].16, cams[0].17), (true, false, true));
    assert_eq!((cams[1].15, cams[1].16, cams[1].17), (false, false, false));

    round_trip!(
        conn,
        settings,
        (i64, S, S, OS, OD),
        format!("INSERT INTO settings VALUES (1, 'o', 'timezone', 'UTC', {TS})"),
        "INSERT INTO settings (org_id, \"key\") VALUES ('o', 'k')"
    );
    round_trip!(
        conn,
        audit_log,
        (i64, S, OD, S, OS, OS, OS, OS),
        format!(
            "INSERT INTO audit_log VALUES (1, 'o', {TS}, 'node_created', '1.2.3.4', 'u', 'user_1', '{{}}')"
        ),
        "INSERT INTO audit_log (org_id, event) VALUES ('o', 'e')"
    );
    round_trip!(
        conn,
        stream_access_logs,
        (i64, S, OS, S, S, S, OS, OS, OD),
        format!(
            "INSERT INTO stream_access_logs VALUES (1, 'u', 'a@b.c', 'o', 'c', '1', 'ip', 'ua', {TS})"
        ),
        "INSERT INTO stream_access_logs (user_id, org_id, camera_id, node_id) VALUES ('u', 'o', 'c', '1')"
    );
    let keys = round_trip!(
        conn,
        mcp_api_keys,
        (i64, S, S, S, OD, OD, Option<bool>, OS, OS, S),
        format!(
            "INSERT INTO mcp_api_keys VALUES (1, 'o', 'h1', 'k', {TS}, {TS}, 1, 'custom', '[\"a\"]', 'integration')"
        ),
        "INSERT INTO mcp_api_keys (org_id, key_hash, name) VALUES ('o', 'h2', 'k')"
    );
    assert_eq!(keys[1].9, "mcp");
    round_trip!(
        conn,
        mcp_activity_logs,
        (i64, S, S, S, S, OI, OS, OS, OD),
        format!(
            "INSERT INTO mcp_activity_logs VALUES (1, 'o', 'tool', 'key', 'ok', 12, 'args', 'err', {TS})"
        ),
        "INSERT INTO mcp_activity_logs (org_id, tool_name, key_name, status) VALUES ('o', 't', 'k', 'ok')"
    );
    round_trip!(
        conn,
        incidents,
        (i64, S, OS, S, S, OS, S, S, S, OD, OD, OD, OS),
        format!(
            "INSERT INTO incidents VALUES (1, 'o', 'c', 'T', 'S', 'R', 'high', 'resolved', 'user:u', {TS}, {TS}, {TS}, 'user:u')"
        ),
        "INSERT INTO incidents (org_id, title, summary, created_by) VALUES ('o', 'T', 'S', 'mcp:k')"
    );
    let evidence = round_trip!(
        conn,
        incident_evidence,
        (i64, i64, S, OS, OS, Option<Vec<u8>>, OS, OD),
        format!(
            "INSERT INTO incident_evidence VALUES (1, 1, 'snapshot', 'txt', 'c', X'FFD8FF', 'image/jpeg', {TS})"
        ),
        "INSERT INTO incident_evidence (incident_id, kind) VALUES (1, 'observation')"
    );
    assert_eq!(evidence[0].5.as_deref(), Some(&[0xFF, 0xD8, 0xFF][..]));
    round_trip!(
        conn,
        motion_events,
        (i64, S, S, S, i32, OL, OD),
        format!("INSERT INTO motion_events VALUES (1, 'o', 'c', 'n1', 88, 12345678901, {TS})"),
        "INSERT INTO motion_events (org_id, camera_id, node_id, score) VALUES ('o', 'c', 'n1', 5)"
    );
    round_trip!(
        conn,
        notifications,
        (i64, S, S, S, S, S, S, OS, OS, OS, OS, OD),
        format!(
            "INSERT INTO notifications VALUES (1, 'o', 'motion', 'admin', 'T', 'B', 'warning', '/x', 'c', 'n', '{{}}', {TS})"
        ),
        "INSERT INTO notifications (org_id, kind, title) VALUES ('o', 'k', 'T')"
    );
    round_trip!(
        conn,
        user_notification_state,
        (i64, S, S, OD, OD),
        format!("INSERT INTO user_notification_state VALUES (1, 'u', 'o', {TS}, {TS})"),
        "INSERT INTO user_notification_state (clerk_user_id, org_id) VALUES ('u2', 'o')"
    );
    round_trip!(
        conn,
        processed_webhooks,
        (i64, S, OS, OD),
        format!("INSERT INTO processed_webhooks VALUES (1, 'msg_1', 'user.created', {TS})"),
        "INSERT INTO processed_webhooks (svix_msg_id) VALUES ('msg_2')"
    );
    round_trip!(
        conn,
        org_monthly_usage,
        (i64, S, S, i64, OD),
        format!("INSERT INTO org_monthly_usage VALUES (1, 'o', '2026-05', 5000000000, {TS})"),
        "INSERT INTO org_monthly_usage (org_id, year_month) VALUES ('o', '2026-06')"
    );
    round_trip!(
        conn,
        org_daily_usage,
        (i64, S, S, i64, OD),
        format!("INSERT INTO org_daily_usage VALUES (1, 'o', '2026-05-01', 5000000000, {TS})"),
        "INSERT INTO org_daily_usage (org_id, day) VALUES ('o', '2026-05-02')"
    );
    round_trip!(
        conn,
        email_outbox,
        (i64, S, S, S, S, S, S, OL, S, i32, OD, OD, OS, OS, OD),
        format!(
            "INSERT INTO email_outbox VALUES (1, 'o', 'a@b.c', 'Sub', 't', 'h', 'motion', 7, 'sent', 1, {TS}, {TS}, 'rid', 'e', {TS})"
        ),
        "INSERT INTO email_outbox (org_id, recipient_email, subject, kind) VALUES ('o', 'a@b.c', 'S', 'k')"
    );
    round_trip!(
        conn,
        email_log,
        (i64, S, OD, S, S, S, OS, OS),
        format!(
            "INSERT INTO email_log VALUES (1, 'o', {TS}, 'a@b.c', 'motion', 'sent', 'rid', 'e')"
        ),
        "INSERT INTO email_log (org_id, recipient_email, kind, status) VALUES ('o', 'a@b.c', 'k', 'failed')"
    );
    round_trip!(
        conn,
        email_suppression,
        (i64, S, S, S, OD),
        format!(
            "INSERT INTO email_suppression VALUES (1, 'a@b.c', 'bounce', 'resend_webhook', {TS})"
        ),
        "INSERT INTO email_suppression (address, reason, source) VALUES ('d@e.f', 'manual', 'admin_action')"
    );
    let configs = round_trip!(
        conn,
        sentinel_config,
        (i64, S, bool, bool, bool, i32, S, S, S, OS, OS, OD, OD),
        format!(
            "INSERT INTO sentinel_config VALUES (1, 'o', 0, 0, 0, 9, 'off', '01:00', '02:00', '[]', '{{}}', {TS}, {TS})"
        ),
        "INSERT INTO sentinel_config (org_id) VALUES ('o2')"
    );
    assert_eq!(
        (
            configs[1].2,
            configs[1].5,
            configs[1].7.as_str(),
            configs[1].8.as_str()
        ),
        (true, 5, "22:00", "06:00")
    );
    round_trip!(
        conn,
        sentinel_runs,
        (
            S,
            S,
            NaiveDateTime,
            S,
            OS,
            i32,
            S,
            OS,
            OL,
            OD,
            OD,
            OS,
            OS,
            OS
        ),
        format!(
            "INSERT INTO sentinel_runs VALUES ('0a', 'o', {TS}, 'manual', 'c', 3, 'incident', 'high', 1, {TS}, {TS}, 'p', 's', '[]')"
        ),
        "INSERT INTO sentinel_runs (id, org_id, trigger_type, outcome) VALUES ('0b', 'o', 'motion', 'pending')"
    );
    let links = round_trip!(
        conn,
        share_links,
        (
            i64,
            S,
            S,
            S,
            OS,
            OL,
            S,
            S,
            NaiveDateTime,
            NaiveDateTime,
            OD,
            OL,
            i64,
            OD
        ),
        format!(
            "INSERT INTO share_links VALUES (1, 'o', 'Front door', 'camera', 'c', NULL, '{h1}', 'Ada', {TS}, {TS}, {TS}, 50, 5000000000, {TS})",
            h1 = "a".repeat(64)
        ),
        format!(
            "INSERT INTO share_links (org_id, label, scope, group_id, token_hash, created_by, created_at, expires_at) \
             VALUES ('o', 'Yard', 'group', 7, '{h2}', 'Bob', {TS}, {TS})",
            h2 = "b".repeat(64)
        )
    );
    assert_eq!(
        (links[0].12, links[1].5, links[1].12, links[1].13),
        (5_000_000_000, Some(7), 0, None)
    );
    let access = round_trip!(
        conn,
        member_access,
        (i64, S, S, S, S, NaiveDateTime),
        format!("INSERT INTO member_access VALUES (1, 'o', 'user_m', '[1,2]', 'Ada', {TS})"),
        format!(
            "INSERT INTO member_access (org_id, user_id, updated_by, updated_at) \
             VALUES ('o', 'user_n', 'Bob', {TS})"
        )
    );
    assert_eq!(
        (access[0].3.as_str(), access[1].3.as_str()),
        ("[1,2]", "[]")
    );
}
