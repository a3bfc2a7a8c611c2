//! The stream access log on the audit dashboard over real HTTP: listing (filters, order,
//! paging), stats, the CSV export, the plan gate, the 120/min and 60/min limits, and
//! tenant isolation.

use crate::live_common::{now, status_json, store};
use crate::motion_api::PlanIdentity;
use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::{CameraId, OrgId, UserId};
use sentinel_domain::live::StreamAccess;
use sentinel_ports::driven::repos::StreamAccessRepo;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::sync::Arc;

async fn logs_app() -> TestApp {
    TestApp::builder()
        .identity(Arc::new(PlanIdentity))
        .start()
        .await
}

/// An org admin on Pro Plus (the audit dashboard's `admin` feature).
fn auditor(org: &str) -> String {
    PlanIdentity::token("admin", org, "auditor", "pro_plus", "admin")
}

fn access(
    app: &TestApp,
    org: &str,
    user: &str,
    email: &str,
    camera: &str,
    age: TimeDelta,
) -> NaiveDateTime {
    let at = now(app) - age;
    StreamAccessRepo::record_stream_accesses(
        &store(app),
        &OrgId::new(org),
        &[StreamAccess {
            user_id: UserId::new(user),
            user_email: email.to_owned(),
            camera_id: CameraId::new(camera),
            node_ref: "1".to_owned(),
            ip_address: Some("10.0.0.7".to_owned()),
            user_agent: Some("test".to_owned()),
            accessed_at: at,
        }],
    )
    .unwrap();
    at
}

/// Org A: alice twice on cam1 (1 h and 3 days ago), bob once on cam2 (2 h ago); org B:
/// carol once.
fn seed(app: &TestApp) {
    access(
        app,
        "org_a",
        "user_alice",
        "alice@example.test",
        "cam1",
        TimeDelta::days(3),
    );
    access(
        app,
        "org_a",
        "user_bob",
        "Bob@Example.test",
        "cam2",
        TimeDelta::hours(2),
    );
    access(
        app,
        "org_a",
        "user_alice",
        "alice@example.test",
        "cam1",
        TimeDelta::hours(1),
    );
    access(
        app,
        "org_b",
        "user_carol",
        "carol@example.test",
        "cam9",
        TimeDelta::hours(1),
    );
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn get_json(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    status_json(get(app, token, path).await).await
}

fn users_of(logs: &Value) -> Vec<&str> {
    logs.as_array()
        .unwrap()
        .iter()
        .map(|row| row["user_id"].as_str().unwrap())
        .collect()
}

#[actix_web::test]
async fn logs_are_listed_newest_first_with_the_row_shape() {
    let app = logs_app().await;
    seed(&app);
    let newest = now(&app) - TimeDelta::hours(1);
    let (status, body) = get_json(&app, &auditor("org_a"), "/api/audit/stream-logs").await;
    assert_eq!(status, 200);
    assert_eq!(
        (&body["total"], &body["limit"], &body["offset"]),
        (&json!(3), &json!(100), &json!(0))
    );
    assert_eq!(
        users_of(&body["logs"]),
        ["user_alice", "user_bob", "user_alice"]
    );
    let first = &body["logs"][0];
    assert_eq!(
        first,
        &json!({
            "id": first["id"],
            "user_id": "user_alice",
            "user_email": "alice@example.test",
            "org_id": "org_a",
            "camera_id": "cam1",
            "node_id": "1",
            "ip_address": "10.0.0.7",
            "accessed_at": newest.format("%Y-%m-%dT%H:%M:%S").to_string(),
        })
    );
}

#[actix_web::test]
async fn logs_filter_by_camera_and_user_substring_and_page() {
    let app = logs_app().await;
    seed(&app);
    let token = auditor("org_a");
    let (_, cam) = get_json(&app, &token, "/api/audit/stream-logs?camera_id=cam2").await;
    assert_eq!(users_of(&cam["logs"]), ["user_bob"]);
    let (_, by_email) = get_json(&app, &token, "/api/audit/stream-logs?user_id=bob@EXAMPLE").await;
    assert_eq!(
        users_of(&by_email["logs"]),
        ["user_bob"],
        "e-mail, any case"
    );
    let (_, by_id) = get_json(&app, &token, "/api/audit/stream-logs?user_id=ALICE").await;
    assert_eq!(by_id["total"], 2, "user id, any case");
    let (_, wildcard) = get_json(&app, &token, "/api/audit/stream-logs?user_id=b_b").await;
    assert_eq!(
        users_of(&wildcard["logs"]),
        ["user_bob"],
        "`_` and `%` stay wildcards, as in the original"
    );
    let (_, page) = get_json(&app, &token, "/api/audit/stream-logs?limit=1&offset=1").await;
    assert_eq!(
        (&page["total"], &page["limit"], &page["offset"]),
        (&json!(3), &json!(1), &json!(1))
    );
    assert_eq!(users_of(&page["logs"]), ["user_bob"]);
    for bad in [
        "limit=0",
        "limit=501",
        "offset=-1",
        "offset=1000001",
        "format=xml",
    ] {
        let (status, _) = get_json(&app, &token, &format!("/api/audit/stream-logs?{bad}")).await;
        assert_eq!(status, 422, "{bad}");
    }
}

#[actix_web::test]
async fn stats_count_per_camera_user_and_day() {
    let app = logs_app().await;
    seed(&app);
    let (status, body) = get_json(&app, &auditor("org_a"), "/api/audit/stream-logs/stats").await;
    assert_eq!(status, 200);
    let today = now(&app).date();
    let three_days_ago = today - TimeDelta::days(3);
    assert_eq!(
        body,
        json!({
            "days": 7,
            "total_accesses": 3,
            "by_camera": [{"camera_id": "cam1", "count": 2}, {"camera_id": "cam2", "count": 1}],
            "by_user": [
                {"user_id": "user_alice", "user_email": "alice@example.test", "count": 2},
                {"user_id": "user_bob", "user_email": "Bob@Example.test", "count": 1},
            ],
            "by_day": [
                {"date": today.format("%Y-%m-%d").to_string(), "count": 2},
                {"date": three_days_ago.format("%Y-%m-%d").to_string(), "count": 1},
            ],
        })
    );
    let (_, one_day) = get_json(
        &app,
        &auditor("org_a"),
        "/api/audit/stream-logs/stats?days=1",
    )
    .await;
    assert_eq!(one_day["total_accesses"], 2);
    let (status, negative) = get_json(
        &app,
        &auditor("org_a"),
        "/api/audit/stream-logs/stats?days=-1",
    )
    .await;
    assert_eq!(
        (status, &negative["total_accesses"]),
        (200, &json!(0)),
        "no lower bound"
    );
    let (status, _) = get_json(
        &app,
        &auditor("org_a"),
        "/api/audit/stream-logs/stats?days=31",
    )
    .await;
    assert_eq!(status, 422);
}

#[actix_web::test]
async fn the_csv_export_is_an_attachment_with_a_fixed_header() {
    let app = logs_app().await;
    seed(&app);
    access(
        &app,
        "org_a",
        "=cmd",
        "x,\"y\"@example.test",
        "cam3",
        TimeDelta::minutes(1),
    );
    let response = get(
        &app,
        &auditor("org_a"),
        "/api/audit/stream-logs?format=csv&limit=1",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    let day = now(&app).format("%Y%m%d");
    assert_eq!(
        disposition,
        format!("attachment; filename=\"stream-access-log-org_a-{day}.csv\"")
    );
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "accessed_at,camera_id,node_id,user_email,user_id,ip_address"
    );
    assert_eq!(
        lines.len(),
        6,
        "every row (limit ignored), then the final CRLF: {text}"
    );
    let at = (now(&app) - TimeDelta::minutes(1)).format("%Y-%m-%dT%H:%M:%S");
    assert_eq!(
        lines[1],
        format!("{at},cam3,1,\"x,\"\"y\"\"@example.test\",'=cmd,10.0.0.7"),
        "quoted, formula-guarded"
    );

    let empty = get(&app, &auditor("org_c"), "/api/audit/stream-logs?format=csv").await;
    assert_eq!(
        empty.text().await.unwrap(),
        "accessed_at,camera_id,node_id,user_email,user_id,ip_address\r\n"
    );
}

#[actix_web::test]
async fn members_and_plans_without_the_audit_feature_are_refused() {
    let app = logs_app().await;
    let member = PlanIdentity::token("member", "org_a", "m", "pro_plus", "admin");
    let free_admin = PlanIdentity::token("admin", "org_a", "a", "free_org", "");
    for path in ["/api/audit/stream-logs", "/api/audit/stream-logs/stats"] {
        assert_eq!(
            get_json(&app, &member, path).await,
            (403, json!({"detail": "Admin permission required"}))
        );
        assert_eq!(
            get_json(&app, &free_admin, &format!("{path}?limit=0&days=99")).await,
            (
                403,
                json!({"detail": "Audit dashboard requires a Pro or Pro Plus plan. Upgrade at /pricing."})
            ),
            "the plan gate comes before query validation"
        );
    }
}

#[actix_web::test]
async fn another_org_sees_none_of_the_logs_or_stats() {
    let app = logs_app().await;
    seed(&app);
    let (_, list) = get_json(
        &app,
        &auditor("org_b"),
        "/api/audit/stream-logs?camera_id=cam1",
    )
    .await;
    assert_eq!((&list["total"], &list["logs"]), (&json!(0), &json!([])));
    let (_, all) = get_json(&app, &auditor("org_b"), "/api/audit/stream-logs").await;
    assert_eq!(users_of(&all["logs"]), ["user_carol"]);
    let (_, stats) = get_json(&app, &auditor("org_b"), "/api/audit/stream-logs/stats").await;
    assert_eq!(stats["total_accesses"], 1);
    assert_eq!(
        stats["by_camera"],
        json!([{"camera_id": "cam9", "count": 1}])
    );
    let csv = get(&app, &auditor("org_b"), "/api/audit/stream-logs?format=csv").await;
    let text = csv.text().await.unwrap();
    assert!(!text.contains("alice") && text.contains("carol"));
}

#[actix_web::test]
async fn the_121st_listing_and_61st_stats_request_in_a_minute_are_429() {
    let app = logs_app().await;
    let token = auditor("org_a");
    for n in 0..120 {
        // JSON and CSV share the bucket.
        let path = if n % 2 == 0 {
            "/api/audit/stream-logs"
        } else {
            "/api/audit/stream-logs?format=csv"
        };
        assert_eq!(get(&app, &token, path).await.status(), 200, "request {n}");
    }
    let limited = get(&app, &token, "/api/audit/stream-logs").await;
    assert_eq!(limited.headers()["retry-after"], "60");
    let (status, body) = status_json(limited).await;
    assert_eq!(
        (status, &body["error"], &body["limit"]),
        (
            429,
            &json!("rate_limit_exceeded"),
            &json!("120 per 1 minute")
        )
    );

    for n in 0..60 {
        let response = get(&app, &token, "/api/audit/stream-logs/stats").await;
        assert_eq!(response.status(), 200, "stats request {n}");
    }
    let (status, body) = status_json(get(&app, &token, "/api/audit/stream-logs/stats").await).await;
    assert_eq!((status, &body["limit"]), (429, &json!("60 per 1 minute")));
}
