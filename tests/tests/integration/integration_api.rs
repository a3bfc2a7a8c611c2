//! The Home Assistant integration API over real HTTP: `osi_` key management, the bearer
//! checks (401 wording, revoked keys, MCP keys refused), the camera list with LAN stream
//! addresses, the recording switch, the status roll-up, and org isolation on each.
//! Snapshots and the motion stream are in `integration_api_live`.

use crate::nodes_common::{ADMIN_A, ADMIN_B, MEMBER_A, api, audit_rows, fake_app, store};
use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::api_keys::{ApiKeyKind, ScopeMode};
use sentinel_domain::fleet::{CodecReport, NewNode, NodeChanges, NodeStorage, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::keys::api_key_hash;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::{ApiKeyRepo, CameraRepo, NewApiKey, NodeRepo, SettingsRepo};
use sentinel_tests::TestApp;
use serde_json::{Value, json};

pub const NODE_A: &str = "aaaa0001";
pub const NODE_A_KEY: &str = "0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
pub const CAM_A: &str = "cam_ha_0";
pub const NODE_B: &str = "bbbb0001";
pub const NODE_B_KEY: &str = "9c8d7e6f-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
pub const CAM_B: &str = "cam_b_0";

pub fn now(app: &TestApp) -> NaiveDateTime {
    app.clock.now().naive_utc()
}

/// Mints an integration key through the API as `admin`: `(id, raw key)`.
pub async fn mint_key(app: &TestApp, admin: &str, name: Option<&str>) -> (i64, String) {
    let body = name.map_or_else(|| json!({}), |name| json!({"name": name}));
    let (status, created) = api(
        app,
        "POST",
        "/api/integration/keys",
        Some(admin),
        Some(body),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    (
        created["id"].as_i64().unwrap(),
        created["key"].as_str().unwrap().to_owned(),
    )
}

/// A node of `org` (key `node_key`) with one camera, both last seen now. `lan_ip` set means
/// the node reported a LAN address.
pub fn seed_camera(
    app: &TestApp,
    org: &str,
    node_id: &str,
    node_key: &str,
    camera_id: &str,
    lan_ip: Option<&str>,
) {
    let (store, org, node) = (store(app), OrgId::new(org), NodeId::new(node_id));
    let at = now(app);
    NodeRepo::create(
        &store,
        &org,
        &NewNode {
            node_id: node.clone(),
            name: format!("Node {node_id}"),
            api_key_hash: api_key_hash(node_key),
            status: "pending".into(),
            created_at: at - TimeDelta::minutes(10),
        },
    )
    .unwrap();
    NodeRepo::update(
        &store,
        &org,
        &node,
        &NodeChanges {
            status: Some("online".into()),
            last_seen: Some(at),
            local_ip: Some(lan_ip.map(str::to_owned)),
            node_version: Some(Some("0.1.73".into())),
            storage: Some(NodeStorage {
                used_bytes: Some(1_000),
                max_bytes: Some(68_719_476_736),
                disk_free_bytes: Some(79_422_242_816),
                disk_total_bytes: Some(270_553_174_016),
                reported_at: at,
            }),
            ..NodeChanges::default()
        },
    )
    .unwrap();
    CameraRepo::upsert_from_register(
        &store,
        &org,
        &node,
        &RegisteredCamera {
            camera_id: CameraId::new(camera_id),
            name: Some(format!("Camera {camera_id}")),
            fallback_name: "Camera".into(),
            node_type: "usb".into(),
            capabilities: "streaming".into(),
            codecs: Some(CodecReport {
                video: "avc1.64001f".into(),
                audio: Some("mp4a.40.2".into()),
            }),
            seen_at: at,
        },
    )
    .unwrap();
}

/// `GET` with an integration key (or any raw `Authorization` value).
pub async fn ha_get(app: &TestApp, path: &str, authorization: Option<&str>) -> (u16, Value) {
    let mut request = app.client.get(app.url(path));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn bearer(key: &str) -> String {
    format!("Bearer {key}")
}

fn detail(message: &str) -> Value {
    json!({"detail": message})
}

#[actix_web::test]
async fn a_key_is_minted_listed_and_revoked_with_its_audit_and_notification() {
    let app = fake_app().await;
    let (status, created) = api(
        &app,
        "POST",
        "/api/integration/keys",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let key = created["key"].as_str().unwrap();
    assert!(key.starts_with("osi_"), "{key}");
    assert_eq!(key.len(), 36);
    assert!(
        key[4..]
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(created["name"], "Home Assistant");
    assert_eq!(created["kind"], "integration");
    assert_eq!(created["created_at"], "2026-11-27T12:00:00");
    assert_eq!(
        created["warning"],
        "Save this key now. You won't be able to see it again."
    );
    let id = created["id"].as_i64().unwrap();

    let (status, listed) = api(&app, "GET", "/api/integration/keys", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        listed,
        json!([{
            "id": id, "name": "Home Assistant", "created_at": "2026-11-27T12:00:00",
            "last_used_at": null, "revoked": false, "scope_mode": "all", "scope_tools": [],
            "kind": "integration",
        }]),
        "never the key nor its hash"
    );

    let created_rows = audit_rows(&app, "org_a", "integration_key_created");
    assert_eq!(created_rows.len(), 1);
    let details: Value = serde_json::from_str(created_rows[0].details.as_deref().unwrap()).unwrap();
    assert_eq!(details, json!({"key_id": id, "name": "Home Assistant"}));

    let (_, inbox) = api(&app, "GET", "/api/notifications", Some(ADMIN_A), None).await;
    let notes: Vec<&Value> = inbox["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["kind"] == "integration_key_created")
        .collect();
    assert_eq!(notes.len(), 1, "{inbox}");
    assert_eq!(
        notes[0]["title"],
        "New integration key created: Home Assistant"
    );
    assert_eq!(notes[0]["severity"], "warning");
    assert_eq!(notes[0]["link"], "/integrations");
    let (_, member_inbox) = api(&app, "GET", "/api/notifications", Some(MEMBER_A), None).await;
    assert!(
        member_inbox["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["kind"] != "integration_key_created"),
        "admins only"
    );

    let (status, body) = ha_get(&app, "/api/integration/status", Some(&bearer(key))).await;
    assert_eq!(status, 200, "{body}");

    let path = format!("/api/integration/keys/{id}");
    let (status, revoked) = api(&app, "DELETE", &path, Some(ADMIN_A), None).await;
    assert_eq!((status, revoked), (200, json!({"success": true})));
    let (_, listed) = api(&app, "GET", "/api/integration/keys", Some(ADMIN_A), None).await;
    assert_eq!(listed, json!([]));
    let revoked_rows = audit_rows(&app, "org_a", "integration_key_revoked");
    assert_eq!(revoked_rows.len(), 1);
    let details: Value = serde_json::from_str(revoked_rows[0].details.as_deref().unwrap()).unwrap();
    assert_eq!(details, json!({"key_id": id, "name": "Home Assistant"}));

    // The revoked key stops at once, even though it was verified a moment ago.
    let (status, body) = ha_get(&app, "/api/integration/status", Some(&bearer(key))).await;
    assert_eq!(
        (status, body),
        (401, detail("Invalid or revoked integration key"))
    );

    let (status, body) = api(
        &app,
        "DELETE",
        "/api/integration/keys/999999",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!((status, body), (404, detail("Key not found")));
}

#[actix_web::test]
async fn key_management_is_for_admins_of_the_org_only() {
    let app = fake_app().await;
    let (status, _) = api(
        &app,
        "POST",
        "/api/integration/keys",
        Some(MEMBER_A),
        Some(json!({"name": "HA"})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = api(&app, "GET", "/api/integration/keys", Some(MEMBER_A), None).await;
    assert_eq!(status, 403);
    let (status, _) = api(&app, "GET", "/api/integration/keys", None, None).await;
    assert_eq!(status, 401);

    let (id, _) = mint_key(&app, ADMIN_A, Some("Kitchen HA")).await;
    let (_, listed_b) = api(&app, "GET", "/api/integration/keys", Some(ADMIN_B), None).await;
    assert_eq!(listed_b, json!([]), "org B sees none of org A's keys");
    let path = format!("/api/integration/keys/{id}");
    let (status, _) = api(&app, "DELETE", &path, Some(ADMIN_B), None).await;
    assert_eq!(status, 404, "org B cannot revoke org A's key");
    let (_, listed_a) = api(&app, "GET", "/api/integration/keys", Some(ADMIN_A), None).await;
    assert_eq!(listed_a[0]["name"], "Kitchen HA");

    let long = "x".repeat(101);
    let (status, _) = api(
        &app,
        "POST",
        "/api/integration/keys",
        Some(ADMIN_A),
        Some(json!({"name": long})),
    )
    .await;
    assert_eq!(status, 422);
}

#[actix_web::test]
async fn the_eleventh_key_in_an_hour_is_rate_limited() {
    let app = fake_app().await;
    for _ in 0..10 {
        mint_key(&app, ADMIN_A, None).await;
    }
    let (status, body) = api(
        &app,
        "POST",
        "/api/integration/keys",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "rate_limit_exceeded");
}

#[actix_web::test]
async fn mcp_and_integration_keys_never_cross() {
    let app = fake_app().await;
    let mcp_raw = "osc_0123456789abcdef0123456789abcdef";
    let mcp = ApiKeyRepo::create(
        &store(&app),
        &OrgId::new("org_a"),
        NewApiKey {
            name: "Claude".into(),
            key_hash: api_key_hash(mcp_raw),
            kind: ApiKeyKind::Mcp,
            scope_mode: ScopeMode::All,
            scope_tools: Vec::new(),
            created_at: now(&app),
        },
    )
    .unwrap();
    let (integration_id, _) = mint_key(&app, ADMIN_A, None).await;

    let (status, body) = ha_get(&app, "/api/integration/cameras", Some(&bearer(mcp_raw))).await;
    assert_eq!(
        (status, body),
        (401, detail("Invalid or revoked integration key"))
    );
    let (_, listed) = api(&app, "GET", "/api/integration/keys", Some(ADMIN_A), None).await;
    let ids: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [integration_id], "the MCP key is not listed here");
    let path = format!("/api/integration/keys/{}", mcp.id);
    let (status, body) = api(&app, "DELETE", &path, Some(ADMIN_A), None).await;
    assert_eq!(
        (status, body),
        (404, detail("Key not found")),
        "cross-kind revoke"
    );
    let still_active =
        ApiKeyRepo::list_active(&store(&app), &OrgId::new("org_a"), ApiKeyKind::Mcp).unwrap();
    assert_eq!(still_active.len(), 1);
}

#[actix_web::test]
async fn data_plane_calls_without_a_good_key_are_401_with_the_contract_wording() {
    let app = fake_app().await;
    for path in [
        "/api/integration/cameras",
        "/api/integration/status",
        "/api/integration/motion/stream",
        "/api/integration/cameras/cam/snapshot",
    ] {
        let (status, body) = ha_get(&app, path, None).await;
        assert_eq!(
            (status, body),
            (401, detail("Missing Bearer integration key")),
            "{path}"
        );
    }
    let cases = [
        ("Basic b3NpXw==", "Missing Bearer integration key"),
        (
            "osi_0123456789abcdef0123456789abcdef",
            "Missing Bearer integration key",
        ),
        (
            "Bearer osi_0123456789abcdef0123456789abcdef",
            "Invalid or revoked integration key",
        ),
        ("bearer nonsense", "Invalid or revoked integration key"),
        (
            &format!("Bearer {ADMIN_A}"),
            "Invalid or revoked integration key",
        ),
    ];
    for (header, message) in cases {
        let (status, body) = ha_get(&app, "/api/integration/cameras", Some(header)).await;
        assert_eq!((status, body), (401, detail(message)), "{header}");
    }
    let response = app
        .client
        .post(app.url("/api/integration/cameras/cam/recording"))
        .json(&json!({"recording": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    // The scheme is case-insensitive and a good key passes.
    let (_, key) = mint_key(&app, ADMIN_A, None).await;
    let (status, _) = ha_get(
        &app,
        "/api/integration/cameras",
        Some(&format!("BEARER {key}")),
    )
    .await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn using_a_key_stamps_last_used_at() {
    let app = fake_app().await;
    let (_, key) = mint_key(&app, ADMIN_A, None).await;
    app.clock.advance(TimeDelta::minutes(5));
    let (status, _) = ha_get(&app, "/api/integration/cameras", Some(&bearer(&key))).await;
    assert_eq!(status, 200);
    let (_, listed) = api(&app, "GET", "/api/integration/keys", Some(ADMIN_A), None).await;
    assert_eq!(listed[0]["last_used_at"], "2026-11-27T12:05:00");
}

#[actix_web::test]
async fn cameras_list_with_node_state_and_lan_url_and_never_another_orgs() {
    let app = fake_app().await;
    seed_camera(
        &app,
        "org_a",
        NODE_A,
        NODE_A_KEY,
        CAM_A,
        Some("192.168.1.50"),
    );
    app.clock.advance(TimeDelta::seconds(1));
    seed_camera(&app, "org_a", "aaaa0002", "k2", "cam_ha_1", None);
    seed_camera(&app, "org_b", NODE_B, NODE_B_KEY, CAM_B, Some("10.0.0.9"));
    let (_, key_a) = mint_key(&app, ADMIN_A, None).await;
    let (_, key_b) = mint_key(&app, ADMIN_B, None).await;

    let (status, body) = ha_get(&app, "/api/integration/cameras", Some(&bearer(&key_a))).await;
    assert_eq!(status, 200, "{body}");
    let cameras = body["cameras"].as_array().unwrap();
    assert_eq!(cameras.len(), 2, "{body}");
    assert_eq!(
        cameras[0],
        json!({
            "id": CAM_A, "name": "Camera cam_ha_0", "status": "online", "online": true,
            "video_codec": "avc1.64001f", "audio_codec": "mp4a.40.2",
            "node_id": NODE_A, "node_name": "Node aaaa0001", "node_online": true,
            "recording": false, "scheduled_recording": false,
            "snapshot_url": "/api/integration/cameras/cam_ha_0/snapshot",
            "stream": {"local_url": "http://192.168.1.50:8080/hls/cam_ha_0/stream.m3u8", "proxy_url": null},
        })
    );
    assert_eq!(cameras[1]["id"], "cam_ha_1");
    assert_eq!(
        cameras[1]["stream"]["local_url"],
        Value::Null,
        "no LAN address"
    );

    // Past 90 s without a heartbeat everything reads offline and the LAN URL goes.
    app.clock.advance(TimeDelta::seconds(120));
    let (_, body) = ha_get(&app, "/api/integration/cameras", Some(&bearer(&key_a))).await;
    let first = &body["cameras"][0];
    assert_eq!(first["status"], "offline");
    assert_eq!(first["online"], false);
    assert_eq!(first["node_online"], false);
    assert_eq!(first["stream"]["local_url"], Value::Null);

    let (_, body_b) = ha_get(&app, "/api/integration/cameras", Some(&bearer(&key_b))).await;
    let ids: Vec<&str> = body_b["cameras"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [CAM_B], "org B's key sees only org B's cameras");
}

#[actix_web::test]
async fn the_recording_switch_sets_continuous_recording_and_audits_via_integration() {
    let app = fake_app().await;
    seed_camera(&app, "org_a", NODE_A, NODE_A_KEY, "cam_rec", None);
    let (key_id, key) = mint_key(&app, ADMIN_A, Some("HA Kitchen")).await;
    let (_, key_b) = mint_key(&app, ADMIN_B, None).await;
    let post = |key: String, camera: &str, body: Value| {
        let request = app
            .client
            .post(app.url(&format!("/api/integration/cameras/{camera}/recording")))
            .bearer_auth(key)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    };

    let (status, body) = post(key.clone(), "cam_rec", json!({"recording": true})).await;
    assert_eq!(
        (status, body),
        (200, json!({"camera_id": "cam_rec", "recording": true}))
    );
    let camera = CameraRepo::get(
        &store(&app),
        &OrgId::new("org_a"),
        &CameraId::new("cam_rec"),
    )
    .unwrap()
    .unwrap();
    assert!(camera.recording.continuous_24_7);
    let rows = audit_rows(&app, "org_a", "recording_toggled");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].username.as_deref(), Some("HA Kitchen"));
    assert_eq!(
        rows[0].user_id.as_deref(),
        Some(format!("integration:{key_id}").as_str())
    );
    let details: Value = serde_json::from_str(rows[0].details.as_deref().unwrap()).unwrap();
    assert_eq!(
        details,
        json!({"camera_id": "cam_rec", "recording": true, "via": "integration"})
    );

    let (status, body) = post(key.clone(), "cam_rec", json!({})).await;
    assert_eq!(
        (status, body),
        (200, json!({"camera_id": "cam_rec", "recording": false}))
    );
    let (status, body) = post(key.clone(), "cam_rec", json!({"recording": "yes"})).await;
    assert_eq!(body["recording"], true, "truthiness ({status})");

    let (status, body) = post(key.clone(), "nope", json!({"recording": true})).await;
    assert_eq!((status, body), (404, detail("Camera not found")));
    let (status, _) = post(key_b, "cam_rec", json!({"recording": false})).await;
    assert_eq!(status, 404, "org B's key cannot touch org A's camera");
    let camera = CameraRepo::get(
        &store(&app),
        &OrgId::new("org_a"),
        &CameraId::new("cam_rec"),
    )
    .unwrap()
    .unwrap();
    assert!(camera.recording.continuous_24_7, "unchanged by org B");
    let (status, _) = post(key, "cam_rec", json!([1, 2])).await;
    assert_eq!(
        status, 422,
        "a non-object body is bad input, not a server error"
    );
}

#[actix_web::test]
async fn status_rolls_up_the_plan_cameras_and_nodes_of_the_keys_org() {
    let app = fake_app().await;
    seed_camera(
        &app,
        "org_a",
        NODE_A,
        NODE_A_KEY,
        CAM_A,
        Some("192.168.1.50"),
    );
    seed_camera(&app, "org_b", NODE_B, NODE_B_KEY, CAM_B, None);
    SettingsRepo::set(
        &store(&app),
        &OrgId::new("org_a"),
        "org_plan",
        "pro",
        now(&app),
    )
    .unwrap();
    let (_, key_a) = mint_key(&app, ADMIN_A, None).await;

    let (status, body) = ha_get(&app, "/api/integration/status", Some(&bearer(&key_a))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "org_id": "org_a",
            "plan": "pro",
            "cameras": {"total": 1, "online": 1},
            "nodes": {"total": 1, "online": 1, "items": [{
                "node_id": NODE_A, "name": "Node aaaa0001", "online": true,
                "local_ip": "192.168.1.50", "version": "0.1.73",
                "storage": {"used_bytes": 1000, "max_bytes": 68_719_476_736_i64,
                            "disk_free_bytes": 79_422_242_816_i64,
                            "disk_total_bytes": 270_553_174_016_i64},
            }]},
        })
    );
    let (_, key_b) = mint_key(&app, ADMIN_B, None).await;
    let (_, body_b) = ha_get(&app, "/api/integration/status", Some(&bearer(&key_b))).await;
    assert_eq!(body_b["org_id"], "org_b");
    assert_eq!(body_b["plan"], "free_org");
    assert_eq!(body_b["nodes"]["items"][0]["node_id"], NODE_B);
    assert_eq!(body_b["cameras"]["total"], 1);
}
