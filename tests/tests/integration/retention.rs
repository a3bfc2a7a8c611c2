//! The daily log cleanup over a real SQLite database and the manual clock: per-plan
//! retention of every org log table, tiers per org, the global outbox and webhook-ledger
//! trims, and the summary shape.

use crate::live_common::{live_app, now, set_plan};
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sentinel_app::maintenance::retention_ports;
use sentinel_application::retention::{RetentionSummary, run_log_cleanup};
use sentinel_ports::driven::clock::Clock;
use sentinel_sql_common::schema::{
    audit_log, email_log, email_outbox, mcp_activity_logs, motion_events, notifications,
    processed_webhooks, stream_access_logs,
};
use sentinel_tests::TestApp;
use serde_json::json;

/// One row in each of the six org log tables, `age` old.
fn seed_logs(app: &TestApp, org: &str, age: TimeDelta) {
    let at: NaiveDateTime = now(app) - age;
    let mut conn = app.sql();
    let conn = &mut conn;
    diesel::insert_into(stream_access_logs::table)
        .values((
            stream_access_logs::user_id.eq("u1"),
            stream_access_logs::org_id.eq(org),
            stream_access_logs::camera_id.eq("cam"),
            stream_access_logs::node_id.eq("1"),
            stream_access_logs::accessed_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(mcp_activity_logs::table)
        .values((
            mcp_activity_logs::org_id.eq(org),
            mcp_activity_logs::tool_name.eq("list_cameras"),
            mcp_activity_logs::key_name.eq("key"),
            mcp_activity_logs::status.eq("success"),
            mcp_activity_logs::timestamp.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::org_id.eq(org),
            audit_log::event.eq("node_created"),
            audit_log::timestamp.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(motion_events::table)
        .values((
            motion_events::org_id.eq(org),
            motion_events::camera_id.eq("cam"),
            motion_events::node_id.eq("node"),
            motion_events::score.eq(50),
            motion_events::timestamp.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(notifications::table)
        .values((
            notifications::org_id.eq(org),
            notifications::kind.eq("motion"),
            notifications::audience.eq("all"),
            notifications::title.eq("Motion on cam"),
            notifications::body.eq(""),
            notifications::severity.eq("info"),
            notifications::created_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(email_log::table)
        .values((
            email_log::org_id.eq(org),
            email_log::recipient_email.eq("a@example.test"),
            email_log::kind.eq("motion"),
            email_log::status.eq("sent"),
            email_log::timestamp.eq(at),
        ))
        .execute(conn)
        .unwrap();
}

fn seed_outbox(app: &TestApp, status: &str, age: TimeDelta) {
    let mut conn = app.sql();
    diesel::insert_into(email_outbox::table)
        .values((
            email_outbox::org_id.eq("org_a"),
            email_outbox::recipient_email.eq("a@example.test"),
            email_outbox::subject.eq("[Sentinel] hi"),
            email_outbox::body_text.eq(""),
            email_outbox::body_html.eq(""),
            email_outbox::kind.eq("motion"),
            email_outbox::status.eq(status),
            email_outbox::attempts.eq(0),
            email_outbox::created_at.eq(now(app) - age),
        ))
        .execute(&mut conn)
        .unwrap();
}

fn seed_webhook(app: &TestApp, id: &str, age: TimeDelta) {
    let mut conn = app.sql();
    diesel::insert_into(processed_webhooks::table)
        .values((
            processed_webhooks::svix_msg_id.eq(id),
            processed_webhooks::event_type.eq("subscription.updated"),
            processed_webhooks::processed_at.eq(now(app) - age),
        ))
        .execute(&mut conn)
        .unwrap();
}

/// Rows of `org` left in each of the six tables.
fn remaining(app: &TestApp, org: &str) -> [i64; 6] {
    let mut conn = app.sql();
    let conn = &mut conn;
    [
        stream_access_logs::table
            .filter(stream_access_logs::org_id.eq(org))
            .count()
            .get_result(conn)
            .unwrap(),
        mcp_activity_logs::table
            .filter(mcp_activity_logs::org_id.eq(org))
            .count()
            .get_result(conn)
            .unwrap(),
        audit_log::table
            .filter(audit_log::org_id.eq(org))
            .count()
            .get_result(conn)
            .unwrap(),
        motion_events::table
            .filter(motion_events::org_id.eq(org))
            .count()
            .get_result(conn)
            .unwrap(),
        notifications::table
            .filter(notifications::org_id.eq(org))
            .count()
            .get_result(conn)
            .unwrap(),
        email_log::table
            .filter(email_log::org_id.eq(org))
            .count()
            .get_result(conn)
            .unwrap(),
    ]
}

fn outbox_statuses(app: &TestApp) -> Vec<String> {
    let mut conn = app.sql();
    email_outbox::table
        .order(email_outbox::id)
        .select(email_outbox::status)
        .load(&mut conn)
        .unwrap()
}

async fn cleanup(app: &TestApp) -> RetentionSummary {
    let ports = retention_ports(&app.state);
    let at = app.clock.now().naive_utc();
    tokio::task::spawn_blocking(move || run_log_cleanup(&ports, at))
        .await
        .unwrap()
        .unwrap()
}

#[actix_web::test]
async fn a_free_org_loses_rows_older_than_30_days_in_every_table() {
    let app = live_app(&[]).await;
    seed_logs(&app, "org_free", TimeDelta::days(31));
    seed_logs(&app, "org_free", TimeDelta::days(29));
    let summary = cleanup(&app).await;
    assert_eq!(
        remaining(&app, "org_free"),
        [1; 6],
        "the 29-day-old rows stay"
    );
    assert_eq!(summary.orgs_processed, 1);
    assert_eq!(summary.total_deleted, 6);
}

#[actix_web::test]
async fn pro_plus_keeps_rows_to_365_days_and_each_org_uses_its_own_tier() {
    let app = live_app(&[]).await;
    set_plan(&app, "org_plus", "pro_plus");
    set_plan(&app, "org_pro", "pro");
    for org in ["org_plus", "org_pro", "org_free"] {
        seed_logs(&app, org, TimeDelta::days(60));
        seed_logs(&app, org, TimeDelta::days(120));
        seed_logs(&app, org, TimeDelta::days(400));
    }
    let summary = cleanup(&app).await;
    assert_eq!(remaining(&app, "org_plus"), [2; 6], "60 and 120 days kept");
    assert_eq!(remaining(&app, "org_pro"), [1; 6], "only 60 days kept");
    assert_eq!(remaining(&app, "org_free"), [0; 6]);
    assert_eq!(summary.orgs_processed, 3);
    assert_eq!(summary.totals.motion, 1 + 2 + 3);
    assert_eq!(summary.total_deleted, 6 * 6);
}

#[actix_web::test]
async fn old_terminal_outbox_rows_and_webhook_ledger_rows_go_pending_and_sending_stay() {
    let app = live_app(&[]).await;
    for status in ["sent", "failed", "suppressed", "pending", "sending"] {
        seed_outbox(&app, status, TimeDelta::days(8));
    }
    seed_outbox(&app, "sent", TimeDelta::days(6));
    seed_webhook(&app, "msg_old", TimeDelta::days(31));
    seed_webhook(&app, "msg_new", TimeDelta::days(29));
    let summary = cleanup(&app).await;
    assert_eq!(outbox_statuses(&app), ["pending", "sending", "sent"]);
    assert_eq!(summary.totals.email_outbox, 3);
    assert_eq!(summary.totals.processed_webhooks, 1);
    assert_eq!(summary.orgs_processed, 0, "the outbox is not an org log");
}

#[actix_web::test]
async fn the_clock_moving_on_makes_rows_expire() {
    let app = live_app(&[]).await;
    seed_logs(&app, "org_a", TimeDelta::days(20));
    assert_eq!(cleanup(&app).await.total_deleted, 0);
    app.clock.advance(TimeDelta::days(11));
    assert_eq!(cleanup(&app).await.total_deleted, 6);
    assert_eq!(remaining(&app, "org_a"), [0; 6]);
}

#[actix_web::test]
async fn an_empty_database_gives_the_zero_summary_with_all_eight_keys() {
    let app = live_app(&[]).await;
    let summary = cleanup(&app).await;
    assert_eq!(
        serde_json::to_value(summary).unwrap(),
        json!({
            "orgs_processed": 0,
            "totals": {
                "stream": 0, "mcp": 0, "audit": 0, "motion": 0, "notif": 0,
                "email_log": 0, "email_outbox": 0, "processed_webhooks": 0,
            },
            "total_deleted": 0,
        })
    );
}
