//! `/api/incidents` over real HTTP: the lifecycle (file, read, list, patch transitions,
//! delete with its evidence), filters and counts, validation wording, the
//! `incident_created` notification, evidence downloads with their content types, the clip
//! playlist, admin-only access and tenant isolation on every route.

use crate::live_common::{
    CAM_A, CAM_B, KEY_A, now, push_segment, seed_two_orgs, segment_bytes, segment_name,
};
use crate::nodes_common::{ADMIN_A, ADMIN_B, MEMBER_A, api, fake_app};
use diesel::prelude::*;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_sql_common::schema::{incident_evidence, notifications};
use sentinel_tests::TestApp;
use serde_json::{Value, json};

async fn file(app: &TestApp, body: Value) -> Value {
    let (status, created) = api(app, "POST", "/api/incidents", Some(ADMIN_A), Some(body)).await;
    assert_eq!(status, 201, "{created}");
    created
}

async fn file_simple(app: &TestApp, title: &str, severity: &str) -> i64 {
    file(
        app,
        json!({"title": title, "summary": "details", "severity": severity}),
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

/// A clip (two pushed segments), a snapshot and an observation on the incident.
async fn attach_evidence(app: &TestApp, incident_id: i64) -> (i64, i64, i64) {
    for sequence in [1, 2] {
        let response = push_segment(
            app,
            KEY_A,
            CAM_A,
            &segment_name(sequence),
            segment_bytes(CAM_A, sequence, 400),
        )
        .await;
        assert_eq!(response.status(), 200);
    }
    let (org, camera) = (OrgId::new("org_a"), CameraId::new(CAM_A));
    let clip = app
        .state
        .use_cases
        .incidents
        .attach_clip(
            app.state.live.as_ref(),
            &org,
            incident_id,
            &camera,
            2,
            Some(" porch "),
            now(app),
        )
        .unwrap();
    assert_eq!(clip.segment_count, 2);
    assert_eq!(clip.bytes, 800);
    let snapshot = app
        .state
        .use_cases
        .incidents
        .attach_snapshot(
            &org,
            incident_id,
            &camera,
            b"\xff\xd8jpeg".to_vec(),
            None,
            now(app),
        )
        .unwrap();
    let note = app
        .state
        .use_cases
        .incidents
        .add_observation(&org, incident_id, "a person", None, now(app))
        .unwrap();
    (clip.evidence.id, snapshot.id, note.id)
}

#[actix_web::test]
async fn an_incident_is_filed_read_listed_and_deleted() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let created = file(
        &app,
        json!({"title": "  Break-in  ", "summary": " door forced ", "severity": "high", "camera_id": CAM_A}),
    )
    .await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["title"], "Break-in");
    assert_eq!(created["summary"], "door forced");
    assert_eq!(created["severity"], "high");
    assert_eq!(created["status"], "open");
    assert_eq!(created["camera_id"], CAM_A);
    assert_eq!(created["created_by"], "user:user_a");
    assert_eq!(created["created_at"], "2026-11-27T12:00:00");
    assert_eq!(created["report"], "");
    assert_eq!(created["resolved_at"], Value::Null);
    assert_eq!(created["evidence_count"], 0);
    assert_eq!(created["evidence"], json!([]));

    let (status, detail) = api(
        &app,
        "GET",
        &format!("/api/incidents/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(detail, created);

    let (status, list) = api(&app, "GET", "/api/incidents", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            list["total"].clone(),
            list["limit"].clone(),
            list["offset"].clone()
        ),
        (json!(1), json!(50), json!(0))
    );
    assert!(list["incidents"][0].get("evidence").is_none());
    assert_eq!(list["incidents"][0]["report"], "");

    let (status, deleted) = api(
        &app,
        "DELETE",
        &format!("/api/incidents/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!((status, deleted), (200, json!({"deleted": id})));
    let (status, body) = api(
        &app,
        "GET",
        &format!("/api/incidents/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({"detail": "Incident not found"}))
    );
    let (status, _) = api(
        &app,
        "DELETE",
        &format!("/api/incidents/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 404);
}

/// kind, title, body, severity, link, meta.
type NotificationColumns = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

#[actix_web::test]
async fn filing_emits_incident_created_without_the_mcp_marker() {
    let app = fake_app().await;
    let id = file_simple(&app, "Fire", "critical").await;
    let mut conn = app.sql();
    let rows: Vec<NotificationColumns> = notifications::table
        .filter(notifications::org_id.eq("org_a"))
        .select((
            notifications::kind,
            notifications::title,
            notifications::body,
            notifications::severity,
            notifications::link,
            notifications::meta_json,
        ))
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let (kind, title, body, severity, link, meta) = rows[0].clone();
    assert_eq!(kind, "incident_created");
    assert_eq!(title, format!("Incident #{id}: Fire"));
    assert_eq!(body, "[CRITICAL] details");
    assert_eq!(severity, "critical");
    assert_eq!(link, Some(format!("/incidents/{id}")));
    let meta: Value = serde_json::from_str(&meta.unwrap()).unwrap();
    assert_eq!(meta, json!({"incident_id": id, "severity": "critical"}));
}

#[actix_web::test]
async fn bad_drafts_are_refused_with_the_contract_wording() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let cases = [
        (
            json!({"title": "t", "summary": "s", "severity": "urgent"}),
            400,
            json!("Invalid severity: urgent"),
        ),
        (
            json!({"title": "   ", "summary": "s"}),
            400,
            json!("title is required"),
        ),
        (
            json!({"title": "t", "summary": " \n "}),
            400,
            json!("summary is required"),
        ),
        (
            json!({"title": "t", "summary": "s", "camera_id": "nope"}),
            404,
            json!("Camera 'nope' not found"),
        ),
        (
            json!({"title": "t", "summary": "s", "camera_id": CAM_B}),
            404,
            json!(format!("Camera '{CAM_B}' not found")),
        ),
    ];
    for (body, expected_status, detail) in cases {
        let (status, reply) = api(
            &app,
            "POST",
            "/api/incidents",
            Some(ADMIN_A),
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (status, reply["detail"].clone()),
            (expected_status, detail),
            "{body}"
        );
    }
    for body in [
        json!({"title": "", "summary": "s"}),
        json!({"title": "x".repeat(201), "summary": "s"}),
        json!({"title": "t", "summary": ""}),
        json!({"title": "t"}),
    ] {
        let (status, reply) = api(
            &app,
            "POST",
            "/api/incidents",
            Some(ADMIN_A),
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(reply["detail"]["error"], "validation_failed");
    }
    let (_, list) = api(&app, "GET", "/api/incidents", Some(ADMIN_A), None).await;
    assert_eq!(list["total"], 0, "nothing was stored");
}

#[actix_web::test]
async fn lists_filter_page_and_counts_add_up() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let low = file_simple(&app, "a", "low").await;
    app.clock.advance(chrono::TimeDelta::seconds(1));
    let critical = file_simple(&app, "b", "critical").await;
    app.clock.advance(chrono::TimeDelta::seconds(1));
    let high = file(
        &app,
        json!({"title": "c", "summary": "s", "severity": "high", "camera_id": CAM_A}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    app.clock.advance(chrono::TimeDelta::seconds(1));
    let closed = file_simple(&app, "d", "critical").await;
    let (status, _) = api(
        &app,
        "PATCH",
        &format!("/api/incidents/{closed}"),
        Some(ADMIN_A),
        Some(json!({"status": "dismissed"})),
    )
    .await;
    assert_eq!(status, 200);

    let ids = |list: &Value| -> Vec<i64> {
        list["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect()
    };
    let (_, all) = api(&app, "GET", "/api/incidents", Some(ADMIN_A), None).await;
    assert_eq!(ids(&all), [closed, high, critical, low]);
    let (_, open) = api(
        &app,
        "GET",
        "/api/incidents?status=open&limit=2&offset=1",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (open["total"].clone(), ids(&open)),
        (json!(3), vec![critical, low])
    );
    assert_eq!(
        (open["limit"].clone(), open["offset"].clone()),
        (json!(2), json!(1))
    );
    let (_, by_severity) = api(
        &app,
        "GET",
        "/api/incidents?severity=critical",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(ids(&by_severity), [closed, critical]);
    let (_, by_camera) = api(
        &app,
        "GET",
        &format!("/api/incidents?camera_id={CAM_A}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(ids(&by_camera), [high]);

    let (status, body) = api(
        &app,
        "GET",
        "/api/incidents?status=closed",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({"detail": "Invalid status: closed"}))
    );
    let (status, body) = api(
        &app,
        "GET",
        "/api/incidents?severity=HIGH",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({"detail": "Invalid severity: HIGH"}))
    );
    for bad in ["limit=0", "limit=201", "offset=-1", "offset=1000001"] {
        let (status, _) = api(
            &app,
            "GET",
            &format!("/api/incidents?{bad}"),
            Some(ADMIN_A),
            None,
        )
        .await;
        assert_eq!(status, 422, "{bad}");
    }

    let (status, counts) = api(&app, "GET", "/api/incidents/counts", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        counts,
        json!({"open": 3, "open_critical": 1, "open_high": 1, "total": 4})
    );
}

#[actix_web::test]
async fn patches_close_reopen_and_store_texts_verbatim() {
    let app = fake_app().await;
    let id = file_simple(&app, "t", "low").await;
    let path = format!("/api/incidents/{id}");
    app.clock.advance(chrono::TimeDelta::minutes(5));

    let (status, resolved) = api(
        &app,
        "PATCH",
        &path,
        Some(ADMIN_A),
        Some(json!({"status": "resolved"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolved_at"], "2026-11-27T12:05:00");
    assert_eq!(resolved["resolved_by"], "user:user_a");
    assert_eq!(resolved["updated_at"], "2026-11-27T12:05:00");
    assert_eq!(resolved["evidence"], json!([]));

    app.clock.advance(chrono::TimeDelta::minutes(5));
    let (_, dismissed) = api(
        &app,
        "PATCH",
        &path,
        Some("admin:org_a:user_z"),
        Some(json!({"status": "dismissed"})),
    )
    .await;
    assert_eq!(
        dismissed["resolved_at"], "2026-11-27T12:05:00",
        "already closed: first resolver kept"
    );
    assert_eq!(dismissed["resolved_by"], "user:user_a");
    let (_, acknowledged) = api(
        &app,
        "PATCH",
        &path,
        Some(ADMIN_A),
        Some(json!({"status": "acknowledged"})),
    )
    .await;
    assert_eq!(
        acknowledged["resolved_by"], "user:user_a",
        "acknowledging keeps the stamps"
    );
    let (_, reopened) = api(
        &app,
        "PATCH",
        &path,
        Some(ADMIN_A),
        Some(json!({"status": "open"})),
    )
    .await;
    assert_eq!(
        (
            reopened["resolved_at"].clone(),
            reopened["resolved_by"].clone()
        ),
        (Value::Null, Value::Null)
    );

    let (_, texts) = api(
        &app,
        "PATCH",
        &path,
        Some(ADMIN_A),
        Some(json!({"summary": "", "report": "  full report  ", "severity": "critical", "status": null})),
    )
    .await;
    assert_eq!(texts["summary"], "");
    assert_eq!(texts["report"], "  full report  ");
    assert_eq!(texts["severity"], "critical");
    assert_eq!(texts["status"], "open");

    app.clock.advance(chrono::TimeDelta::minutes(5));
    let (_, unchanged) = api(&app, "PATCH", &path, Some(ADMIN_A), Some(json!({}))).await;
    assert_eq!(
        unchanged["updated_at"], texts["updated_at"],
        "no change, no bump"
    );

    let (status, body) = api(
        &app,
        "PATCH",
        &path,
        Some(ADMIN_A),
        Some(json!({"status": "done"})),
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({"detail": "Invalid status: done"}))
    );
    let (status, body) = api(
        &app,
        "PATCH",
        &path,
        Some(ADMIN_A),
        Some(json!({"severity": "meh"})),
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({"detail": "Invalid severity: meh"}))
    );
    let (status, body) = api(
        &app,
        "PATCH",
        "/api/incidents/999999",
        Some(ADMIN_A),
        Some(json!({"status": "open"})),
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({"detail": "Incident not found"}))
    );
}

#[actix_web::test]
async fn evidence_downloads_carry_their_content_types_and_clips_play() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let id = file_simple(&app, "t", "low").await;
    let (clip, snapshot, note) = attach_evidence(&app, id).await;

    let (_, detail) = api(
        &app,
        "GET",
        &format!("/api/incidents/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(detail["evidence_count"], 3);
    let evidence = detail["evidence"].as_array().unwrap();
    assert_eq!(evidence[0]["kind"], "clip");
    assert_eq!(evidence[0]["data_mime"], "video/mp2t;duration=2.0");
    assert_eq!(evidence[0]["has_data"], true);
    assert_eq!(evidence[0]["text"], "porch");
    assert_eq!(evidence[0]["camera_id"], CAM_A);
    assert_eq!(evidence[1]["kind"], "snapshot");
    assert_eq!(evidence[1]["text"], Value::Null);
    assert_eq!(evidence[2]["kind"], "observation");
    assert_eq!(evidence[2]["has_data"], false);
    assert_eq!(evidence[2]["incident_id"], id);

    let download = |eid: i64, suffix: &str| {
        app.client
            .get(app.url(&format!("/api/incidents/{id}/evidence/{eid}{suffix}")))
            .bearer_auth(ADMIN_A)
            .send()
    };
    let response = download(clip, "").await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "video/mp2t");
    assert_eq!(response.headers()["cache-control"], "private, max-age=300");
    let mut expected = segment_bytes(CAM_A, 1, 400);
    expected.extend(segment_bytes(CAM_A, 2, 400));
    assert_eq!(response.bytes().await.unwrap().to_vec(), expected);

    let response = download(snapshot, "").await.unwrap();
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"\xff\xd8jpeg");

    let response = download(clip, "/playlist.m3u8").await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.apple.mpegurl"
    );
    assert_eq!(response.headers()["cache-control"], "private, max-age=300");
    assert_eq!(
        response.text().await.unwrap(),
        format!(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n\
             #EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.000,\n/api/incidents/{id}/evidence/{clip}\n#EXT-X-ENDLIST\n"
        )
    );

    for (eid, suffix, detail) in [
        (note, "", "Evidence blob not found"),
        (999_999, "", "Evidence blob not found"),
        (snapshot, "/playlist.m3u8", "Clip not found"),
        (note, "/playlist.m3u8", "Clip not found"),
    ] {
        let response = download(eid, suffix).await.unwrap();
        assert_eq!(response.status(), 404);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, json!({"detail": detail}));
    }

    let other = file_simple(&app, "other", "low").await;
    let (status, body) = api(
        &app,
        "GET",
        &format!("/api/incidents/{other}/evidence/{clip}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({"detail": "Evidence blob not found"})),
        "evidence of another incident"
    );
}

#[actix_web::test]
async fn deleting_an_incident_deletes_its_evidence() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let id = file_simple(&app, "t", "low").await;
    let (clip, _, _) = attach_evidence(&app, id).await;
    let (status, _) = api(
        &app,
        "DELETE",
        &format!("/api/incidents/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let mut conn = app.sql();
    let left: i64 = incident_evidence::table
        .filter(incident_evidence::incident_id.eq(id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(left, 0);
    let (status, body) = api(
        &app,
        "GET",
        &format!("/api/incidents/{id}/evidence/{clip}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({"detail": "Incident not found"}))
    );
}

#[actix_web::test]
async fn another_org_gets_404_on_every_route() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let id = file_simple(&app, "secret", "critical").await;
    let (clip, _, _) = attach_evidence(&app, id).await;
    for (method, path, body) in [
        ("GET", format!("/api/incidents/{id}"), None),
        (
            "PATCH",
            format!("/api/incidents/{id}"),
            Some(json!({"status": "resolved"})),
        ),
        ("DELETE", format!("/api/incidents/{id}"), None),
        ("GET", format!("/api/incidents/{id}/evidence/{clip}"), None),
        (
            "GET",
            format!("/api/incidents/{id}/evidence/{clip}/playlist.m3u8"),
            None,
        ),
    ] {
        let (status, reply) = api(&app, method, &path, Some(ADMIN_B), body).await;
        assert_eq!(
            (status, reply),
            (404, json!({"detail": "Incident not found"})),
            "{method} {path}"
        );
    }
    let (_, list) = api(&app, "GET", "/api/incidents", Some(ADMIN_B), None).await;
    assert_eq!(
        (list["total"].clone(), list["incidents"].clone()),
        (json!(0), json!([]))
    );
    let (_, counts) = api(&app, "GET", "/api/incidents/counts", Some(ADMIN_B), None).await;
    assert_eq!(
        counts,
        json!({"open": 0, "open_critical": 0, "open_high": 0, "total": 0})
    );
    let (_, still) = api(
        &app,
        "GET",
        &format!("/api/incidents/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (still["status"].clone(), still["evidence_count"].clone()),
        (json!("open"), json!(3))
    );
}

#[actix_web::test]
async fn members_are_refused_on_every_route() {
    let app = fake_app().await;
    let id = file_simple(&app, "t", "low").await;
    for (method, path, body) in [
        (
            "POST",
            "/api/incidents".to_owned(),
            Some(json!({"title": "t", "summary": "s"})),
        ),
        ("GET", "/api/incidents".to_owned(), None),
        ("GET", "/api/incidents/counts".to_owned(), None),
        ("GET", format!("/api/incidents/{id}"), None),
        (
            "PATCH",
            format!("/api/incidents/{id}"),
            Some(json!({"status": "resolved"})),
        ),
        ("DELETE", format!("/api/incidents/{id}"), None),
        ("GET", format!("/api/incidents/{id}/evidence/1"), None),
        (
            "GET",
            format!("/api/incidents/{id}/evidence/1/playlist.m3u8"),
            None,
        ),
    ] {
        let (status, reply) = api(&app, method, &path, Some(MEMBER_A), body).await;
        assert_eq!(
            (status, reply),
            (403, json!({"detail": "Admin permission required"})),
            "{method} {path}"
        );
    }
    let (status, _) = api(&app, "GET", "/api/incidents", None, None).await;
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn filing_is_rate_limited_at_sixty_a_minute() {
    let app = fake_app().await;
    for n in 0..60 {
        let (status, _) = api(
            &app,
            "POST",
            "/api/incidents",
            Some(ADMIN_A),
            Some(json!({"title": format!("t{n}"), "summary": "s"})),
        )
        .await;
        assert_eq!(status, 201);
    }
    let (status, body) = api(
        &app,
        "POST",
        "/api/incidents",
        Some(ADMIN_A),
        Some(json!({"title": "t", "summary": "s"})),
    )
    .await;
    assert_eq!(status, 429);
    assert_eq!(body["limit"], "60 per 1 minute");
}

/// Retitling (ours): trimmed and cut like filing, blank refused without touching the row.
#[actix_web::test]
async fn an_incident_is_retitled_with_the_filing_rules() {
    let app = fake_app().await;
    let id = file_simple(&app, "Gate", "low").await;
    let path = format!("/api/incidents/{id}");
    let patch = |body: Value| api(&app, "PATCH", &path, Some(ADMIN_A), Some(body));

    let (status, retitled) = patch(json!({"title": "  Gate left open  "})).await;
    assert_eq!(status, 200, "{retitled}");
    assert_eq!(retitled["title"], "Gate left open");
    assert_eq!(
        retitled["summary"], "details",
        "other fields keep their values"
    );

    let (status, body) = patch(json!({"title": "   ", "summary": "lost?"})).await;
    assert_eq!(status, 400, "{body}");
    let (_, read) = api(&app, "GET", &path, Some(ADMIN_A), None).await;
    assert_eq!(read["title"], "Gate left open");
    assert_eq!(read["summary"], "details", "a refused patch writes nothing");

    let (status, long) = patch(json!({"title": "é".repeat(250)})).await;
    assert_eq!(status, 200);
    assert_eq!(long["title"].as_str().unwrap().chars().count(), 200);
    let (status, _) = api(
        &app,
        "PATCH",
        &path,
        Some(ADMIN_B),
        Some(json!({"title": "B"})),
    )
    .await;
    assert_eq!(status, 404);
    app.stop().await;
}
