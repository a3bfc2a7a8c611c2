//! Node credentials (the §2.8 message matrix), the setup wizard's validate call,
//! self-decommission, and tenant isolation between orgs.

use crate::nodes_common::*;
use serde_json::json;

const STRANGER_KEY: &str = "0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";

#[actix_web::test]
async fn node_auth_messages_follow_the_matrix() {
    let app = fake_app().await;
    let (node_id, _) = create_node(&app, ADMIN_A, None).await;
    let register = register_body(&node_id, &[]);
    let heartbeat = heartbeat_body(&node_id, &[]);
    let unknown_register = register_body("ffffffff", &[]);
    let unknown_heartbeat = heartbeat_body("ffffffff", &[]);
    let cases = [
        (
            "/api/nodes/validate",
            None,
            json!({"node_id": node_id}),
            401,
            "API key required",
        ),
        (
            "/api/nodes/validate",
            Some(STRANGER_KEY),
            json!({"node_id": "ffffffff"}),
            404,
            "Node 'ffffffff' not found",
        ),
        (
            "/api/nodes/validate",
            Some(STRANGER_KEY),
            json!({"node_id": node_id}),
            403,
            "Invalid API key for this node",
        ),
        (
            "/api/nodes/register",
            None,
            register.clone(),
            401,
            "API key required",
        ),
        (
            "/api/nodes/register",
            Some(STRANGER_KEY),
            unknown_register,
            404,
            "Node not found. Create this node in the dashboard first.",
        ),
        (
            "/api/nodes/register",
            Some(STRANGER_KEY),
            register,
            403,
            "Invalid API key for this node",
        ),
        (
            "/api/nodes/heartbeat",
            None,
            heartbeat.clone(),
            401,
            "API key required",
        ),
        (
            "/api/nodes/heartbeat",
            Some(STRANGER_KEY),
            unknown_heartbeat,
            404,
            "Node not found",
        ),
        (
            "/api/nodes/heartbeat",
            Some(STRANGER_KEY),
            heartbeat,
            403,
            "Invalid API key",
        ),
    ];
    for (path, key, body, status, detail) in cases {
        let (got, reply) = node_post(&app, path, key, Some(body)).await;
        assert_eq!(
            (got, reply),
            (status, json!({"detail": detail})),
            "{path} key={key:?}"
        );
    }
    let (status, reply) = node_post(&app, "/api/nodes/self/decommission", None, None).await;
    assert_eq!(
        (status, reply),
        (401, json!({"detail": "API key required"}))
    );
    let (status, reply) = node_post(
        &app,
        "/api/nodes/self/decommission",
        Some(STRANGER_KEY),
        None,
    )
    .await;
    assert_eq!((status, reply), (404, json!({"detail": "Node not found"})));
    app.stop().await;
}

#[actix_web::test]
async fn validate_checks_credentials_for_the_setup_wizard() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, Some("Porch")).await;
    let (status, reply) = node_post(
        &app,
        "/api/nodes/validate",
        Some(&key),
        Some(json!({"node_id": node_id})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        reply,
        json!({"success": true, "node_id": node_id, "name": "Porch"})
    );

    let response = app
        .client
        .post(app.url("/api/nodes/validate"))
        .header("x-node-api-key", &key)
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"detail": "Invalid JSON body"})
    );
    for body in [json!({}), json!({"node_id": ""}), json!({"node_id": null})] {
        let (status, reply) = node_post(&app, "/api/nodes/validate", Some(&key), Some(body)).await;
        assert_eq!(
            (status, reply),
            (400, json!({"detail": "node_id is required"}))
        );
    }

    let (status, _) = node_post(
        &app,
        "/api/nodes/validate",
        Some(STRANGER_KEY),
        Some(json!({"node_id": node_id})),
    )
    .await;
    assert_eq!(status, 403);
    let node = node_row(&app, "org_a", &node_id).unwrap();
    assert_eq!(
        node.last_register_error, None,
        "a wrong key writes nothing onto the node"
    );
    assert!(node.last_register_error_at.is_none());
    app.stop().await;
}

#[actix_web::test]
async fn a_node_decommissions_itself_and_is_audited_as_the_node() {
    let app = fake_app().await;
    let (node_id, key) = create_node(&app, ADMIN_A, Some("Attic")).await;
    register(&app, &node_id, &key, &["/dev/video0"]).await;
    let response = app
        .client
        .post(app.url("/api/nodes/self/decommission"))
        .header("x-node-api-key", &key)
        // No proxy is trusted here: a forwarding header names nobody.
        .header("x-forwarded-for", "203.0.113.9, 10.0.0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"success": true, "deleted": node_id})
    );
    assert!(node_row(&app, "org_a", &node_id).is_none());
    assert!(cameras_of(&app, "org_a", &node_id).is_empty());
    let (_, cameras) = api(&app, "GET", "/api/cameras", Some(ADMIN_A), None).await;
    assert_eq!(cameras, json!([]));

    let audit = audit_rows(&app, "org_a", "node_decommissioned");
    assert_eq!(audit.len(), 1);
    let row = &audit[0];
    assert_eq!(
        row.username.as_deref(),
        Some(format!("node:{node_id}").as_str())
    );
    assert_eq!(row.user_id, None);
    assert_eq!(row.ip_address.as_deref(), Some("127.0.0.1"));
    let details: serde_json::Value = serde_json::from_str(row.details.as_deref().unwrap()).unwrap();
    assert_eq!(
        details,
        json!({"node_id": node_id, "name": "Attic", "initiated_by": "node"})
    );

    let (status, _) = node_post(&app, "/api/nodes/self/decommission", Some(&key), None).await;
    assert_eq!(status, 404, "the key died with the node");
    app.stop().await;
}

#[actix_web::test]
async fn another_org_can_neither_see_nor_touch_a_node() {
    let app = fake_app().await;
    let (node_a, key_a) = create_node(&app, ADMIN_A, Some("A")).await;
    register(&app, &node_a, &key_a, &["/dev/video0"]).await;
    let (node_b, key_b) = create_node(&app, ADMIN_B, Some("B")).await;

    let (_, list_b) = api(&app, "GET", "/api/nodes", Some(ADMIN_B), None).await;
    let ids: Vec<&str> = list_b
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["node_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![node_b.as_str()]);
    let not_found = json!({"detail": "Node not found"});
    for (method, path) in [
        ("GET", format!("/api/nodes/{node_a}")),
        ("DELETE", format!("/api/nodes/{node_a}")),
        ("POST", format!("/api/nodes/{node_a}/rotate-key")),
    ] {
        let (status, body) = api(&app, method, &path, Some(ADMIN_B), None).await;
        assert_eq!((status, &body), (404, &not_found), "{method} {path}");
    }

    // Org B's node key cannot act as org A's node.
    let (status, reply) = node_post(
        &app,
        "/api/nodes/register",
        Some(&key_b),
        Some(register_body(&node_a, &["/dev/video9"])),
    )
    .await;
    assert_eq!(
        (status, reply),
        (403, json!({"detail": "Invalid API key for this node"}))
    );
    let (status, reply) = node_post(
        &app,
        "/api/nodes/heartbeat",
        Some(&key_b),
        Some(heartbeat_body(&node_a, &[])),
    )
    .await;
    assert_eq!((status, reply), (403, json!({"detail": "Invalid API key"})));
    let (status, _) = node_post(
        &app,
        "/api/nodes/validate",
        Some(&key_b),
        Some(json!({"node_id": node_a})),
    )
    .await;
    assert_eq!(status, 403);

    // Nothing of org A changed, and org B's own calls still work.
    let (status, node) = api(
        &app,
        "GET",
        &format!("/api/nodes/{node_a}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(node["camera_count"], 1);
    assert_eq!(cameras_of(&app, "org_a", &node_a).len(), 1);
    let reply = register(&app, &node_b, &key_b, &["/dev/video0"]).await;
    assert_eq!(
        reply["cameras"]["/dev/video0"],
        camera_id(&node_b, "/dev/video0").as_str()
    );
    let (_, cameras_b) = api(&app, "GET", "/api/cameras", Some(ADMIN_B), None).await;
    assert_eq!(cameras_b.as_array().unwrap().len(), 1);
    let (_, plan_b) = api(&app, "GET", "/api/nodes/plan", Some(ADMIN_B), None).await;
    assert_eq!(
        plan_b["usage"],
        json!({"nodes": 1, "cameras": 1, "viewer_hours_used": 0.0, "viewer_hours_limit": 1500})
    );
    app.stop().await;
}
