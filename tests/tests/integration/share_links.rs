//! Share links (rest-api.md §14) over real HTTP: an admin shares a camera or a group, a
//! stranger with the URL watches it and reaches nothing else, and every way a link ends
//! (revocation, expiry, the plan, the camera leaving its group or being suspended) stops it
//! at once, although the instance had the link in memory.

use crate::live_common::{
    CAM_A, CAM_A2, CAM_B, KEY_A, ffmpeg_playlist, live_app, push_playlist, push_segment,
    seed_two_orgs, segment_bytes, segment_name, set_plan, status_json, store,
};
use crate::nodes_common::{ADMIN_A, ADMIN_B, MEMBER_A, api};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_ports::driven::repos::CameraRepo;
use sentinel_tests::TestApp;
use serde_json::{Value, json};

const TRUST_LOOPBACK_PROXY: (&str, &str) = ("TRUSTED_PROXIES", "127.0.0.1");

/// Org A on Pro with both cameras streaming two segments; proxies trusted, so a test can
/// speak for several clients with `X-Forwarded-For`.
async fn sharing_app() -> TestApp {
    let app = live_app(&[TRUST_LOOPBACK_PROXY]).await;
    seed_two_orgs(&app);
    set_plan(&app, "org_a", "pro");
    set_plan(&app, "org_b", "pro");
    for camera in [CAM_A, CAM_A2] {
        for sequence in [1, 2] {
            let body = segment_bytes(camera, sequence, 400);
            let pushed = push_segment(&app, KEY_A, camera, &segment_name(sequence), body).await;
            assert_eq!(pushed.status(), 200);
        }
        let playlist = ffmpeg_playlist(1..=2);
        assert_eq!(
            push_playlist(&app, KEY_A, camera, playlist.as_bytes())
                .await
                .status(),
            200
        );
    }
    app
}

/// The playlist is served while it is fresh (30 s): after moving the clock, the node pushes
/// again.
async fn repush_playlist(app: &TestApp) {
    let playlist = ffmpeg_playlist(1..=2);
    let pushed = push_playlist(app, KEY_A, CAM_A, playlist.as_bytes()).await;
    assert_eq!(pushed.status(), 200);
}

async fn create(app: &TestApp, admin: &str, body: Value) -> (u16, Value) {
    api(app, "POST", "/api/share-links", Some(admin), Some(body)).await
}

/// A link to `target` (`{"camera_id": …}` or `{"group_id": …}`): its id and token.
async fn share(app: &TestApp, target: Value) -> (i64, String) {
    let mut body = json!({"label": "For the neighbour"});
    if let (Some(body), Some(target)) = (body.as_object_mut(), target.as_object()) {
        body.extend(target.clone());
    }
    let (status, created) = create(app, ADMIN_A, body).await;
    assert_eq!(status, 201, "{created}");
    (
        created["id"].as_i64().unwrap(),
        created["token"].as_str().unwrap().to_owned(),
    )
}

/// A request with no session, as `client` (an address the trusted proxy vouches for).
async fn public(app: &TestApp, path: &str, client: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(path))
        .header("x-forwarded-for", client)
        .send()
        .await
        .unwrap();
    status_json(response).await
}

fn playlist_path(token: &str, camera: &str) -> String {
    format!("/api/share/{token}/cameras/{camera}/stream.m3u8")
}

fn segment_path(token: &str, camera: &str, sequence: u64) -> String {
    format!(
        "/api/share/{token}/cameras/{camera}/segment/{}",
        segment_name(sequence)
    )
}

fn error_code(body: &Value) -> &str {
    body["detail"]["error"].as_str().unwrap_or_default()
}

async fn audit_events(app: &TestApp) -> Vec<String> {
    let (status, body) = api(app, "GET", "/api/audit-logs", Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{body}");
    body["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["event"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn a_stranger_watches_the_shared_camera_and_nothing_else() {
    let app = sharing_app().await;
    let (status, created) = create(
        &app,
        ADMIN_A,
        json!({"label": "  Porch for the police ", "camera_id": CAM_A, "max_viewers": 3}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let token = created["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("shr_") && token.len() == 36, "{token}");
    assert_eq!(created["path"], format!("/share/{token}"));
    assert_eq!(created["label"], "Porch for the police");
    assert_eq!(created["scope"], "camera");
    assert_eq!(created["target_name"], "Front door");
    assert_eq!(created["status"], "active");
    assert_eq!(created["max_viewers"], 3);

    let (status, page) = public(&app, &format!("/api/share/{token}"), "10.0.0.1").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["label"], "Porch for the police");
    let cameras = page["cameras"].as_array().unwrap();
    assert_eq!(cameras.len(), 1);
    assert_eq!(cameras[0]["camera_id"], CAM_A);
    assert_eq!(cameras[0]["playlist"], playlist_path(&token, CAM_A));

    let (status, playlist) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.1").await;
    assert_eq!(status, 200);
    let playlist = playlist.as_str().unwrap().to_owned();
    assert!(
        playlist.contains("\nsegment/segment_00002.ts"),
        "{playlist}"
    );
    let month_before = app
        .state
        .live_pipeline
        .viewer_seconds_used(&OrgId::new("org_a"))
        .unwrap();
    let response = app
        .client
        .get(app.url(&segment_path(&token, CAM_A, 2)))
        .header("x-forwarded-for", "10.0.0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.bytes().await.unwrap().to_vec(),
        segment_bytes(CAM_A, 2, 400)
    );
    assert_eq!(
        app.state
            .live_pipeline
            .viewer_seconds_used(&OrgId::new("org_a"))
            .unwrap(),
        month_before + 1,
        "a shared segment is metered to the org"
    );

    // The org's other camera, another org's camera, a guessed token: all unknown.
    for path in [
        playlist_path(&token, CAM_A2),
        segment_path(&token, CAM_A2, 1),
        playlist_path(&token, CAM_B),
        playlist_path("shr_00000000000000000000000000000000", CAM_A),
        playlist_path("not-a-token", CAM_A),
        "/api/share/shr_00000000000000000000000000000000".to_owned(),
    ] {
        let (status, body) = public(&app, &path, "10.0.0.1").await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(!body.to_string().contains("Garage"), "{body}");
    }
    // The token opens no other surface.
    for path in [
        "/api/cameras".to_owned(),
        format!("/api/cameras/{CAM_A}/stream.m3u8"),
    ] {
        let response = app
            .client
            .get(app.url(&path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{path}");
    }

    let (status, listed) = api(&app, "GET", "/api/share-links", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    let link = &listed["links"][0];
    assert_eq!(link["views"], 1);
    assert!(link["last_used_at"].is_string());
    assert!(
        !listed.to_string().contains(&token),
        "the token is shown once only"
    );
    let events = audit_events(&app).await;
    assert!(
        events.contains(&"share_link_created".to_owned()),
        "{events:?}"
    );
    assert!(
        events.contains(&"share_link_first_used".to_owned()),
        "{events:?}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn revocation_expiry_and_the_plan_stop_a_link_that_is_in_memory() {
    let app = sharing_app().await;
    let (id, token) = share(&app, json!({"camera_id": CAM_A})).await;
    let (status, _) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.1").await;
    assert_eq!(status, 200, "the link is now in memory");

    let path = format!("/api/share-links/{id}");
    let (status, revoked) = api(&app, "DELETE", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{revoked}");
    assert_eq!(revoked["link"]["status"], "revoked");
    for path in [
        playlist_path(&token, CAM_A),
        segment_path(&token, CAM_A, 1),
        format!("/api/share/{token}"),
    ] {
        let (status, body) = public(&app, &path, "10.0.0.1").await;
        assert_eq!(status, 410, "{path}: {body}");
        assert_eq!(error_code(&body), "share_link_revoked");
    }
    let (status, again) = api(&app, "DELETE", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{again}");
    let revocations = audit_events(&app)
        .await
        .iter()
        .filter(|event| *event == "share_link_revoked")
        .count();
    assert_eq!(revocations, 1, "a second revoke writes nothing");

    let (_, token) = share(&app, json!({"camera_id": CAM_A, "expires_in_hours": 1})).await;
    assert_eq!(
        public(&app, &playlist_path(&token, CAM_A), "10.0.0.1")
            .await
            .0,
        200
    );
    app.clock.advance(chrono::Duration::minutes(61));
    repush_playlist(&app).await;
    let (status, body) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.1").await;
    assert_eq!(
        (status, error_code(&body)),
        (410, "share_link_expired"),
        "{body}"
    );

    let (_, token) = share(&app, json!({"camera_id": CAM_A})).await;
    let (status, body) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.1").await;
    assert_eq!(status, 200, "{body}");
    set_plan(&app, "org_a", "free_org");
    app.state
        .live_pipeline
        .forget_org_plan(&OrgId::new("org_a"));
    let (status, body) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.1").await;
    assert_eq!(
        (status, error_code(&body)),
        (410, "share_link_unavailable"),
        "{body}"
    );
    let (status, body) = create(&app, ADMIN_A, json!({"label": "x", "camera_id": CAM_A})).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(error_code(&body), "plan_required");
    let (status, listed) = api(&app, "GET", "/api/share-links", Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "a downgraded org still sees its links");
    assert_eq!(listed["links"].as_array().unwrap().len(), 3);
    app.stop().await;
}

#[actix_web::test]
async fn a_group_link_follows_its_group() {
    let app = sharing_app().await;
    let (status, group) = api(
        &app,
        "POST",
        "/api/camera-groups",
        Some(ADMIN_A),
        Some(json!({"name": "Outside"})),
    )
    .await;
    assert_eq!(status, 200, "{group}");
    let group_id = group["id"].as_i64().unwrap();
    for camera in [CAM_A2, CAM_A] {
        let path = format!("/api/cameras/{camera}/group?group_id={group_id}");
        assert_eq!(api(&app, "PUT", &path, Some(ADMIN_A), None).await.0, 200);
    }
    let (_, token) = share(&app, json!({"group_id": group_id})).await;
    let (status, page) = public(&app, &format!("/api/share/{token}"), "10.0.0.1").await;
    assert_eq!(status, 200, "{page}");
    let names: Vec<&str> = page["cameras"]
        .as_array()
        .unwrap()
        .iter()
        .map(|camera| camera["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Front door", "Garage"]);
    assert_eq!(
        public(&app, &playlist_path(&token, CAM_A2), "10.0.0.1")
            .await
            .0,
        200
    );

    let path = format!("/api/cameras/{CAM_A2}/group");
    assert_eq!(api(&app, "PUT", &path, Some(ADMIN_A), None).await.0, 200);
    let (status, body) = public(&app, &playlist_path(&token, CAM_A2), "10.0.0.1").await;
    assert_eq!(status, 404, "moved out of the group: {body}");
    assert_eq!(
        public(&app, &playlist_path(&token, CAM_A), "10.0.0.1")
            .await
            .0,
        200
    );

    // Suspended by the plan's camera cap: gone from the link as well.
    CameraRepo::set_disabled_by_plan(
        &store(&app),
        &OrgId::new("org_a"),
        &[CameraId::new(CAM_A)],
        true,
    )
    .unwrap();
    app.state
        .fleet_directory
        .forget_camera(&OrgId::new("org_a"), &CameraId::new(CAM_A));
    let (status, body) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.1").await;
    assert_eq!(status, 404, "suspended: {body}");
    let (_, page) = public(&app, &format!("/api/share/{token}"), "10.0.0.1").await;
    assert_eq!(page["cameras"], json!([]));

    let path = format!("/api/camera-groups/{group_id}");
    assert_eq!(api(&app, "DELETE", &path, Some(ADMIN_A), None).await.0, 200);
    let (_, listed) = api(&app, "GET", "/api/share-links", Some(ADMIN_A), None).await;
    assert_eq!(
        listed["links"][0]["target_name"],
        Value::Null,
        "the group is gone"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_viewer_cap_admits_that_many_clients_and_frees_a_quiet_place() {
    let app = sharing_app().await;
    let (_, token) = share(&app, json!({"camera_id": CAM_A, "max_viewers": 1})).await;
    let page = format!("/api/share/{token}");
    assert_eq!(public(&app, &page, "10.0.0.1").await.0, 200);
    let (status, body) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.2").await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(error_code(&body), "share_link_full");
    assert_eq!(body["detail"]["max_viewers"], 1);
    assert_eq!(
        public(&app, &playlist_path(&token, CAM_A), "10.0.0.1")
            .await
            .0,
        200
    );
    app.clock.advance(chrono::Duration::seconds(61));
    repush_playlist(&app).await;
    assert_eq!(
        public(&app, &playlist_path(&token, CAM_A), "10.0.0.2")
            .await
            .0,
        200
    );
    assert_eq!(public(&app, &page, "10.0.0.1").await.0, 429);
    app.stop().await;
}

#[actix_web::test]
async fn a_guesser_spends_only_their_own_budget() {
    let app = sharing_app().await;
    let (_, token) = share(&app, json!({"camera_id": CAM_A})).await;
    let mut refused = 0;
    for guess in 0..70 {
        let guessed = format!("shr_{guess:032x}");
        let (status, _) = public(&app, &playlist_path(&guessed, CAM_A), "10.6.6.6").await;
        assert!(status == 404 || status == 429, "{status}");
        if status == 429 {
            refused += 1;
        }
    }
    assert_eq!(
        refused, 10,
        "60 lookups a minute, then refused without a lookup"
    );
    let (status, _) = public(&app, &playlist_path(&token, CAM_A), "10.0.0.1").await;
    assert_eq!(status, 200, "another client's link still plays");
    app.stop().await;
}

#[actix_web::test]
async fn bad_requests_are_refused_with_envelopes_and_write_nothing() {
    let app = sharing_app().await;
    for (body, field) in [
        (json!({"label": "x"}), "camera_id"),
        (
            json!({"label": "x", "camera_id": CAM_A, "group_id": 1}),
            "camera_id",
        ),
        (json!({"label": "   ", "camera_id": CAM_A}), "label"),
        (
            json!({"label": "x".repeat(101), "camera_id": CAM_A}),
            "label",
        ),
        (
            json!({"label": "x", "camera_id": CAM_A, "expires_in_hours": 0}),
            "expires_in_hours",
        ),
        (
            json!({"label": "x", "camera_id": CAM_A, "expires_in_hours": 169}),
            "expires_in_hours",
        ),
        (
            json!({"label": "x", "camera_id": CAM_A, "max_viewers": 51}),
            "max_viewers",
        ),
        (
            json!({"label": "x", "camera_id": CAM_A, "max_viewers": "many"}),
            "max_viewers",
        ),
    ] {
        let (status, answer) = create(&app, ADMIN_A, body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert!(
            answer["detail"]["message"]
                .as_str()
                .unwrap()
                .contains(field),
            "{body}: {answer}"
        );
    }
    let (status, body) = create(&app, ADMIN_A, json!({"label": "x", "camera_id": CAM_B})).await;
    assert_eq!(
        (status, body["detail"].as_str()),
        (404, Some("Camera not found"))
    );
    let (status, body) = create(&app, ADMIN_A, json!({"label": "x", "group_id": 999})).await;
    assert_eq!(
        (status, body["detail"].as_str()),
        (404, Some("Group not found"))
    );
    let (status, _) = create(&app, MEMBER_A, json!({"label": "x", "camera_id": CAM_A})).await;
    assert_eq!(status, 403);
    let (_, listed) = api(&app, "GET", "/api/share-links", Some(ADMIN_A), None).await;
    assert_eq!(listed["links"], json!([]), "no refused request left a row");

    let (id, _) = share(&app, json!({"camera_id": CAM_A})).await;
    let path = format!("/api/share-links/{id}");
    let (status, body) = api(&app, "DELETE", &path, Some(ADMIN_B), None).await;
    assert_eq!(
        (status, body["detail"].as_str()),
        (404, Some("Share link not found"))
    );
    let (_, listed) = api(&app, "GET", "/api/share-links", Some(ADMIN_B), None).await;
    assert_eq!(
        listed["links"],
        json!([]),
        "org B sees none of org A's links"
    );
    app.stop().await;
}

#[actix_web::test]
async fn an_org_holds_at_most_a_hundred_active_links() {
    let app = sharing_app().await;
    let actor = sentinel_application::audit_trail::Actor::new(
        OrgId::new("org_a"),
        sentinel_domain::ids::UserId::new("user_a"),
        "admin@example.com",
        "",
        None,
    );
    let request =
        sentinel_domain::sharing::ShareLinkRequest::new("bulk", Some(CAM_A), None, None, None)
            .unwrap();
    for _ in 0..100 {
        app.state
            .use_cases
            .share_links
            .create(&actor, &request)
            .unwrap();
    }
    let (status, body) = create(
        &app,
        ADMIN_A,
        json!({"label": "one more", "camera_id": CAM_A}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    app.stop().await;
}

#[actix_web::test]
async fn integers_are_read_laxly_like_every_request_model() {
    let app = sharing_app().await;
    let body =
        json!({"label": "x", "camera_id": CAM_A, "expires_in_hours": 2.0, "max_viewers": "3"});
    let (status, created) = create(&app, ADMIN_A, body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["max_viewers"], 3);
    let body = json!({"label": "x", "camera_id": CAM_A, "group_id": null, "max_viewers": null});
    assert_eq!(
        create(&app, ADMIN_A, body).await.0,
        201,
        "the other target may be null"
    );
    let body = json!({"label": "x", "camera_id": CAM_A, "expires_in_hours": 2.5});
    assert_eq!(create(&app, ADMIN_A, body).await.0, 422);
    app.stop().await;
}
