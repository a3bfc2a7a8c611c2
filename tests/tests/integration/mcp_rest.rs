//! `/api/mcp/keys`, `/api/mcp/tools` and `/api/mcp/activity/*` over real HTTP: minting,
//! listing and revoking `osc_` keys with their scopes, audit rows and notifications; the
//! tool catalog; and the activity views (recent, sessions, stats, the stored log with its
//! CSV and stats, the live SSE stream) with their limits and org isolation.

use crate::mcp_common::{ORG_A, call_tool, mcp_app, mint_key};
use crate::nodes_common::{ADMIN_A, ADMIN_B, MEMBER_A, api, audit_rows, set_setting};
use chrono::TimeDelta;
use sentinel_tests::{EventStream, FakeIdentity};
use serde_json::{Value, json};
use std::time::Duration;

#[actix_web::test]
async fn keys_are_minted_once_listed_without_secrets_and_revoked() {
    let app = mcp_app().await;
    let (status, created) = api(
        &app,
        "POST",
        "/api/mcp/keys",
        Some(ADMIN_A),
        Some(json!({"name": "Test Key"})),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let key = created["key"].as_str().unwrap();
    assert!(key.starts_with("osc_") && key.len() == 36, "{key}");
    assert!(
        key[4..]
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(created["scope_mode"], "all");
    assert_eq!(created["scope_tools"], json!([]));
    assert_eq!(
        created["warning"],
        "Save this key now. You won't be able to see it again."
    );
    assert!(created.get("kind").is_none());
    let id = created["id"].as_i64().unwrap();

    let (_, readonly) = api(
        &app,
        "POST",
        "/api/mcp/keys",
        Some(ADMIN_A),
        Some(json!({"name": "ro", "scope_mode": "readonly", "scope_tools": ["get_node"]})),
    )
    .await;
    assert_eq!(readonly["scope_tools"], json!([]));
    let (_, custom) = api(&app, "POST", "/api/mcp/keys", Some(ADMIN_A), Some(json!({"name": "c", "scope_mode": "custom", "scope_tools": [" get_node ", "get_node", "list_cameras"]}))).await;
    assert_eq!(custom["scope_tools"], json!(["get_node", "list_cameras"]));

    let (status, listed) = api(&app, "GET", "/api/mcp/keys", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(
        listed[2],
        json!({"id": id, "name": "Test Key", "created_at": "2026-11-27T12:00:00",
        "last_used_at": null, "revoked": false, "scope_mode": "all", "scope_tools": [], "kind": "mcp"})
    );
    assert_eq!(
        listed[0]["scope_tools"],
        json!(["get_node", "list_cameras"])
    );
    assert!(
        listed
            .iter()
            .all(|k| k.get("key").is_none() && k.get("key_hash").is_none())
    );

    let created_rows = audit_rows(&app, ORG_A, "mcp_key_created");
    assert_eq!(created_rows.len(), 3);
    let (_, inbox) = api(&app, "GET", "/api/notifications", Some(ADMIN_A), None).await;
    let notes: Vec<&Value> = inbox["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "mcp_key_created")
        .collect();
    assert_eq!(notes.len(), 3);
    assert!(notes.iter().any(|n| n["title"].as_str().unwrap().contains("Test Key") && n["meta"]["key_id"] == id));

    // Another org cannot revoke or list it.
    let (status, _) = api(
        &app,
        "DELETE",
        &format!("/api/mcp/keys/{id}"),
        Some(ADMIN_B),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (_, listed_b) = api(&app, "GET", "/api/mcp/keys", Some(ADMIN_B), None).await;
    assert_eq!(listed_b, json!([]));
    let (status, revoked) = api(
        &app,
        "DELETE",
        &format!("/api/mcp/keys/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(revoked, json!({"success": true, "revoked": id}));
    assert_eq!(audit_rows(&app, ORG_A, "mcp_key_revoked").len(), 1);
    let (_, listed) = api(&app, "GET", "/api/mcp/keys", Some(ADMIN_A), None).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let (status, body) = api(&app, "DELETE", "/api/mcp/keys/999999", Some(ADMIN_A), None).await;
    assert_eq!((status, body), (404, json!({"detail": "Key not found"})));
    // An integration key's id is not an MCP key.
    let (_, integration) = api(
        &app,
        "POST",
        "/api/integration/keys",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    let (status, _) = api(
        &app,
        "DELETE",
        &format!("/api/mcp/keys/{}", integration["id"]),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn key_requests_are_validated_and_gated() {
    let app = mcp_app().await;
    let create = |body: Value| api(&app, "POST", "/api/mcp/keys", Some(ADMIN_A), Some(body));
    let (status, body) = create(json!({"scope_mode": "custom"})).await;
    assert_eq!(
        (status, body),
        (
            400,
            json!({"detail": "scope_tools must be a non-empty list when scope_mode='custom'."})
        )
    );
    let (status, body) =
        create(json!({"scope_mode": "custom", "scope_tools": ["get_node", "a", "b"]})).await;
    assert_eq!(
        (status, body),
        (400, json!({"detail": "Unknown tool names: a, b."}))
    );
    let (status, body) = create(json!({"scope_mode": "everything"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"]["error"], "validation_failed");
    let (status, _) = create(json!({"name": "x".repeat(101)})).await;
    assert_eq!(status, 422);
    let (status, _) = api(
        &app,
        "POST",
        "/api/mcp/keys",
        Some(MEMBER_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 403);
    set_setting(&app, ORG_A, "payment_past_due", "true");
    let (status, body) = create(json!({})).await;
    assert_eq!(status, 402);
    assert!(body["detail"].as_str().unwrap().contains("past due"));
    set_setting(&app, ORG_A, "payment_past_due", "false");
    let (status, created) = create(json!({"name": ""})).await;
    assert_eq!(status, 200);
    assert_eq!(created["name"], "");
}

#[actix_web::test]
async fn the_tool_catalog_splits_read_and_write() {
    let app = mcp_app().await;
    let (status, catalog) = api(&app, "GET", "/api/mcp/tools", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(catalog["total"], 23);
    let names = |class: &str| -> Vec<String> {
        catalog[class]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (read, write) = (names("read"), names("write"));
    assert_eq!((read.len(), write.len()), (16, 7));
    let mut sorted = read.clone();
    sorted.sort();
    assert_eq!(read, sorted);
    assert!(write.contains(&"set_camera_recording_policy".to_owned()));
    assert!(read.iter().all(|name| !write.contains(name)));
    for entry in catalog["read"]
        .as_array()
        .unwrap()
        .iter()
        .chain(catalog["write"].as_array().unwrap())
    {
        assert!(!entry["description"].as_str().unwrap().is_empty());
        assert!(entry["category"] == "read" || entry["category"] == "write");
    }
    let (status, _) = api(&app, "GET", "/api/mcp/tools", Some(MEMBER_A), None).await;
    assert_eq!(status, 403);
}

#[actix_web::test]
async fn activity_views_show_the_orgs_calls_only() {
    let app = mcp_app().await;
    let (_, key) = mint_key(&app, ADMIN_A, json!({"name": "Claude Desktop"})).await;
    let (_, key_b) = mint_key(&app, ADMIN_B, json!({"name": "Other org"})).await;
    let mut stream = EventStream::open(&app, "/api/mcp/activity/stream", ADMIN_A).await;
    let connected = stream.next_data(Duration::from_secs(5)).await.unwrap();
    assert_eq!(connected, json!({"type": "connected", "org_id": ORG_A}));

    call_tool(&app, &key_b, "list_cameras", json!({})).await;
    call_tool(
        &app,
        &key,
        "get_stream_logs",
        json!({"camera_id": "a-camera-id-that-is-rather-long", "limit": 5}),
    )
    .await;
    call_tool(&app, &key, "get_camera", json!({"camera_id": "missing"})).await;

    let event = stream.next_data(Duration::from_secs(5)).await.unwrap();
    assert_eq!(event["type"], "tool_call");
    assert_eq!(
        event["tool_name"], "get_stream_logs",
        "org B's call never reaches org A's stream"
    );
    assert_eq!(event["key_name"], "Claude Desktop");
    assert_eq!(event["status"], "completed");
    assert_eq!(
        event["args_summary"],
        "camera_id=a-camera-id-that-is-rather-..., limit=5"
    );
    assert_eq!(event["id"].as_str().unwrap().len(), 8);
    assert!(event.get("error").is_none());
    let event = stream.next_data(Duration::from_secs(5)).await.unwrap();
    assert_eq!(event["status"], "error");
    assert_eq!(event["error"], "Camera 'missing' not found");
    assert!(event.get("duration_ms").is_none());

    let (status, recent) = api(
        &app,
        "GET",
        "/api/mcp/activity/recent?limit=1",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(recent.as_array().unwrap().len(), 1);
    assert_eq!(recent[0]["tool_name"], "get_camera");
    let (_, recent) = api(&app, "GET", "/api/mcp/activity/recent", Some(ADMIN_A), None).await;
    assert_eq!(
        recent.as_array().unwrap().len(),
        2,
        "oldest first, own org only"
    );
    assert_eq!(recent[0]["tool_name"], "get_stream_logs");
    let (status, _) = api(
        &app,
        "GET",
        "/api/mcp/activity/recent?limit=0",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 422);

    let (_, sessions) = api(
        &app,
        "GET",
        "/api/mcp/activity/sessions",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(sessions.as_array().unwrap().len(), 1);
    assert_eq!(sessions[0]["key_name"], "Claude Desktop");
    assert_eq!(sessions[0]["call_count"], 2);
    assert_eq!(sessions[0]["status"], "active");
    let (_, stats) = api(&app, "GET", "/api/mcp/activity/stats", Some(ADMIN_A), None).await;
    assert_eq!(
        stats,
        json!({"total_calls": 2, "calls_per_min": 2, "calls_5m": 2, "error_count": 1,
        "active_clients": 1, "recent_event_count": 2})
    );
    app.clock.advance(TimeDelta::seconds(120));
    let (_, sessions) = api(
        &app,
        "GET",
        "/api/mcp/activity/sessions",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(sessions[0]["status"], "idle");
    app.clock.advance(TimeDelta::seconds(300));
    let (_, sessions) = api(
        &app,
        "GET",
        "/api/mcp/activity/sessions",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(sessions, json!([]));

    let (status, logs) = api(&app, "GET", "/api/mcp/activity/logs", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(logs["total"], 2);
    assert_eq!(logs["logs"][0]["tool_name"], "get_camera");
    assert_eq!(logs["logs"][0]["org_id"], ORG_A);
    assert_eq!(logs["logs"][0]["timestamp"], "2026-11-27T12:00:00");
    let (_, filtered) = api(
        &app,
        "GET",
        "/api/mcp/activity/logs?status=error",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(filtered["total"], 1);
    let (_, filtered) = api(
        &app,
        "GET",
        "/api/mcp/activity/logs?key_name=claude%20d",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(filtered["total"], 2);
    let (_, filtered) = api(
        &app,
        "GET",
        "/api/mcp/activity/logs?key_name=%25",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(filtered["total"], 0, "% is literal");
    let (_, filtered) = api(
        &app,
        "GET",
        "/api/mcp/activity/logs?tool_name=get_camera",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(filtered["total"], 1);
    let (status, _) = api(
        &app,
        "GET",
        "/api/mcp/activity/logs?format=xml",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 422);
    let (_, logs_b) = api(&app, "GET", "/api/mcp/activity/logs", Some(ADMIN_B), None).await;
    assert_eq!(logs_b["total"], 1);
    assert_eq!(logs_b["logs"][0]["tool_name"], "list_cameras");

    let csv = app
        .client
        .get(app.url("/api/mcp/activity/logs?format=csv&status=error"))
        .bearer_auth(ADMIN_A)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert_eq!(
        csv.headers()["content-disposition"],
        "attachment; filename=\"mcp-activity-log-org_a-20261127.csv\""
    );
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "timestamp,tool_name,key_name,status,duration_ms,args_summary,error"
    );
    assert_eq!(lines.len(), 2);
    // duration_ms is whatever the call took (empty under a millisecond).
    let fields: Vec<&str> = lines[1].splitn(7, ',').collect();
    assert_eq!(
        [fields[0], fields[1], fields[2], fields[3], fields[5]],
        [
            "2026-11-27T12:00:00",
            "get_camera",
            "Claude Desktop",
            "error",
            "camera_id=missing"
        ],
        "{}",
        lines[1]
    );
    assert!(fields[4].is_empty() || fields[4].parse::<u64>().is_ok());

    let (_, stats) = api(
        &app,
        "GET",
        "/api/mcp/activity/logs/stats",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(stats["days"], 7);
    assert_eq!(stats["total_calls"], 2);
    assert_eq!(stats["total_errors"], 1);
    assert_eq!(
        stats["by_key"],
        json!([{"key_name": "Claude Desktop", "count": 2}])
    );
    assert_eq!(stats["by_day"], json!([{"date": "2026-11-27", "count": 2}]));
    let (status, _) = api(
        &app,
        "GET",
        "/api/mcp/activity/logs/stats?days=31",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = api(&app, "GET", "/api/mcp/activity/logs", Some(MEMBER_A), None).await;
    assert_eq!(status, 403);
}

#[actix_web::test]
async fn activity_streams_are_capped_by_plan_and_rate_limited() {
    let app = mcp_app().await;
    let free_admin = FakeIdentity::token_on_plan("admin", ORG_A, "user_a", "free_org");
    let mut open = Vec::new();
    for _ in 0..10 {
        open.push(EventStream::open(&app, "/api/mcp/activity/stream", &free_admin).await);
    }
    let (status, body) = api(
        &app,
        "GET",
        "/api/mcp/activity/stream",
        Some(&free_admin),
        None,
    )
    .await;
    assert_eq!(status, 429);
    assert!(body["detail"].as_str().unwrap().starts_with(
        "Too many open MCP activity streams for this org (cap: 10 on your current plan)."
    ));
    // Another org has its own places.
    let other = FakeIdentity::token_on_plan("admin", "org_b", "user_b", "free_org");
    drop(EventStream::open(&app, "/api/mcp/activity/stream", &other).await);
    drop(open);
}

#[actix_web::test]
async fn the_activity_stream_allows_60_connects_a_minute() {
    let app = mcp_app().await;
    let mut statuses = Vec::new();
    for _ in 0..61 {
        let response = app
            .client
            .get(app.url("/api/mcp/activity/stream"))
            .bearer_auth(ADMIN_B)
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert!(statuses[..60].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses[60], 429);
    for (path, limit) in [
        ("/api/mcp/activity/logs/stats", 60),
        ("/api/mcp/activity/logs", 120),
    ] {
        for _ in 0..limit {
            let (status, _) = api(&app, "GET", path, Some(ADMIN_A), None).await;
            assert_eq!(status, 200, "{path}");
        }
        let (status, body) = api(&app, "GET", path, Some(ADMIN_A), None).await;
        assert_eq!(status, 429, "{path}");
        assert_eq!(body["error"], "rate_limit_exceeded");
    }
}
