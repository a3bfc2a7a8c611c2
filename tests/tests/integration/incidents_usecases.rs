//! The incident use cases as the MCP tools call them (mcp.md §4.2), against the real
//! store: the `mcp:` labels, the notification marker that keeps Sentinel away, the daily
//! cap (MCP only), the MCP text rules, finalising once, and cutting clips from the live
//! cache.

use crate::live_common::{
    CAM_A, CAM_A2, CAM_B, KEY_A, now, push_segment, seed_two_orgs, segment_bytes, segment_name,
};
use crate::nodes_common::{ADMIN_A, api, fake_app};
use chrono::TimeDelta;
use diesel::prelude::*;
use sentinel_application::incidents::{self, Author, IncidentDraft, IncidentError, IncidentPatch};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::incidents::{NewIncident, Severity, Status, TextError};
use sentinel_sql_common::schema::notifications;
use sentinel_tests::TestApp;
use serde_json::{Value, json};

fn org_a() -> OrgId {
    OrgId::new("org_a")
}

fn draft(summary: &str) -> IncidentDraft {
    IncidentDraft {
        title: "Intruder".into(),
        summary: summary.into(),
        severity: Some("high".into()),
        camera_id: None,
    }
}

fn mcp_file(app: &TestApp, author: &Author) -> Result<incidents::IncidentDetail, IncidentError> {
    app.state.use_cases.incidents.create_incident(
        &org_a(),
        &draft("seen at the gate"),
        author,
        now(app),
    )
}

#[actix_web::test]
async fn mcp_incidents_are_labelled_and_marked_for_sentinel() {
    let app = fake_app().await;
    let filed = mcp_file(&app, &Author::Mcp("Claude".into())).unwrap();
    assert_eq!(filed.incident.created_by, "mcp:Claude");
    let agent = mcp_file(&app, &Author::sentinel_agent()).unwrap();
    assert_eq!(agent.incident.created_by, "mcp:<sentinel-agent>");
    let mut conn = app.sql();
    let metas: Vec<Option<String>> = notifications::table
        .filter(notifications::kind.eq("incident_created"))
        .order(notifications::id.asc())
        .select(notifications::meta_json)
        .load(&mut conn)
        .unwrap();
    let meta: Value = serde_json::from_str(metas[0].as_deref().unwrap()).unwrap();
    assert_eq!(
        meta,
        json!({"incident_id": filed.incident.id, "severity": "high", "created_by": "mcp"})
    );
}

#[actix_web::test]
async fn the_daily_cap_binds_mcp_only_and_resets_at_midnight() {
    let app = fake_app().await;
    let repos = app.state.repos.clone();
    for n in 0..200 {
        repos
            .incidents
            .create(
                &org_a(),
                &NewIncident {
                    camera_id: None,
                    title: format!("t{n}"),
                    summary: "s".into(),
                    severity: Severity::Low,
                    created_by: "user:u".into(),
                },
                now(&app),
            )
            .unwrap();
    }
    let error = mcp_file(&app, &Author::Mcp("k".into())).unwrap_err();
    assert_eq!(error, IncidentError::DailyCapReached);
    assert!(
        error
            .to_string()
            .starts_with("Daily incident-creation cap reached (200/day).")
    );
    let (status, _) = api(
        &app,
        "POST",
        "/api/incidents",
        Some(ADMIN_A),
        Some(json!({"title": "t", "summary": "s"})),
    )
    .await;
    assert_eq!(status, 201, "humans have no daily cap");
    let other_org = app.state.use_cases.incidents.create_incident(
        &OrgId::new("org_b"),
        &draft("s"),
        &Author::Mcp("k".into()),
        now(&app),
    );
    assert!(other_org.is_ok(), "the cap is per org");
    app.clock.advance(TimeDelta::hours(12));
    assert!(
        mcp_file(&app, &Author::Mcp("k".into())).is_ok(),
        "a new UTC day"
    );
}

#[actix_web::test]
async fn mcp_text_rules_apply_to_mcp_authors_only() {
    let app = fake_app().await;
    let mcp = Author::Mcp("k".into());
    let long = "x".repeat(2001);
    let error = app
        .state
        .use_cases
        .incidents
        .create_incident(&org_a(), &draft(&long), &mcp, now(&app))
        .unwrap_err();
    assert_eq!(error, IncidentError::Text(TextError::SummaryTooLong(2001)));

    let id = mcp_file(&app, &mcp).unwrap().incident.id;
    let patch = |summary: &str, report: &str| IncidentPatch {
        status: Some("resolved".into()),
        summary: Some(summary.into()),
        report: Some(report.into()),
        ..IncidentPatch::default()
    };
    let error = app
        .state
        .use_cases
        .incidents
        .update_incident(&org_a(), id, &patch(" ", "r"), &mcp, now(&app))
        .unwrap_err();
    assert_eq!(error, IncidentError::Text(TextError::SummaryRequired));
    assert_eq!(
        app.state
            .use_cases
            .incidents
            .get_incident(&org_a(), id)
            .unwrap()
            .incident
            .status,
        Status::Open,
        "a failed update writes nothing"
    );
    let updated = app
        .state
        .use_cases
        .incidents
        .update_incident(&org_a(), id, &patch(" short ", " body "), &mcp, now(&app))
        .unwrap();
    assert_eq!(updated.incident.summary, "short");
    assert_eq!(updated.incident.report.as_deref(), Some("body"));
    assert_eq!(updated.incident.resolved_by.as_deref(), Some("mcp:k"));
}

#[actix_web::test]
async fn a_report_is_finalised_once() {
    let app = fake_app().await;
    let id = mcp_file(&app, &Author::Mcp("k".into()))
        .unwrap()
        .incident
        .id;
    let finalised = app
        .state
        .use_cases
        .incidents
        .finalize_incident(&org_a(), id, "  the report ", now(&app))
        .unwrap();
    assert_eq!(finalised.incident.report.as_deref(), Some("the report"));
    let error = app
        .state
        .use_cases
        .incidents
        .finalize_incident(&org_a(), id, "again", now(&app))
        .unwrap_err();
    assert_eq!(error, IncidentError::AlreadyHasReport(id));
    assert_eq!(
        error.to_string(),
        format!(
            "Incident {id} already has a report. Use update_incident with the full revised text to change it."
        )
    );
    let error = app
        .state
        .use_cases
        .incidents
        .finalize_incident(&OrgId::new("org_b"), id, "r", now(&app))
        .unwrap_err();
    assert_eq!(error, IncidentError::IncidentNotFound(id));
}

#[actix_web::test]
async fn clips_need_live_segments_of_an_org_camera() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let repos = app.state.repos.clone();
    let id = mcp_file(&app, &Author::Mcp("k".into()))
        .unwrap()
        .incident
        .id;
    let attach = |camera: &str, seconds: i64| {
        app.state.use_cases.incidents.attach_clip(
            app.state.live.as_ref(),
            &org_a(),
            id,
            &CameraId::new(camera),
            seconds,
            None,
            now(&app),
        )
    };
    let error = attach(CAM_A2, 15).unwrap_err();
    assert_eq!(error, IncidentError::NoBufferedSegments(CAM_A2.into()));
    assert!(
        error
            .to_string()
            .starts_with(&format!("No buffered segments for camera '{CAM_A2}'."))
    );
    assert_eq!(
        attach(CAM_B, 15).unwrap_err(),
        IncidentError::CameraNotFound(CAM_B.into())
    );

    for sequence in 1..=5 {
        let response = push_segment(
            &app,
            KEY_A,
            CAM_A,
            &segment_name(sequence),
            segment_bytes(CAM_A, sequence, 100),
        )
        .await;
        assert_eq!(response.status(), 200);
    }
    let clip = attach(CAM_A, 3).unwrap();
    assert_eq!(
        (clip.segment_count, clip.bytes, clip.truncated),
        (3, 300, false)
    );
    assert_eq!(
        clip.evidence.data_mime.as_deref(),
        Some("video/mp2t;duration=3.0")
    );
    assert_eq!(clip.approx_duration_seconds, 3.0);
    let blob = repos
        .incidents
        .evidence_blob(&org_a(), id, clip.evidence.id)
        .unwrap()
        .unwrap();
    let mut newest_three = Vec::new();
    for sequence in 3..=5 {
        newest_three.extend(segment_bytes(CAM_A, sequence, 100));
    }
    assert_eq!(blob.data, newest_three, "the newest segments, oldest first");

    let whole = attach(CAM_A, 60).unwrap();
    assert_eq!(whole.segment_count, 5, "as many as are cached");
}

#[actix_web::test]
async fn snapshots_and_clips_read_back_for_the_mcp_tools() {
    let app = fake_app().await;
    seed_two_orgs(&app);
    let id = mcp_file(&app, &Author::Mcp("k".into()))
        .unwrap()
        .incident
        .id;
    let camera = CameraId::new(CAM_A);
    let snapshot = app
        .state
        .use_cases
        .incidents
        .attach_snapshot(
            &org_a(),
            id,
            &camera,
            b"\xff\xd8img".to_vec(),
            Some("  door  "),
            now(&app),
        )
        .unwrap();
    assert_eq!(snapshot.text.as_deref(), Some("door"));
    assert_eq!(snapshot.data_mime.as_deref(), Some("image/jpeg"));
    let note = app
        .state
        .use_cases
        .incidents
        .add_observation(&org_a(), id, "  seen  ", Some(CAM_A), now(&app))
        .unwrap();
    assert_eq!(note.text.as_deref(), Some("seen"));
    assert_eq!(
        app.state
            .use_cases
            .incidents
            .add_observation(&org_a(), id, "x", Some(CAM_B), now(&app))
            .unwrap_err(),
        IncidentError::CameraNotInOrg(CAM_B.into())
    );

    let image = app
        .state
        .use_cases
        .incidents
        .incident_snapshot(&org_a(), id, snapshot.id)
        .unwrap();
    assert_eq!(
        (image.data.as_slice(), image.format),
        (&b"\xff\xd8img"[..], "jpeg")
    );
    assert_eq!(
        app.state
            .use_cases
            .incidents
            .incident_snapshot(&org_a(), id, note.id)
            .unwrap_err()
            .to_string(),
        format!(
            "Evidence {} is not a snapshot with attached image data",
            note.id
        )
    );
    assert_eq!(
        app.state
            .use_cases
            .incidents
            .incident_snapshot(&org_a(), id, 999_999)
            .unwrap_err()
            .to_string(),
        format!("Evidence 999999 not found on incident {id}")
    );
    assert_eq!(
        app.state
            .use_cases
            .incidents
            .incident_snapshot(&OrgId::new("org_b"), id, snapshot.id)
            .unwrap_err(),
        IncidentError::IncidentNotFound(id)
    );

    for sequence in 1..=2 {
        push_segment(
            &app,
            KEY_A,
            CAM_A,
            &segment_name(sequence),
            segment_bytes(CAM_A, sequence, 50),
        )
        .await;
    }
    let clip = app
        .state
        .use_cases
        .incidents
        .attach_clip(
            app.state.live.as_ref(),
            &org_a(),
            id,
            &camera,
            2,
            None,
            now(&app),
        )
        .unwrap();
    let info = app
        .state
        .use_cases
        .incidents
        .incident_clip_info(&org_a(), id, clip.evidence.id)
        .unwrap();
    assert_eq!(info.mime, "video/mp2t");
    assert_eq!(info.approx_duration_seconds, Some(2.0));
    assert_eq!(info.bytes, 100);
    assert_eq!(info.evidence.kind, "clip");
    assert_eq!(
        app.state
            .use_cases
            .incidents
            .incident_clip_info(&org_a(), id, snapshot.id)
            .unwrap_err()
            .to_string(),
        format!(
            "Evidence {} is not a clip with attached video data",
            snapshot.id
        )
    );
    let detail = app
        .state
        .use_cases
        .incidents
        .get_incident(&org_a(), id)
        .unwrap();
    assert_eq!(detail.incident.evidence_count, 3);
    assert_eq!(detail.evidence.len(), 3);
}
