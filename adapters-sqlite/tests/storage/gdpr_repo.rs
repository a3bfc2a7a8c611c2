//! `GdprRepo`: org erasure over every org-scoped table (FK-safe, isolated, idempotent), the
//! export reads and the log wipe.

use super::common::{org_a, org_b, temp_database};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use sentinel_adapters_sqlite::SqliteDatabase;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{DELETED_TABLES, EXPORTED_TABLES, GdprRepo};

/// Every table with an `org_id` column, plus `incident_evidence` (scoped through incidents).
const ORG_TABLES: [&str; 21] = [
    "camera_nodes",
    "camera_groups",
    "cameras",
    "settings",
    "audit_log",
    "stream_access_logs",
    "mcp_api_keys",
    "mcp_activity_logs",
    "incidents",
    "motion_events",
    "notifications",
    "user_notification_state",
    "org_monthly_usage",
    "org_daily_usage",
    "email_outbox",
    "email_log",
    "sentinel_config",
    "sentinel_runs",
    "share_links",
    "member_access",
    "incident_evidence",
];

/// Rows for `org` in every org-scoped table: two nodes with two cameras each (one of them
/// grouped), an orphan camera (no node) in a group, an incident with text and blob evidence
/// (referencing the org's camera), two log rows per log table.
pub fn seed_org(db: &SqliteDatabase, org: &str, tag: &str) {
    let mut conn = db.connection().unwrap();
    conn.batch_execute(&format!(
        r#"
        INSERT INTO camera_nodes (node_id, org_id, api_key_hash, name, created_at)
            VALUES ('{tag}n1', '{org}', 'secret-hash-{tag}1', 'Node 1', '2026-05-04 09:00:00.000000'),
                   ('{tag}n2', '{org}', 'secret-hash-{tag}2', 'Node 2', '2026-05-04 09:00:00.000000');
        INSERT INTO camera_groups (org_id, name) VALUES ('{org}', 'Yard {tag}'), ('{org}', 'Gate {tag}');
        INSERT INTO cameras (camera_id, org_id, node_id, name, group_id, disabled_by_plan)
            VALUES ('{tag}-cam1', '{org}', (SELECT id FROM camera_nodes WHERE node_id = '{tag}n1'), 'Cam 1',
                    (SELECT id FROM camera_groups WHERE name = 'Yard {tag}'), 1),
                   ('{tag}-cam2', '{org}', (SELECT id FROM camera_nodes WHERE node_id = '{tag}n1'), 'Cam 2', NULL, 0),
                   ('{tag}-cam3', '{org}', (SELECT id FROM camera_nodes WHERE node_id = '{tag}n2'), 'Cam 3',
                    (SELECT id FROM camera_groups WHERE name = 'Gate {tag}'), 0),
                   ('{tag}-cam4', '{org}', (SELECT id FROM camera_nodes WHERE node_id = '{tag}n2'), 'Cam 4', NULL, 0),
                   ('{tag}-orphan', '{org}', NULL, 'Orphan',
                    (SELECT id FROM camera_groups WHERE name = 'Gate {tag}'), 0);
        INSERT INTO settings (org_id, "key", value) VALUES ('{org}', 'org_plan', 'pro'), ('{org}', 'timezone', 'UTC');
        INSERT INTO audit_log (org_id, event, timestamp) VALUES ('{org}', 'login', '2026-05-04 09:00:00.250000'),
                   ('{org}', 'camera_added', '2026-05-04 09:00:01.000000');
        INSERT INTO stream_access_logs (user_id, org_id, camera_id, node_id)
            VALUES ('u1', '{org}', '{tag}-cam1', '{tag}n1'), ('u2', '{org}', '{tag}-cam2', '{tag}n1');
        INSERT INTO mcp_api_keys (org_id, key_hash, name) VALUES ('{org}', 'mcp-secret-{tag}', 'Claude');
        INSERT INTO mcp_activity_logs (org_id, tool_name, key_name, status)
            VALUES ('{org}', 'list_cameras', 'Claude', 'success'), ('{org}', 'get_snapshot', 'Claude', 'error');
        INSERT INTO incidents (org_id, camera_id, title, summary, created_by)
            VALUES ('{org}', '{tag}-cam1', 'Break-in', 'Someone at the gate', 'alice'),
                   ('{org}', NULL, 'Drill', 'Practice', 'bob');
        INSERT INTO incident_evidence (incident_id, kind, text, camera_id, data, data_mime)
            VALUES ((SELECT id FROM incidents WHERE org_id = '{org}' AND title = 'Break-in'), 'note', 'seen', '{tag}-cam1', NULL, NULL),
                   ((SELECT id FROM incidents WHERE org_id = '{org}' AND title = 'Break-in'), 'snapshot', NULL, '{tag}-cam1',
                    X'FFD8FFE000104A464946', 'image/jpeg');
        INSERT INTO motion_events (org_id, camera_id, node_id, score)
            VALUES ('{org}', '{tag}-cam1', '{tag}n1', 40), ('{org}', '{tag}-cam3', '{tag}n2', 70);
        INSERT INTO notifications (org_id, kind, title, camera_id)
            VALUES ('{org}', 'camera_offline', 'Cam 1 offline', '{tag}-cam1'), ('{org}', 'node_offline', 'Node down', NULL);
        INSERT INTO user_notification_state (clerk_user_id, org_id) VALUES ('user_{tag}', '{org}');
        INSERT INTO org_monthly_usage (org_id, year_month, viewer_seconds) VALUES ('{org}', '2026-05', 120);
        INSERT INTO org_daily_usage (org_id, day, viewer_seconds) VALUES ('{org}', '2026-05-04', 120);
        INSERT INTO email_outbox (org_id, recipient_email, subject, kind, notification_id)
            VALUES ('{org}', 'a@{tag}.test', 'Hi', 'camera_offline',
                    (SELECT id FROM notifications WHERE org_id = '{org}' AND kind = 'camera_offline'));
        INSERT INTO email_log (org_id, recipient_email, kind, status) VALUES ('{org}', 'a@{tag}.test', 'camera_offline', 'sent');
        INSERT INTO sentinel_config (org_id) VALUES ('{org}');
        INSERT INTO sentinel_runs (id, org_id, trigger_type, outcome, incident_id)
            VALUES ('run-{tag}', '{org}', 'motion', 'incident',
                    (SELECT id FROM incidents WHERE org_id = '{org}' AND title = 'Break-in'));
        INSERT INTO share_links (org_id, label, scope, camera_id, group_id, token_hash, created_by,
                                 created_at, expires_at, revoked_at, max_viewers, views, last_used_at)
            VALUES ('{org}', 'Front {tag}', 'camera', '{tag}-cam1', NULL, 'share-secret-{tag}1', 'Alice',
                    '2026-05-04 09:00:00.000000', '2026-05-05 09:00:00.000000', NULL, 5, 3,
                    '2026-05-04 10:00:00.500000'),
                   ('{org}', 'Yard {tag}', 'group', NULL, (SELECT id FROM camera_groups WHERE name = 'Yard {tag}'),
                    'share-secret-{tag}2', 'Bob', '2026-05-04 09:00:00.000000', '2026-05-05 09:00:00.000000',
                    '2026-05-04 11:00:00.000000', NULL, 0, NULL);
        INSERT INTO member_access (org_id, user_id, group_ids, updated_by, updated_at)
            VALUES ('{org}', 'user_m_{tag}', '[' || (SELECT id FROM camera_groups WHERE name = 'Yard {tag}') || ']',
                    'Alice', '2026-05-04 09:30:00.000000'),
                   ('{org}', 'user_n_{tag}', '[]', 'Bob', '2026-05-04 09:45:00.250000');
        "#
    ))
    .unwrap();
}

/// The global tables, which erasure must leave alone.
fn seed_globals(db: &SqliteDatabase) {
    let mut conn = db.connection().unwrap();
    conn.batch_execute(
        "INSERT INTO processed_webhooks (svix_msg_id, event_type) VALUES ('msg_1', 'organization.deleted');
         INSERT INTO email_suppression (address, reason, source) VALUES ('x@y.test', 'bounce', 'resend');",
    )
    .unwrap();
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows of `org` in `table` (`incident_evidence` through its incident).
pub fn count_rows(db: &SqliteDatabase, table: &str, org: &str) -> i64 {
    let mut conn = db.connection().unwrap();
    let scope = if table == "incident_evidence" {
        "incident_id IN (SELECT id FROM incidents WHERE org_id = ?)"
    } else {
        "org_id = ?"
    };
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table} WHERE {scope}"))
        .bind::<Text, _>(org)
        .get_result::<Count>(&mut conn)
        .unwrap()
        .n
}

fn count_all(db: &SqliteDatabase, table: &str) -> i64 {
    let mut conn = db.connection().unwrap();
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<Count>(&mut conn)
        .unwrap()
        .n
}

fn snapshot(db: &SqliteDatabase, org: &OrgId) -> Vec<(&'static str, i64)> {
    ORG_TABLES
        .iter()
        .map(|&t| (t, count_rows(db, t, org.as_str())))
        .collect()
}

#[test]
fn every_table_with_an_org_id_is_seeded_and_covered() {
    let t = temp_database();
    seed_org(&t.db, "org_a", "a");
    for table in ORG_TABLES {
        assert!(count_rows(&t.db, table, "org_a") > 0, "{table} not seeded");
    }
    // Every table with an org_id column is in the deletion inventory.
    let mut conn = t.db.connection().unwrap();
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let with_org: Vec<Name> = diesel::sql_query(
        "SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table' \
         AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'org_id')",
    )
    .load(&mut conn)
    .unwrap();
    assert_eq!(with_org.len(), 20);
    for Name { name } in with_org {
        assert!(
            DELETED_TABLES.contains(&name.as_str()),
            "{name} not deleted"
        );
        assert!(
            EXPORTED_TABLES.contains(&name.as_str()),
            "{name} not exported"
        );
    }
}

#[test]
fn deletion_empties_every_table_of_the_org_and_leaves_the_other_alone() {
    let t = temp_database();
    seed_org(&t.db, "org_a", "a");
    seed_org(&t.db, "org_b", "b");
    seed_globals(&t.db);
    let b_before = snapshot(&t.db, &org_b());

    let counts = t.store.delete_org_data(&org_a()).unwrap();

    for (table, rows) in snapshot(&t.db, &org_a()) {
        assert_eq!(rows, 0, "org_a still has rows in {table}");
    }
    assert_eq!(snapshot(&t.db, &org_b()), b_before);
    assert_eq!(count_all(&t.db, "processed_webhooks"), 1);
    assert_eq!(count_all(&t.db, "email_suppression"), 1);
    // Org B's cameras keep their groups and nodes.
    assert_eq!(count_all(&t.db, "cameras"), 5);
    assert_eq!(count_all(&t.db, "incident_evidence"), 2);

    let expected = [
        ("cameras", 5),
        ("incidents", 2),
        ("camera_nodes", 2),
        ("settings", 2),
        ("audit_log", 2),
        ("stream_access_logs", 2),
        ("mcp_activity_logs", 2),
        ("mcp_api_keys", 1),
        ("org_monthly_usage", 1),
        ("org_daily_usage", 1),
        ("email_log", 1),
        ("email_outbox", 1),
        ("user_notification_state", 1),
        ("notifications", 2),
        ("motion_events", 2),
        ("camera_groups", 2),
        ("member_access", 2),
        ("sentinel_config", 1),
        ("sentinel_runs", 1),
        ("share_links", 2),
    ];
    assert_eq!(counts.iter().collect::<Vec<_>>(), expected);
    assert_eq!(
        counts.iter().map(|(name, _)| name).collect::<Vec<_>>(),
        DELETED_TABLES
    );
    assert_eq!(counts.get("incident_evidence"), 0);
    assert_eq!(
        serde_json::to_string(&counts).unwrap(),
        r#"{"cameras":5,"incidents":2,"camera_nodes":2,"settings":2,"audit_log":2,"stream_access_logs":2,"mcp_activity_logs":2,"mcp_api_keys":1,"org_monthly_usage":1,"org_daily_usage":1,"email_log":1,"email_outbox":1,"user_notification_state":1,"notifications":2,"motion_events":2,"camera_groups":2,"member_access":2,"sentinel_config":1,"sentinel_runs":1,"share_links":2}"#
    );
}

#[test]
fn deletion_is_idempotent() {
    let t = temp_database();
    seed_org(&t.db, "org_a", "a");
    t.store.delete_org_data(&org_a()).unwrap();
    let again = t.store.delete_org_data(&org_a()).unwrap();
    assert_eq!(again.len(), DELETED_TABLES.len());
    assert!(again.iter().all(|(_, rows)| rows == 0), "{again:?}");
    // An org that never existed: zeros too.
    let none = t.store.delete_org_data(&OrgId::new("org_never")).unwrap();
    assert_eq!(none.total(), 0);
}

#[test]
fn grouped_orphan_cameras_do_not_block_the_group_deletion() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    conn.batch_execute(
        "INSERT INTO camera_groups (org_id, name) VALUES ('org_a', 'Lonely');
         INSERT INTO cameras (camera_id, org_id, node_id, name, group_id)
           VALUES ('orphan-1', 'org_a', NULL, 'Orphan', (SELECT id FROM camera_groups WHERE name = 'Lonely'));",
    )
    .unwrap();
    drop(conn);
    let counts = t.store.delete_org_data(&org_a()).unwrap();
    assert_eq!(counts.get("cameras"), 1);
    assert_eq!(counts.get("camera_groups"), 1);
    assert_eq!(count_all(&t.db, "cameras"), 0);
}

#[test]
fn wipe_logs_deletes_only_the_orgs_stream_and_mcp_logs() {
    let t = temp_database();
    seed_org(&t.db, "org_a", "a");
    seed_org(&t.db, "org_b", "b");
    let wiped = t.store.wipe_access_logs(&org_a()).unwrap();
    assert_eq!((wiped.stream_logs, wiped.mcp_logs), (2, 2));
    assert_eq!(count_rows(&t.db, "stream_access_logs", "org_a"), 0);
    assert_eq!(count_rows(&t.db, "mcp_activity_logs", "org_a"), 0);
    assert_eq!(count_rows(&t.db, "audit_log", "org_a"), 2);
    assert_eq!(count_rows(&t.db, "stream_access_logs", "org_b"), 2);
    assert_eq!(count_rows(&t.db, "mcp_activity_logs", "org_b"), 2);
}

#[test]
fn export_is_org_isolated_complete_and_without_blobs_or_secrets() {
    let t = temp_database();
    seed_org(&t.db, "org_a", "a");
    seed_org(&t.db, "org_b", "b");
    let tables = t.store.export_org_data(&org_a()).unwrap();
    assert_eq!(
        tables.iter().map(|t| t.name).collect::<Vec<_>>(),
        EXPORTED_TABLES
    );
    let text = serde_json::to_string(&tables.iter().map(|t| (t.name, &t.rows)).collect::<Vec<_>>())
        .unwrap();
    assert!(!text.contains("org_b"), "other org leaked");
    assert!(!text.contains("secret-hash"), "node key hash exported");
    assert!(!text.contains("mcp-secret"), "MCP key hash exported");
    assert!(!text.contains("share-secret"), "share token hash exported");
    let rows = |name: &str| &tables.iter().find(|t| t.name == name).unwrap().rows;
    for table in &tables {
        if table.name != "cameras" {
            assert_eq!(
                table.rows.len() as i64,
                count_rows(&t.db, table.name, "org_a"),
                "{}",
                table.name
            );
        }
    }
    // Only cameras reachable through a node.
    assert_eq!(rows("cameras").len(), 4);
    assert_eq!(
        rows("cameras")[0]["disabled_by_plan"],
        serde_json::json!(true)
    );
    let evidence = rows("incident_evidence");
    assert_eq!(evidence[1]["data"], serde_json::json!("<binary 10 bytes>"));
    assert_eq!(evidence[0]["data"], serde_json::Value::Null);
    assert_eq!(
        rows("audit_log")[0]["timestamp"],
        serde_json::json!("2026-05-04T09:00:00.250000")
    );
    assert_eq!(
        rows("audit_log")[1]["timestamp"],
        serde_json::json!("2026-05-04T09:00:01")
    );
    assert_eq!(rows("settings")[0]["key"], serde_json::json!("org_plan"));
    let links = rows("share_links");
    assert_eq!(links.len(), 2);
    assert!(links.iter().all(|link| !link.contains_key("token_hash")));
    assert_eq!(
        serde_json::Value::Object(links[0].clone()),
        serde_json::json!({
            "id": links[0]["id"],
            "org_id": "org_a",
            "label": "Front a",
            "scope": "camera",
            "camera_id": "a-cam1",
            "group_id": null,
            "created_by": "Alice",
            "created_at": "2026-05-04T09:00:00",
            "expires_at": "2026-05-05T09:00:00",
            "revoked_at": null,
            "max_viewers": 5,
            "views": 3,
            "last_used_at": "2026-05-04T10:00:00.500000",
        })
    );
    assert_eq!(links[1]["scope"], serde_json::json!("group"));
    assert_eq!(
        links[1]["revoked_at"],
        serde_json::json!("2026-05-04T11:00:00")
    );
    // Member restrictions are personal data (who may see what): exported whole.
    let access = rows("member_access");
    let yard = rows("camera_groups")
        .iter()
        .find(|group| group["name"] == serde_json::json!("Yard a"))
        .unwrap()["id"]
        .clone();
    assert_eq!(
        serde_json::Value::Object(access[0].clone()),
        serde_json::json!({
            "id": access[0]["id"],
            "org_id": "org_a",
            "user_id": "user_m_a",
            "group_ids": format!("[{yard}]"),
            "updated_by": "Alice",
            "updated_at": "2026-05-04T09:30:00",
        })
    );
    assert_eq!(access[1]["group_ids"], serde_json::json!("[]"));
    assert_eq!(
        access[1]["updated_at"],
        serde_json::json!("2026-05-04T09:45:00.250000")
    );
}

/// The export through the ports only (no raw SQL fixtures), so it runs on every engine:
/// PostgreSQL builds its rows with `json_build_object` over `information_schema`.
#[test]
fn export_of_port_written_rows_has_iso_datetimes_booleans_and_no_secrets() {
    let t = crate::common::temp_database();
    crate::common::create_node(&t.store, &org_a(), "abcd1234");
    crate::common::add_camera(&t.store, &org_a(), "abcd1234", "cam-a");
    crate::common::create_node(&t.store, &org_b(), "efgh5678");
    let tables = t.store.export_org_data(&org_a()).unwrap();
    let rows = |name: &str| {
        tables
            .iter()
            .find(|table| table.name == name)
            .map(|table| table.rows.clone())
            .unwrap()
    };
    let nodes = rows("camera_nodes");
    assert_eq!(nodes.len(), 1, "only org A's node");
    assert_eq!(nodes[0]["node_id"], "abcd1234");
    assert_eq!(nodes[0]["created_at"], "2026-05-04T09:00:00");
    assert!(!nodes[0].contains_key("api_key_hash"), "key hash exported");
    let cameras = rows("cameras");
    assert_eq!(cameras.len(), 1);
    assert_eq!(cameras[0]["camera_id"], "cam-a");
    assert_eq!(cameras[0]["disabled_by_plan"], false);
    assert_eq!(cameras[0]["last_seen"], "2026-05-04T10:00:00");
}
