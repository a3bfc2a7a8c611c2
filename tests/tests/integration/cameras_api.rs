//! Cameras, groups, settings and the audit trail over HTTP, with tenant isolation.

use chrono::NaiveDate;
use sentinel_app::database::SqlStore;
use sentinel_domain::fleet::{NewNode, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo};
use sentinel_tests::{FakeIdentity, TestApp};
use serde_json::{Value, json};
use std::sync::Arc;

const ADMIN_A: &str = "admin:org_a:user_a";
const MEMBER_A: &str = "member:org_a:user_m";
const ADMIN_B: &str = "admin:org_b:user_b";
const CAMERA: &str = "aaaa0001_dev_video0";

async fn app_with_camera() -> TestApp {
    let app = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .start()
        .await;
    let store = SqlStore::new(app.database.clone());
    let org = OrgId::new("org_a");
    let at = NaiveDate::from_ymd_opt(2026, 11, 27)
        .unwrap()
        .and_hms_opt(11, 59, 30)
        .unwrap();
    NodeRepo::create(
        &store,
        &org,
        &NewNode {
            node_id: NodeId::new("aaaa0001"),
            name: "Garage".into(),
            api_key_hash: "hash".into(),
            status: "pending".into(),
            created_at: at,
        },
    )
    .unwrap();
    CameraRepo::upsert_from_register(
        &store,
        &org,
        &NodeId::new("aaaa0001"),
        &RegisteredCamera {
            camera_id: CameraId::new(CAMERA),
            name: Some("Driveway".into()),
            fallback_name: "Camera".into(),
            node_type: "usb".into(),
            capabilities: "streaming,motion".into(),
            codecs: None,
            seen_at: at,
        },
    )
    .unwrap();
    app
}

async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[actix_web::test]
async fn cameras_list_and_detail_show_the_contract_object() {
    let app = app_with_camera().await;
    let (status, list) = send(&app, "GET", "/api/cameras", MEMBER_A, None).await;
    assert_eq!(status, 200);
    let camera = &list[0];
    assert_eq!(camera["camera_id"], CAMERA);
    assert_eq!(camera["name"], "Driveway");
    assert_eq!(camera["node_id"], "aaaa0001");
    assert_eq!(camera["node_name"], "Garage");
    assert_eq!(camera["capabilities"], json!(["streaming", "motion"]));
    assert_eq!(
        camera["status"], "online",
        "seen 30 s before the test clock"
    );
    assert_eq!(camera["last_seen"], "2026-11-27T11:59:30");
    assert_eq!(camera["disabled_by_plan"], false);
    assert_eq!(
        camera["recording_policy"],
        json!({"continuous_24_7": false, "scheduled_recording": false, "scheduled_start": null, "scheduled_end": null})
    );
    let (status, detail) = send(
        &app,
        "GET",
        &format!("/api/cameras/{CAMERA}"),
        MEMBER_A,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(detail, *camera);

    app.clock.advance(chrono::Duration::seconds(120));
    let (_, detail) = send(
        &app,
        "GET",
        &format!("/api/cameras/{CAMERA}"),
        MEMBER_A,
        None,
    )
    .await;
    assert_eq!(detail["status"], "offline", "offline after a 90 s gap");
    app.stop().await;
}

#[actix_web::test]
async fn recording_toggle_and_policy_patch() {
    let app = app_with_camera().await;
    let path = format!("/api/cameras/{CAMERA}/recording");
    let (status, _) = send(
        &app,
        "POST",
        &path,
        MEMBER_A,
        Some(json!({"recording": true})),
    )
    .await;
    assert_eq!(status, 403, "members cannot record");
    let (status, body) = send(
        &app,
        "POST",
        &path,
        ADMIN_A,
        Some(json!({"recording": "false"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"success": true, "camera_id": CAMERA, "recording": true}),
        "Python truthiness"
    );

    let patch = format!("/api/cameras/{CAMERA}/recording-settings");
    let (status, body) = send(
        &app,
        "PATCH",
        &patch,
        ADMIN_A,
        Some(json!({"scheduled_recording": true})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["detail"].as_str().unwrap().contains("cannot both"));

    let switch = json!({"continuous_24_7": false, "scheduled_recording": true, "scheduled_start": "22:00", "scheduled_end": "06:00"});
    let (status, body) = send(&app, "PATCH", &patch, ADMIN_A, Some(switch)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["recording_policy"]["scheduled_start"], "22:00");

    let (_, body) = send(
        &app,
        "PATCH",
        &patch,
        ADMIN_A,
        Some(json!({"scheduled_end": "07:30"})),
    )
    .await;
    assert_eq!(
        body["recording_policy"]["scheduled_start"], "22:00",
        "partial update keeps other fields"
    );
    assert_eq!(body["recording_policy"]["scheduled_end"], "07:30");

    let (_, body) = send(
        &app,
        "PATCH",
        &patch,
        ADMIN_A,
        Some(json!({"scheduled_start": ""})),
    )
    .await;
    assert_eq!(
        body["recording_policy"]["scheduled_start"],
        Value::Null,
        "\"\" clears"
    );

    for bad in [
        json!({"scheduled_start": "25:00"}),
        json!({"scheduled_end": "not-a-time"}),
    ] {
        let (status, body) = send(&app, "PATCH", &patch, ADMIN_A, Some(bad.clone())).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(body["detail"]["error"], "validation_failed");
    }
    let (status, _) = send(
        &app,
        "PATCH",
        "/api/cameras/nope/recording-settings",
        ADMIN_A,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 404);

    let (_, audit) = send(&app, "GET", "/api/audit-logs", ADMIN_A, None).await;
    let events: Vec<&str> = audit["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["event"].as_str().unwrap())
        .collect();
    assert!(events.contains(&"recording_toggled"));
    assert!(events.contains(&"camera_recording_policy_updated"));
    app.stop().await;
}

#[actix_web::test]
async fn groups_round_trip() {
    let app = app_with_camera().await;
    let (status, created) = send(
        &app,
        "POST",
        "/api/camera-groups",
        ADMIN_A,
        Some(json!({"name": "Outside"})),
    )
    .await;
    assert_eq!(status, 200);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["name"], "Outside");
    let (status, body) = send(
        &app,
        "POST",
        "/api/camera-groups",
        ADMIN_A,
        Some(json!({"name": "Outside"})),
    )
    .await;
    assert_eq!(
        (status, body["detail"].as_str()),
        (409, Some("Group name already exists"))
    );
    let (status, _) = send(
        &app,
        "POST",
        "/api/camera-groups",
        ADMIN_A,
        Some(json!({"name": "x", "icon": "01234567890"})),
    )
    .await;
    assert_eq!(status, 422);
    // The contract's 20 characters fit on both engines (PostgreSQL's column once held 7).
    let color = "hsl(120deg 60% 45%)\u{e9}";
    let (status, body) = send(
        &app,
        "POST",
        "/api/camera-groups",
        ADMIN_A,
        Some(json!({"name": "Wide colour", "color": color})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, groups) = send(&app, "GET", "/api/camera-groups", ADMIN_A, None).await;
    let stored = groups
        .as_array()
        .and_then(|all| all.iter().find(|g| g["id"] == body["id"]));
    assert_eq!(
        stored.map(|g| g["color"].clone()),
        Some(json!(color)),
        "{groups}"
    );
    let wide = format!("/api/camera-groups/{}", body["id"]);
    let (status, _) = send(&app, "DELETE", &wide, ADMIN_A, None).await;
    assert_eq!(status, 200);

    let (status, body) = send(
        &app,
        "PUT",
        &format!("/api/cameras/{CAMERA}/group?group_id={id}"),
        ADMIN_A,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"success": true, "camera_id": CAMERA, "group_id": id})
    );
    let (_, groups) = send(&app, "GET", "/api/camera-groups", MEMBER_A, None).await;
    assert_eq!(
        groups,
        json!([{"id": id, "name": "Outside", "color": "#22c55e", "icon": "📁", "camera_count": 1}])
    );
    let (_, camera) = send(
        &app,
        "GET",
        &format!("/api/cameras/{CAMERA}"),
        MEMBER_A,
        None,
    )
    .await;
    assert_eq!(camera["group"], "Outside");

    let (status, body) = send(
        &app,
        "DELETE",
        &format!("/api/camera-groups/{id}"),
        ADMIN_A,
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (200, json!({"success": true, "deleted": "Outside"}))
    );
    let (_, camera) = send(
        &app,
        "GET",
        &format!("/api/cameras/{CAMERA}"),
        MEMBER_A,
        None,
    )
    .await;
    assert_eq!(camera["group_id"], Value::Null);
    let (status, _) = send(
        &app,
        "DELETE",
        &format!("/api/camera-groups/{id}"),
        ADMIN_A,
        None,
    )
    .await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[actix_web::test]
async fn settings_round_trip() {
    let app = app_with_camera().await;
    let (_, settings) = send(&app, "GET", "/api/settings", MEMBER_A, None).await;
    assert_eq!(settings["timezone"], "UTC");
    assert_eq!(settings["notifications"]["motion_notifications"], true);
    assert!(settings.get("recording").is_none());

    let (status, body) = send(
        &app,
        "POST",
        "/api/settings/timezone",
        ADMIN_A,
        Some(json!({"timezone": " Europe/London "})),
    )
    .await;
    assert_eq!(
        (status, body),
        (200, json!({"success": true, "timezone": "Europe/London"}))
    );
    for bad in ["Mars/Olympus_Mons", ""] {
        let (status, _) = send(
            &app,
            "POST",
            "/api/settings/timezone",
            ADMIN_A,
            Some(json!({"timezone": bad})),
        )
        .await;
        assert_eq!(status, 422, "{bad}");
    }
    let (_, settings) = send(&app, "GET", "/api/settings", MEMBER_A, None).await;
    assert_eq!(settings["timezone"], "Europe/London");

    let (status, _) = send(
        &app,
        "POST",
        "/api/settings/notifications",
        ADMIN_A,
        Some(json!({"motion_notifications": false})),
    )
    .await;
    assert_eq!(status, 200);
    let (_, toggles) = send(&app, "GET", "/api/settings/notifications", MEMBER_A, None).await;
    assert_eq!(
        toggles,
        json!({"motion_notifications": false, "camera_transition_notifications": true, "node_transition_notifications": true})
    );

    let (_, motion) = send(
        &app,
        "GET",
        "/api/settings/motion-ingestion",
        MEMBER_A,
        None,
    )
    .await;
    assert_eq!(motion, json!({"motion_ingestion_enabled": true}));
    let (status, _) = send(
        &app,
        "POST",
        "/api/settings/motion-ingestion",
        MEMBER_A,
        Some(json!({"enabled": false})),
    )
    .await;
    assert_eq!(status, 403);
    let (_, motion) = send(
        &app,
        "POST",
        "/api/settings/motion-ingestion",
        ADMIN_A,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        motion,
        json!({"motion_ingestion_enabled": false}),
        "missing means off"
    );
    app.stop().await;
}

#[actix_web::test]
async fn audit_log_pages_filters_and_csv() {
    let app = app_with_camera().await;
    for tz in ["UTC", "Europe/Paris", "Asia/Tokyo"] {
        send(
            &app,
            "POST",
            "/api/settings/timezone",
            ADMIN_A,
            Some(json!({"timezone": tz})),
        )
        .await;
    }
    send(
        &app,
        "POST",
        "/api/settings/timezone",
        ADMIN_B,
        Some(json!({"timezone": "UTC"})),
    )
    .await;
    let (status, page) = send(&app, "GET", "/api/audit-logs?limit=2", ADMIN_A, None).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 3);
    assert_eq!(page["logs"].as_array().unwrap().len(), 2);
    assert_eq!(
        page["logs"][0]["details"], "{\"timezone\": \"Asia/Tokyo\"}",
        "newest first"
    );
    assert_eq!(page["logs"][0]["username"], "user_a@example.test");

    let (_, filtered) = send(
        &app,
        "GET",
        "/api/audit-logs?event=timezone_updated&username=USER_A",
        ADMIN_A,
        None,
    )
    .await;
    assert_eq!(filtered["total"], 3);
    let (_, none) = send(&app, "GET", "/api/audit-logs?username=%25", ADMIN_A, None).await;
    assert_eq!(none["total"], 0, "% is literal");

    for bad in ["offset=1000001", "limit=0", "format=xml"] {
        let (status, _) = send(
            &app,
            "GET",
            &format!("/api/audit-logs?{bad}"),
            ADMIN_A,
            None,
        )
        .await;
        assert_eq!(status, 422, "{bad}");
    }
    let (status, _) = send(&app, "GET", "/api/audit-logs", MEMBER_A, None).await;
    assert_eq!(status, 403);

    let response = app
        .client
        .get(app.url("/api/audit-logs?format=csv"))
        .bearer_auth(ADMIN_A)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"audit-log-org_a-"),
        "{disposition}"
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "timestamp,event,username,user_id,ip_address,details"
    );
    assert_eq!(lines.len(), 5, "header, 3 rows, trailing empty");
    app.stop().await;
}

#[actix_web::test]
async fn another_org_sees_and_touches_nothing() {
    let app = app_with_camera().await;
    let (_, cameras) = send(&app, "GET", "/api/cameras", ADMIN_B, None).await;
    assert_eq!(cameras, json!([]));
    let camera = format!("/api/cameras/{CAMERA}");
    let cases = [
        ("GET", camera.clone(), None),
        (
            "POST",
            format!("{camera}/recording"),
            Some(json!({"recording": true})),
        ),
        (
            "PATCH",
            format!("{camera}/recording-settings"),
            Some(json!({"continuous_24_7": true})),
        ),
        ("PUT", format!("{camera}/group"), None),
    ];
    for (method, path, body) in cases {
        let (status, body) = send(&app, method, &path, ADMIN_B, body).await;
        assert_eq!(status, 404, "{method} {path}");
        assert_eq!(
            body,
            json!({"detail": "Camera not found"}),
            "{method} {path}"
        );
    }
    let (_, created) = send(
        &app,
        "POST",
        "/api/camera-groups",
        ADMIN_A,
        Some(json!({"name": "A only"})),
    )
    .await;
    let group = created["id"].as_i64().unwrap();
    let (_, groups) = send(&app, "GET", "/api/camera-groups", ADMIN_B, None).await;
    assert_eq!(groups, json!([]));
    let (status, _) = send(
        &app,
        "DELETE",
        &format!("/api/camera-groups/{group}"),
        ADMIN_B,
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (_, own) = send(
        &app,
        "POST",
        "/api/camera-groups",
        ADMIN_B,
        Some(json!({"name": "B"})),
    )
    .await;
    let (status, body) = send(
        &app,
        "PUT",
        &format!("/api/cameras/{CAMERA}/group?group_id={}", own["id"]),
        ADMIN_A,
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({"detail": "Group not found"})),
        "org B's group is not org A's"
    );
    send(
        &app,
        "POST",
        "/api/settings/timezone",
        ADMIN_A,
        Some(json!({"timezone": "Asia/Tokyo"})),
    )
    .await;
    let (_, settings_b) = send(&app, "GET", "/api/settings", ADMIN_B, None).await;
    assert_eq!(settings_b["timezone"], "UTC");
    let (_, audit_b) = send(&app, "GET", "/api/audit-logs", ADMIN_B, None).await;
    assert!(
        audit_b["logs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["username"] != "user_a@example.test"),
        "{audit_b}"
    );
    app.stop().await;
}

/// A group keeps its id and its cameras when renamed or recoloured; names stay unique and
/// another org's group is out of reach.
#[actix_web::test]
async fn a_group_is_renamed_and_recoloured_in_place() {
    let app = app_with_camera().await;
    let create = |name: &'static str| {
        send(
            &app,
            "POST",
            "/api/camera-groups",
            ADMIN_A,
            Some(json!({"name": name})),
        )
    };
    let id = create("Yard").await.1["id"].as_i64().unwrap();
    create("Porch").await;
    let path = format!("/api/camera-groups/{id}");
    send(
        &app,
        "PUT",
        &format!("/api/cameras/{CAMERA}/group?group_id={id}"),
        ADMIN_A,
        None,
    )
    .await;

    let (status, body) = send(
        &app,
        "PATCH",
        &path,
        ADMIN_A,
        Some(json!({"name": "  Back yard ", "color": "#3b82f6", "icon": "trees"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"success": true, "id": id, "name": "Back yard", "color": "#3b82f6", "icon": "trees"})
    );
    let (status, body) = send(&app, "PATCH", &path, ADMIN_A, Some(json!({"icon": null}))).await;
    assert_eq!(
        (status, body["name"].as_str()),
        (200, Some("Back yard")),
        "null keeps the value"
    );
    let (_, groups) = send(&app, "GET", "/api/camera-groups", MEMBER_A, None).await;
    let stored = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap();
    assert_eq!(stored["camera_count"], 1, "its camera stayed");
    assert_eq!(stored["icon"], "trees");

    let (status, body) = send(
        &app,
        "PATCH",
        &path,
        ADMIN_A,
        Some(json!({"name": "Porch"})),
    )
    .await;
    assert_eq!(
        (status, body["detail"].as_str()),
        (409, Some("Group name already exists"))
    );
    for bad in [
        json!({"name": "  "}),
        json!({"icon": "01234567890"}),
        json!({"color": "x".repeat(21)}),
    ] {
        let (status, _) = send(&app, "PATCH", &path, ADMIN_A, Some(bad.clone())).await;
        assert_eq!(status, 422, "{bad}");
    }
    assert_eq!(
        send(&app, "PATCH", &path, MEMBER_A, Some(json!({"name": "M"})))
            .await
            .0,
        403
    );
    assert_eq!(
        send(&app, "PATCH", &path, ADMIN_B, Some(json!({"name": "B"})))
            .await
            .0,
        404
    );
    assert_eq!(
        send(
            &app,
            "PATCH",
            "/api/camera-groups/999999",
            ADMIN_A,
            Some(json!({}))
        )
        .await
        .0,
        404
    );
    let (_, groups) = send(&app, "GET", "/api/camera-groups", ADMIN_A, None).await;
    assert!(
        groups
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "Back yard")
    );
    app.stop().await;
}
