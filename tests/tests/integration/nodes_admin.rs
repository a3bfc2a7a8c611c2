//! Operators managing nodes: create, list, get, delete, rotate-key, and their guards.

use crate::nodes_common::*;
use sentinel_app::database::SqlStore;
use sentinel_domain::ids::OrgId;
use sentinel_domain::keys::api_key_hash;
use sentinel_ports::driven::repos::NodeRepo;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const NODE_KEYS: [&str; 17] = [
    "node_id",
    "name",
    "hostname",
    "local_ip",
    "http_port",
    "status",
    "last_seen",
    "key_rotated_at",
    "camera_count",
    "created_at",
    "video_codec",
    "audio_codec",
    "last_register_error",
    "last_register_error_at",
    "node_version",
    "version_checked_at",
    "storage",
];

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

fn is_lower_hex(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

#[actix_web::test]
async fn node_create_returns_a_one_time_key_and_a_pending_node() {
    let app = fake_app().await;
    let (status, first) = api(&app, "POST", "/api/nodes", Some(ADMIN_A), Some(json!({}))).await;
    assert_eq!(status, 200, "{first}");
    let node_id = first["node_id"].as_str().unwrap();
    let api_key = first["api_key"].as_str().unwrap();
    assert_eq!(node_id.len(), 8);
    assert!(is_lower_hex(node_id), "{node_id}");
    assert_eq!(api_key.len(), 36);
    assert_eq!(api_key.matches('-').count(), 4);
    assert_eq!(&api_key[14..15], "4", "a UUID4");
    assert!(
        !api_key.replace('-', "").contains(node_id),
        "the id is drawn on its own, not taken from the key"
    );
    assert_eq!(
        first,
        json!({
            "success": true,
            "node_id": node_id,
            "name": format!("Node-{node_id}"),
            "api_key": api_key,
            "warning": "Store this API key securely. It cannot be retrieved again.",
        })
    );
    let stored = NodeRepo::find_by_api_key_hash(&store(&app), &api_key_hash(api_key))
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.node_id.as_str(),
        node_id,
        "only the SHA-256 is stored"
    );
    assert_ne!(stored.api_key_hash, api_key);

    let (second_id, second_key) = create_node(&app, ADMIN_A, Some("Garage")).await;
    assert_ne!(second_id, node_id);
    assert_ne!(second_key, api_key);

    let (status, list) = api(&app, "GET", "/api/nodes", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let garage = &list[1];
    let mut expected: BTreeSet<String> = NODE_KEYS.iter().map(|k| (*k).to_owned()).collect();
    for extra in [
        "update_available",
        "latest_node_version",
        "min_supported_node_version",
        "version_supported",
    ] {
        expected.insert(extra.to_owned());
    }
    assert_eq!(keys(garage), expected);
    assert_eq!(garage["name"], "Garage");
    assert_eq!(garage["status"], "pending");
    assert_eq!(garage["camera_count"], 0);
    assert_eq!(garage["created_at"], "2026-11-27T12:00:00");
    assert_eq!(garage["storage"], Value::Null);
    assert_eq!(
        garage["update_available"], "0.1.73",
        "never reported a version"
    );
    assert_eq!(garage["latest_node_version"], "0.1.73");
    assert_eq!(garage["min_supported_node_version"], "0.1.0");
    assert_eq!(garage["version_supported"], true);

    let (status, one) = api(
        &app,
        "GET",
        &format!("/api/nodes/{second_id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        keys(&one),
        NODE_KEYS.iter().map(|k| (*k).to_owned()).collect()
    );
    assert_eq!(one["node_id"], second_id.as_str());

    let audit = audit_rows(&app, "org_a", "node_created");
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].username.as_deref(), Some("user_a@example.test"));
    assert_eq!(audit[0].user_id.as_deref(), Some("user_a"));
    assert_eq!(audit[0].ip_address.as_deref(), Some("127.0.0.1"));
    assert_eq!(
        audit[0].details.as_deref(),
        Some(format!(r#"{{"name": "Garage", "node_id": "{second_id}"}}"#).as_str())
    );
    app.stop().await;
}

#[actix_web::test]
async fn node_delete_removes_it_and_its_cameras_and_unknown_is_404() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, Some("Porch")).await;
    register(&app, &node_id, &key, &["/dev/video0", "/dev/video2"]).await;
    assert_eq!(cameras_of(&app, "org_a", &node_id).len(), 2);

    let (status, body) = api(
        &app,
        "DELETE",
        &format!("/api/nodes/{node_id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"success": true, "deleted": node_id, "node_wiped": false})
    );
    let (status, body) = api(
        &app,
        "GET",
        &format!("/api/nodes/{node_id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!((status, body), (404, json!({"detail": "Node not found"})));
    let (_, list) = api(&app, "GET", "/api/nodes", Some(ADMIN_A), None).await;
    assert_eq!(list, json!([]));
    let (status, cameras) = api(&app, "GET", "/api/cameras", Some(ADMIN_A), None).await;
    assert_eq!((status, cameras), (200, json!([])), "cameras cascade");

    let (status, body) = api(&app, "DELETE", "/api/nodes/ffffffff", Some(ADMIN_A), None).await;
    assert_eq!((status, body), (404, json!({"detail": "Node not found"})));

    let (status, _) = node_post(
        &app,
        "/api/nodes/heartbeat",
        Some(&key),
        Some(heartbeat_body(&node_id, &[])),
    )
    .await;
    assert_eq!(status, 404, "a deleted node's key is dead");

    let audit = audit_rows(&app, "org_a", "node_deleted");
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0].details.as_deref(),
        Some(
            format!(r#"{{"name": "Porch", "node_id": "{node_id}", "node_wiped": false}}"#).as_str()
        )
    );
    app.stop().await;
}

#[actix_web::test]
async fn rotate_key_issues_a_new_key_and_kills_the_old_one_at_once() {
    let app = fake_app().await;
    let (node_id, old_key) = create_node(&app, ADMIN_A, Some("Shed")).await;
    // The live path has the old key in memory.
    let old_hash = api_key_hash(&old_key);
    assert!(
        app.state
            .fleet_directory
            .load_node(&old_hash)
            .unwrap()
            .is_some()
    );

    app.clock.advance(chrono::Duration::seconds(30));
    let (status, body) = api(
        &app,
        "POST",
        &format!("/api/nodes/{node_id}/rotate-key"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let new_key = body["api_key"].as_str().unwrap().to_owned();
    assert_ne!(new_key, old_key);
    assert_eq!(
        body,
        json!({
            "success": true,
            "node_id": node_id,
            "api_key": new_key,
            "key_rotated_at": "2026-11-27T12:00:30",
            "warning": "Store this API key securely. It cannot be retrieved again. Update your CameraNode config immediately.",
        })
    );
    assert_eq!(
        app.state.fleet_directory.cached_node(&old_hash),
        None,
        "memory forgot the old key"
    );
    assert_eq!(
        app.state.fleet_directory.load_node(&old_hash).unwrap(),
        None
    );

    let (status, body) = node_post(
        &app,
        "/api/nodes/register",
        Some(&old_key),
        Some(register_body(&node_id, &[])),
    )
    .await;
    assert_eq!(
        (status, body),
        (403, json!({"detail": "Invalid API key for this node"}))
    );
    register(&app, &node_id, &new_key, &[]).await;

    let (_, one) = api(
        &app,
        "GET",
        &format!("/api/nodes/{node_id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(one["key_rotated_at"], "2026-11-27T12:00:30");
    let audit = audit_rows(&app, "org_a", "node_key_rotated");
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0].details.as_deref(),
        Some(format!(r#"{{"name": "Shed", "node_id": "{node_id}"}}"#).as_str())
    );
    app.stop().await;
}

#[actix_web::test]
async fn members_cannot_manage_nodes_and_anonymous_calls_are_refused() {
    let app = fake_app().await;
    let (node_id, _) = create_node(&app, ADMIN_A, None).await;
    let admin_required = json!({"detail": "Admin permission required"});
    for (method, path) in [
        ("GET", "/api/nodes".to_owned()),
        ("POST", "/api/nodes".to_owned()),
        ("GET", format!("/api/nodes/{node_id}")),
        ("DELETE", format!("/api/nodes/{node_id}")),
        ("POST", format!("/api/nodes/{node_id}/rotate-key")),
    ] {
        let (status, body) = api(&app, method, &path, Some(MEMBER_A), Some(json!({}))).await;
        assert_eq!((status, &body), (403, &admin_required), "{method} {path}");
        let (status, _) = api(&app, method, &path, None, Some(json!({}))).await;
        assert_eq!(status, 401, "{method} {path} without a session");
    }
    let (status, _) = api(&app, "GET", "/api/nodes/plan", Some(MEMBER_A), None).await;
    assert_eq!(status, 200, "members read the plan");
    app.stop().await;
}

#[actix_web::test]
async fn past_due_org_cannot_create_nodes_but_reads_still_work() {
    let app = fake_app().await;
    set_setting(&app, "org_a", "payment_past_due", "true");
    let (status, body) = api(&app, "POST", "/api/nodes", Some(ADMIN_A), Some(json!({}))).await;
    assert_eq!(status, 402);
    assert_eq!(
        body,
        json!({"detail": "Your payment is past due. Please update your billing information before making changes."})
    );
    assert!(body["detail"].as_str().unwrap().contains("past due"));
    let (status, _) = api(&app, "GET", "/api/nodes", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    let (status, plan) = api(&app, "GET", "/api/nodes/plan", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(plan["payment_past_due"], true);

    set_setting(&app, "org_a", "payment_past_due", "false");
    let (status, _) = api(&app, "POST", "/api/nodes", Some(ADMIN_A), Some(json!({}))).await;
    assert_eq!(status, 200, "clearing the flag re-enables creation");
    app.stop().await;
}

#[actix_web::test]
async fn the_node_cap_comes_from_the_session_plan() {
    let app = TestApp::builder().env("LOCAL_PLAN", "free").start().await;
    let token = app.local_token("admin", "local").await;
    create_node(&app, &token, None).await;
    create_node(&app, &token, None).await;
    let (status, body) = api(&app, "POST", "/api/nodes", Some(&token), Some(json!({}))).await;
    assert_eq!(status, 403);
    assert_eq!(
        body,
        json!({"detail": "Node limit reached (2 on Free plan). Upgrade your plan to add more nodes."})
    );
    // A pro org Setting does not lift a cap that follows the session plan.
    set_setting(&app, "org_local", "org_plan", "pro");
    let (status, _) = api(&app, "POST", "/api/nodes", Some(&token), Some(json!({}))).await;
    assert_eq!(status, 403);
    assert_eq!(
        NodeRepo::count(
            &SqlStore::new(app.database.clone()),
            &OrgId::new("org_local")
        )
        .unwrap(),
        2
    );
    app.stop().await;
}

#[actix_web::test]
async fn create_body_rules_follow_the_check_order() {
    let app = fake_app().await;
    // Malformed JSON is refused before the session is looked at.
    let response = app
        .client
        .post(app.url("/api/nodes"))
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["detail"]["errors"][0]["type"], "json_invalid");
    // A missing body is a validation error, after the session.
    let response = app.client.post(app.url("/api/nodes")).send().await.unwrap();
    assert_eq!(response.status(), 401);
    let response = app
        .client
        .post(app.url("/api/nodes"))
        .bearer_auth(ADMIN_A)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["detail"]["message"], "Field required");
    let long = "x".repeat(101);
    let (status, body) = api(
        &app,
        "POST",
        "/api/nodes",
        Some(ADMIN_A),
        Some(json!({"name": long})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["detail"]["message"],
        "String should have at most 100 characters (name)"
    );
    let (status, body) = api(
        &app,
        "POST",
        "/api/nodes",
        Some(ADMIN_A),
        Some(json!({"name": null})),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body["name"].as_str().unwrap().starts_with("Node-"));
    app.stop().await;
}

#[actix_web::test]
async fn node_creation_and_key_rotation_are_rate_limited() {
    let app = fake_app().await;
    for _ in 0..20 {
        create_node(&app, ADMIN_A, None).await;
    }
    let (status, body) = api(&app, "POST", "/api/nodes", Some(ADMIN_A), Some(json!({}))).await;
    assert_eq!(status, 429);
    assert_eq!(body["limit"], "20 per 1 hour");
    let (_, list) = api(&app, "GET", "/api/nodes", Some(ADMIN_A), None).await;
    let node_id = list[0]["node_id"].as_str().unwrap().to_owned();
    let path = format!("/api/nodes/{node_id}/rotate-key");
    for _ in 0..5 {
        let (status, _) = api(&app, "POST", &path, Some(ADMIN_A), None).await;
        assert_eq!(status, 200);
    }
    let (status, body) = api(&app, "POST", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 429);
    assert_eq!(body["limit"], "5 per 1 minute");
    app.stop().await;
}

#[actix_web::test]
async fn ws_status_lists_connected_nodes_and_delete_wipes_a_connected_node() {
    let app = fake_app().await;
    let (online, online_key) = create_node(&app, ADMIN_A, Some("Online")).await;
    let (offline, _) = create_node(&app, ADMIN_A, Some("Offline")).await;
    let (status, body) = api(&app, "GET", "/api/nodes/ws-status", Some(ADMIN_A), None).await;
    assert_eq!(
        (status, body),
        (200, json!({"connected_nodes": [], "count": 0}))
    );
    let mut socket = connect_node_socket(&app, &online, &online_key).await;
    let (_, body) = api(&app, "GET", "/api/nodes/ws-status", Some(ADMIN_A), None).await;
    assert_eq!(
        body,
        json!({"connected_nodes": [online.clone()], "count": 1})
    );
    let (_, other_org) = api(&app, "GET", "/api/nodes/ws-status", Some(ADMIN_B), None).await;
    assert_eq!(
        other_org,
        json!({"connected_nodes": [], "count": 0}),
        "per org"
    );
    let (status, _) = api(&app, "GET", "/api/nodes/ws-status", Some(MEMBER_A), None).await;
    assert_eq!(status, 403);

    let client = app.client.clone();
    let url = app.url(&format!("/api/nodes/{online}"));
    let deletion = actix_web::rt::spawn(async move {
        let response = client
            .delete(&url)
            .bearer_auth(ADMIN_A)
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    });
    let command = next_command(&mut socket).await;
    assert_eq!(command["command"], "wipe_data");
    assert_eq!(command["payload"], json!({}));
    answer_command(
        &mut socket,
        &command,
        json!({"status": "success", "data": {"wiped": true}}),
    )
    .await;
    let (status, body) = deletion.await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"success": true, "deleted": online, "node_wiped": true})
    );

    let (status, body) = api(
        &app,
        "DELETE",
        &format!("/api/nodes/{offline}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200, "an offline node is deleted without a wipe");
    assert_eq!(body["node_wiped"], false);
    app.stop().await;
}
