use sentinel_tests::TestApp;
use serde_json::Value;

#[actix_web::test]
async fn health_is_healthy_with_the_version() {
    let app = TestApp::start().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"status": "healthy", "version": "2.1.2"})
    );
    app.stop().await;
}

#[actix_web::test]
async fn detailed_reports_exactly_eight_checks_and_no_identifiers() {
    let app = TestApp::start().await;
    let response = app.get("/api/health/detailed").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    let mut checks: Vec<_> = body["checks"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    checks.sort();
    assert_eq!(
        checks,
        [
            "clerk",
            "database",
            "disk",
            "email_worker",
            "hls_cache",
            "resend",
            "sse",
            "viewer_usage"
        ]
    );
    assert_eq!(body["version"], "2.1.2");
    assert_eq!(body["checks"]["database"]["status"], "ok");
    assert!(body["checks"]["database"]["latency_ms"].is_number());
    assert_eq!(body["checks"]["clerk"]["status"], "unconfigured");
    assert_eq!(body["checks"]["email_worker"]["status"], "disabled");
    assert_eq!(
        body["checks"]["resend"],
        serde_json::json!({"status": "disabled", "queue_depth": 0})
    );
    assert!(body["started_at"].as_str().unwrap().ends_with("+00:00"));
    assert!(["healthy", "degraded"].contains(&body["status"].as_str().unwrap()));
    for leak in ["org_", "user_", "sentinel.db", "test.db"] {
        assert!(!text.contains(leak), "detailed health leaks {leak}: {text}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn ready_lists_four_checks() {
    let app = TestApp::start().await;
    let response = app.get("/api/health/ready?nocache=1").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["ready"], true);
    assert_eq!(body["checks"].as_object().unwrap().len(), 4);
    assert!(body["uptime_seconds"].is_number());
    app.stop().await;
}

#[actix_web::test]
async fn an_unreadable_outbox_reports_queue_depth_minus_one() {
    let app = TestApp::start().await;
    let mut conn = app.sql();
    diesel_exec(&mut conn, "DROP TABLE email_outbox");
    let body: Value = app.get("/api/health/detailed").await.json().await.unwrap();
    assert_eq!(body["checks"]["resend"]["queue_depth"], -1);
    app.stop().await;
}

fn diesel_exec(conn: &mut sentinel_tests::AnyConnection, sql: &str) {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql).execute(conn).unwrap();
}
