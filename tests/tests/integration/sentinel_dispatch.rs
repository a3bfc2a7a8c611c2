//! Dispatch from notifications end to end (a human incident, a motion report) through the
//! background dispatcher, and every gate called directly on the service with the reason
//! it gives.

use crate::live_common::{CAM_A, CAM_A2, KEY_A, now, seed_two_orgs, set_plan};
use crate::nodes_common::{ADMIN_A, api};
use crate::sentinel_common::*;
use chrono::TimeDelta;
use sentinel_application::incidents::{Author, IncidentDraft};
use sentinel_application::sentinel::DispatchResult;
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::{Audience, NotificationContent, NotificationKind, Severity};
use sentinel_domain::sentinel::DispatchRefusal;
use sentinel_ports::driven::notification_events::NotificationCreated;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::time::Duration;

/// A pro org with a config row (dispatch never creates one).
async fn configured_app(env: &[(&str, &str)]) -> TestApp {
    let app = sentinel_app(env).await;
    seed_two_orgs(&app);
    set_plan(&app, "org_a", "pro");
    let (status, _) = api(&app, "GET", "/api/sentinel/config", Some(ADMIN_A), None).await;
    assert_eq!(status, 200);
    app
}

async fn patch(app: &TestApp, body: Value) {
    let (status, reply) = api(
        app,
        "PATCH",
        "/api/sentinel/config",
        Some(ADMIN_A),
        Some(body),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
}

fn notification(
    app: &TestApp,
    org: &str,
    kind: NotificationKind,
    camera: Option<&str>,
    meta: Option<Value>,
) -> NotificationCreated {
    NotificationCreated {
        id: None,
        org: OrgId::new(org),
        content: NotificationContent {
            kind,
            audience: Audience::All,
            title: "t".into(),
            body: String::new(),
            severity: Severity::Info,
            link: None,
            camera_id: camera.map(str::to_owned),
            node_id: None,
            meta,
        },
        created_at: now(app),
    }
}

async fn dispatch(app: &TestApp, n: NotificationCreated) -> DispatchResult {
    let service = app.state.sentinel.clone();
    tokio::task::spawn_blocking(move || service.dispatch_for_notification(&n))
        .await
        .unwrap()
        .unwrap()
}

async fn refusal(app: &TestApp, n: NotificationCreated) -> String {
    match dispatch(app, n).await {
        DispatchResult::Refused(reason) => reason.to_string(),
        DispatchResult::Dispatched(run) => panic!("dispatched {run:?}"),
    }
}

async fn post_motion(app: &TestApp, camera: &str) {
    let response = app
        .client
        .post(app.url(&format!("/api/cameras/{camera}/motion")))
        .header("x-node-api-key", KEY_A)
        .json(&json!({"score": 80}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn a_human_incident_dispatches_but_an_agent_incident_does_not() {
    let receiver = WakeupReceiver::start();
    let app = configured_app(&[("SENTINEL_AGENT_WEBHOOK_URL", &receiver.url)]).await;
    let (status, _) = api(
        &app,
        "POST",
        "/api/incidents",
        Some(ADMIN_A),
        Some(json!({"title": "Break-in", "summary": "s", "camera_id": CAM_A})),
    )
    .await;
    assert_eq!(status, 201);
    let runs = wait_for_runs(&app, "org_a", 1).await;
    assert_eq!(
        runs,
        [(
            "incident_opened".to_owned(),
            "pending".to_owned(),
            Some(CAM_A.to_owned())
        )]
    );
    assert_eq!(receiver.wait_for(1).await.len(), 1, "the agent is woken");

    let incidents = app.state.use_cases.incidents.clone();
    let at = now(&app);
    tokio::task::spawn_blocking(move || {
        let draft = IncidentDraft {
            title: "By the agent".into(),
            summary: "s".into(),
            severity: None,
            camera_id: None,
        };
        incidents
            .create_incident(&OrgId::new("org_a"), &draft, &Author::sentinel_agent(), at)
            .unwrap();
    })
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(runs_of(&app, "org_a").len(), 1, "the feedback guard held");
}

#[actix_web::test]
async fn motion_dispatches_once_per_camera_per_cooldown() {
    let app = configured_app(&[]).await;
    post_motion(&app, CAM_A).await;
    assert_eq!(wait_for_runs(&app, "org_a", 1).await[0].0, "motion");
    post_motion(&app, CAM_A).await;
    post_motion(&app, CAM_A2).await;
    let runs = wait_for_runs(&app, "org_a", 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let runs_after = runs_of(&app, "org_a");
    assert_eq!(runs_after.len(), 2, "{runs:?}");
    assert_eq!(runs_after[1].2.as_deref(), Some(CAM_A2));
    // Exactly five minutes later a run still counts (`>=`); a second later it does not.
    app.clock
        .advance(TimeDelta::minutes(5) + TimeDelta::seconds(1));
    post_motion(&app, CAM_A).await;
    assert_eq!(
        wait_for_runs(&app, "org_a", 3).await.len(),
        3,
        "the cooldown ended"
    );
}

#[actix_web::test]
async fn gates_refuse_in_order_with_their_reasons() {
    let app = configured_app(&[]).await;
    let motion = |cam: &str| notification(&app, "org_a", NotificationKind::Motion, Some(cam), None);

    assert_eq!(
        refusal(
            &app,
            notification(&app, "org_b", NotificationKind::Motion, None, None)
        )
        .await,
        DispatchRefusal::NoConfig.to_string()
    );
    assert_eq!(
        refusal(
            &app,
            notification(
                &app,
                "org_a",
                NotificationKind::CameraOffline,
                Some("c"),
                None
            )
        )
        .await,
        "kind_not_a_sentinel_trigger"
    );
    let unknown = NotificationKind::parse("kind_of_a_newer_version");
    assert_eq!(
        refusal(&app, notification(&app, "org_a", unknown, Some("c"), None)).await,
        "kind_not_a_sentinel_trigger"
    );
    assert_eq!(
        refusal(
            &app,
            notification(
                &app,
                "org_a",
                NotificationKind::IncidentCreated,
                None,
                Some(json!({"incident_id": 1, "created_by": "mcp"}))
            )
        )
        .await,
        DispatchRefusal::FeedbackLoop.to_string()
    );

    patch(&app, json!({"camera_scope": {"cam-off": false}})).await;
    assert_eq!(
        refusal(&app, motion("cam-off")).await,
        "camera_out_of_scope"
    );

    patch(&app, json!({"motion_enabled": false})).await;
    assert!(refusal(&app, motion("c1")).await.contains("motion_enabled"));
    patch(
        &app,
        json!({"motion_enabled": true, "schedule_mode": "off"}),
    )
    .await;
    assert_eq!(refusal(&app, motion("c1")).await, "outside_schedule");
    // 12:00 UTC on a Friday is 21:00 in Tokyo: an evening window admits only there.
    patch(&app, json!({"schedule_mode": "scheduled", "schedule_start": "20:00", "schedule_end": "23:00", "active_days": ["fri"]})).await;
    assert_eq!(refusal(&app, motion("c1")).await, "outside_schedule");
    crate::nodes_common::set_setting(&app, "org_a", "timezone", "Asia/Tokyo");
    assert!(matches!(
        dispatch(&app, motion("c1")).await,
        DispatchResult::Dispatched(_)
    ));
    patch(&app, json!({"active_days": ["sat"]})).await;
    assert_eq!(
        refusal(&app, motion("c2")).await,
        "outside_schedule",
        "not an active day"
    );
}

#[actix_web::test]
async fn plan_enabled_and_cap_gates() {
    let app = configured_app(&[]).await;
    let motion = || notification(&app, "org_a", NotificationKind::Motion, Some("c1"), None);
    patch(&app, json!({"enabled": false})).await;
    assert_eq!(refusal(&app, motion()).await, "sentinel_disabled");
    patch(&app, json!({"enabled": true})).await;
    set_plan(&app, "org_a", "free_org");
    assert_eq!(refusal(&app, motion()).await, "plan_not_eligible");
    set_plan(&app, "org_a", "pro");
    seed_runs(&app, "org_a", 100);
    assert_eq!(refusal(&app, motion()).await, "monthly_cap_reached");
    set_plan(&app, "org_a", "pro_plus");
    match dispatch(&app, motion()).await {
        DispatchResult::Dispatched(run) => {
            assert_eq!(
                (
                    run.trigger_type.as_str(),
                    run.outcome.as_str(),
                    run.camera_id.as_deref()
                ),
                ("motion", "pending", Some("c1"))
            );
            assert_eq!(run.id.len(), 32);
        }
        other => panic!("{other:?}"),
    }
}

#[actix_web::test]
async fn fleet_switches_refuse_first() {
    let off = configured_app(&[("SENTINEL_DISPATCH_ENABLED", "false")]).await;
    let reason = refusal(
        &off,
        notification(&off, "org_a", NotificationKind::Motion, Some("c1"), None),
    )
    .await;
    assert!(reason.contains("kill-switch"), "{reason}");

    let capped = configured_app(&[("SENTINEL_GLOBAL_MONTHLY_RUN_CAP", "3")]).await;
    seed_runs(&capped, "org_b", 3);
    let reason = refusal(
        &capped,
        notification(&capped, "org_a", NotificationKind::Motion, Some("c1"), None),
    )
    .await;
    assert!(reason.contains("global monthly run cap"), "{reason}");
}

#[actix_web::test]
async fn incident_notifications_follow_their_own_switch() {
    let app = configured_app(&[]).await;
    let opened = || {
        notification(
            &app,
            "org_a",
            NotificationKind::IncidentCreated,
            Some("c1"),
            Some(json!({"incident_id": 1, "severity": "high"})),
        )
    };
    patch(&app, json!({"incident_opened_enabled": false})).await;
    assert!(
        refusal(&app, opened())
            .await
            .contains("incident_opened_enabled")
    );
    patch(
        &app,
        json!({"incident_opened_enabled": true, "motion_cooldown_min": 60}),
    )
    .await;
    let first = dispatch(&app, opened()).await;
    let second = dispatch(&app, opened()).await;
    assert!(
        matches!(first, DispatchResult::Dispatched(ref r) if r.trigger_type == "incident_opened")
    );
    assert!(
        matches!(second, DispatchResult::Dispatched(_)),
        "the cooldown applies to motion only"
    );
}
