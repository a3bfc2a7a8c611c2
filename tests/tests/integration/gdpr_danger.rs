//! The settings danger zone over real HTTP: the full reset (a connected node is told to
//! wipe itself, the org's cached video is dropped, every org row is erased and only the
//! `full_reset` audit row is left; other orgs untouched) and the plan-gated log wipe.

use crate::live_common::{
    CAM_A, CAM_A2, CAM_B, KEY_A, KEY_B, push_segment, seed_two_orgs, segment_bytes, set_plan,
};
use crate::motion_api::PlanIdentity;
use crate::nodes_common::{answer_command, connect_node_socket, next_command};
use crate::notifications_common::post_json;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use sentinel_domain::ids::CameraId;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::sync::Arc;

/// Tables holding org rows (`incident_evidence` scoped through its incident).
const ORG_TABLES: [&str; 18] = [
    "camera_nodes",
    "camera_groups",
    "cameras",
    "settings",
    "audit_log",
    "stream_access_logs",
    "mcp_api_keys",
    "mcp_activity_logs",
    "incidents",
    "incident_evidence",
    "motion_events",
    "notifications",
    "user_notification_state",
    "org_monthly_usage",
    "email_outbox",
    "email_log",
    "sentinel_config",
    "sentinel_runs",
];

async fn danger_app() -> TestApp {
    let app = TestApp::builder()
        .identity(Arc::new(PlanIdentity))
        .start()
        .await;
    seed_two_orgs(&app);
    seed_rows(&app, "org_a", "a");
    seed_rows(&app, "org_b", "b");
    app
}

/// A row in every org table but the fleet ones `seed_two_orgs` fills, plus an orphan
/// camera in a group (no node) and an incident with blob evidence.
fn seed_rows(app: &TestApp, org: &str, tag: &str) {
    let mut conn = app.sql();
    let blob = app.blob_literal("FFD8FFE0");
    conn.batch_execute(&format!(
        r#"
        INSERT INTO camera_groups (org_id, name) VALUES ('{org}', 'Yard {tag}');
        INSERT INTO cameras (camera_id, org_id, node_id, name, group_id)
            VALUES ('{tag}-orphan', '{org}', NULL, 'Orphan', (SELECT id FROM camera_groups WHERE name = 'Yard {tag}'));
        UPDATE cameras SET group_id = (SELECT id FROM camera_groups WHERE name = 'Yard {tag}')
            WHERE org_id = '{org}' AND node_id IS NOT NULL;
        INSERT INTO settings (org_id, "key", value) VALUES ('{org}', 'timezone', 'Europe/London');
        INSERT INTO audit_log (org_id, event) VALUES ('{org}', 'login'), ('{org}', 'camera_added');
        INSERT INTO stream_access_logs (user_id, org_id, camera_id, node_id)
            VALUES ('u1', '{org}', 'c', 'n'), ('u2', '{org}', 'c', 'n'), ('u3', '{org}', 'c', 'n');
        INSERT INTO mcp_api_keys (org_id, key_hash, name) VALUES ('{org}', 'hash-{tag}', 'Claude');
        INSERT INTO mcp_activity_logs (org_id, tool_name, key_name, status)
            VALUES ('{org}', 'list_cameras', 'Claude', 'success'), ('{org}', 'x', 'Claude', 'error');
        INSERT INTO incidents (org_id, title, summary, created_by) VALUES ('{org}', 'Break-in', 'Gate', 'alice');
        INSERT INTO incident_evidence (incident_id, kind, data, data_mime)
            VALUES ((SELECT id FROM incidents WHERE org_id = '{org}'), 'snapshot', {blob}, 'image/jpeg');
        INSERT INTO motion_events (org_id, camera_id, node_id, score) VALUES ('{org}', 'c', 'n', 50);
        INSERT INTO notifications (org_id, kind, title) VALUES ('{org}', 'camera_offline', 'Down');
        INSERT INTO user_notification_state (clerk_user_id, org_id) VALUES ('user_{tag}', '{org}');
        INSERT INTO org_monthly_usage (org_id, year_month, viewer_seconds) VALUES ('{org}', '2026-11', 60);
        INSERT INTO email_outbox (org_id, recipient_email, subject, kind) VALUES ('{org}', 'a@x.test', 'Hi', 'k');
        INSERT INTO email_log (org_id, recipient_email, kind, status) VALUES ('{org}', 'a@x.test', 'k', 'sent');
        INSERT INTO sentinel_config (org_id) VALUES ('{org}');
        INSERT INTO sentinel_runs (id, org_id, trigger_type, outcome) VALUES ('run-{tag}', '{org}', 'motion', 'quiet');
        "#
    ))
    .unwrap();
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count_rows(app: &TestApp, table: &str, org: &str) -> i64 {
    // Fixture org ids only, so inlined (placeholders differ between the engines).
    let scope = if table == "incident_evidence" {
        format!("incident_id IN (SELECT id FROM incidents WHERE org_id = '{org}')")
    } else {
        format!("org_id = '{org}'")
    };
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table} WHERE {scope}"))
        .get_result::<Count>(&mut app.sql())
        .unwrap()
        .n
}

fn snapshot(app: &TestApp, org: &str) -> Vec<(&'static str, i64)> {
    ORG_TABLES
        .iter()
        .map(|&t| (t, count_rows(app, t, org)))
        .collect()
}

#[derive(QueryableByName)]
struct AuditRow {
    #[diesel(sql_type = Text)]
    event: String,
    #[diesel(sql_type = Nullable<Text>)]
    details: Option<String>,
}

fn audit_rows(app: &TestApp, org: &str) -> Vec<(String, Value)> {
    diesel::sql_query(format!(
        "SELECT event, details FROM audit_log WHERE org_id = '{org}' ORDER BY id"
    ))
    .load::<AuditRow>(&mut app.sql())
    .unwrap()
    .into_iter()
    .map(|row| {
        let details = row
            .details
            .map(|d| serde_json::from_str(&d).unwrap())
            .unwrap_or(Value::Null);
        (row.event, details)
    })
    .collect()
}

fn cached(app: &TestApp, camera: &str) -> bool {
    app.state
        .live
        .newest_segments(&CameraId::new(camera), 10)
        .is_some()
}

const FULL_RESET: &str = "/api/settings/danger/full-reset";
const WIPE_LOGS: &str = "/api/settings/danger/wipe-logs";

#[actix_web::test]
async fn full_reset_wipes_the_node_drops_cached_video_and_erases_every_org_row() {
    let app = danger_app().await;
    for (key, camera) in [(KEY_A, CAM_A), (KEY_A, CAM_A2), (KEY_B, CAM_B)] {
        let pushed = push_segment(
            &app,
            key,
            camera,
            "segment_00001.ts",
            segment_bytes(camera, 1, 500),
        )
        .await;
        assert!(
            pushed.status().is_success(),
            "{camera}: {}",
            pushed.status()
        );
        assert!(cached(&app, camera));
    }
    let org_b_before = snapshot(&app, "org_b");
    let mut socket = connect_node_socket(&app, "aaaa0001", KEY_A).await;

    let (client, url) = (app.client.clone(), app.url(FULL_RESET));
    let token = PlanIdentity::token("admin", "org_a", "owner", "free_org", "");
    let request = actix_web::rt::spawn(async move {
        let response = client.post(&url).bearer_auth(token).send().await.unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    });
    let command = next_command(&mut socket).await;
    assert_eq!(command["command"], "wipe_data");
    assert_eq!(command["payload"], json!({}));
    answer_command(&mut socket, &command, json!({"status": "success"})).await;
    let (status, body) = request.await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"success": true, "nodes_wiped": 1, "nodes_deleted": 1, "cameras_deleted": 3,
               "logs_deleted": 3, "mcp_logs_deleted": 2, "settings_deleted": 1})
    );

    assert!(
        !cached(&app, CAM_A) && !cached(&app, CAM_A2),
        "org cache dropped"
    );
    assert!(cached(&app, CAM_B), "another org's cache kept");
    for (table, rows) in snapshot(&app, "org_a") {
        let expected = i64::from(table == "audit_log");
        assert_eq!(rows, expected, "org_a rows left in {table}");
    }
    let audit = audit_rows(&app, "org_a");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].0, "full_reset");
    assert_eq!(audit[0].1["cameras"], 3);
    assert_eq!(audit[0].1["camera_nodes"], 1);
    assert_eq!(audit[0].1["audit_log"], 2);
    assert_eq!(audit[0].1["camera_groups"], 1);
    assert_eq!(snapshot(&app, "org_b"), org_b_before, "org_b untouched");

    // The erased node's key no longer pushes video.
    let refused = push_segment(&app, KEY_A, CAM_A, "segment_00002.ts", vec![0x47; 100]).await;
    assert!(refused.status().is_client_error());
    app.stop().await;
}

#[actix_web::test]
async fn full_reset_works_on_every_plan_with_offline_nodes_and_is_admin_only() {
    let app = danger_app().await;
    set_plan(&app, "org_b", "pro_plus");
    let member = PlanIdentity::token("member", "org_a", "m", "pro_plus", "admin");
    assert_eq!(
        post_json(&app, FULL_RESET, &member).await,
        (403, json!({"detail": "Admin permission required"}))
    );
    // No node connected: not wiped, still deleted.
    let (status, body) = post_json(
        &app,
        FULL_RESET,
        &PlanIdentity::token("admin", "org_b", "o", "pro_plus", "admin"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["nodes_wiped"], 0);
    assert_eq!(body["nodes_deleted"], 1);
    assert_eq!(body["settings_deleted"], 2, "timezone and org_plan");
    // Idempotent: a second reset finds nothing.
    let (status, body) = post_json(
        &app,
        FULL_RESET,
        &PlanIdentity::token("admin", "org_b", "o", "free_org", ""),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"success": true, "nodes_wiped": 0, "nodes_deleted": 0, "cameras_deleted": 0,
               "logs_deleted": 0, "mcp_logs_deleted": 0, "settings_deleted": 0})
    );
    assert_eq!(count_rows(&app, "cameras", "org_a"), 3, "org_a untouched");
    app.stop().await;
}

#[actix_web::test]
async fn full_reset_is_limited_to_three_an_hour() {
    let app = danger_app().await;
    let admin = PlanIdentity::token("admin", "org_a", "o", "free_org", "");
    for _ in 0..3 {
        assert_eq!(post_json(&app, FULL_RESET, &admin).await.0, 200);
    }
    assert_eq!(post_json(&app, FULL_RESET, &admin).await.0, 429);
    app.stop().await;
}

#[actix_web::test]
async fn wipe_logs_needs_the_admin_feature_and_a_paid_billing_record() {
    let app = danger_app().await;
    let no_feature = PlanIdentity::token("admin", "org_a", "o", "pro", "");
    assert_eq!(
        post_json(&app, WIPE_LOGS, &no_feature).await,
        (
            403,
            json!({"detail": "Danger zone requires a Pro or Pro Plus plan."})
        )
    );
    // JWT says admin feature, the DB says free.
    let admin = PlanIdentity::token("admin", "org_a", "o", "pro", "admin");
    let (status, body) = post_json(&app, WIPE_LOGS, &admin).await;
    assert_eq!(status, 403);
    assert_eq!(
        body,
        json!({"detail": "Danger zone requires an active paid plan; the current billing record for this organization doesn't include this feature.  If you just upgraded, sign out and back in to refresh your session."})
    );
    assert!(body["detail"].as_str().unwrap().contains("paid"));
    let member = PlanIdentity::token("member", "org_a", "m", "pro", "admin");
    assert_eq!(post_json(&app, WIPE_LOGS, &member).await.0, 403);
    assert_eq!(count_rows(&app, "stream_access_logs", "org_a"), 3);

    set_plan(&app, "org_a", "pro");
    let (status, body) = post_json(&app, WIPE_LOGS, &admin).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"success": true, "deleted_logs": 3, "deleted_mcp_logs": 2})
    );
    assert_eq!(count_rows(&app, "stream_access_logs", "org_a"), 0);
    assert_eq!(count_rows(&app, "mcp_activity_logs", "org_a"), 0);
    assert_eq!(count_rows(&app, "stream_access_logs", "org_b"), 3);
    assert_eq!(count_rows(&app, "mcp_activity_logs", "org_b"), 2);
    let audit = audit_rows(&app, "org_a");
    assert_eq!(
        audit.last().unwrap(),
        &(
            "logs_wiped".to_owned(),
            json!({"stream_logs_deleted": 3, "mcp_logs_deleted": 2})
        )
    );

    // Refused attempts count too (the limiter runs before the plan gate): 3 so far.
    set_plan(&app, "org_a", "pro_plus");
    for _ in 0..2 {
        assert_eq!(post_json(&app, WIPE_LOGS, &admin).await.0, 200);
    }
    assert_eq!(post_json(&app, WIPE_LOGS, &admin).await.0, 429, "5 an hour");
    app.stop().await;
}
