//! The agent's service endpoints over real HTTP (key auth, pending across orgs, claiming,
//! completing) and the reaper driven by the manual clock.

use crate::live_common::now;
use crate::nodes_common::{ADMIN_A, api};
use crate::sentinel_common::*;
use chrono::TimeDelta;
use sentinel_tests::TestApp;
use serde_json::{Value, json};

async fn agent(
    app: &TestApp,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app.client.request(method, app.url(path));
    if let Some(key) = key {
        request = request.header("X-Sentinel-Agent-Key", key);
    }
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

fn run_row(app: &TestApp, id: &str) -> sentinel_domain::sentinel::SentinelRun {
    app.state
        .repos
        .sentinel_runs
        .get_any_org(id)
        .unwrap()
        .unwrap()
}

#[actix_web::test]
async fn every_agent_route_needs_the_key() {
    let app = sentinel_app(&[]).await;
    let id = seed_run(&app, "org_a", "manual", "pending", now(&app), None);
    let routes = [
        ("GET", "/api/sentinel/runs/pending".to_owned(), None),
        ("POST", format!("/api/sentinel/runs/{id}/start"), None),
        (
            "POST",
            format!("/api/sentinel/runs/{id}/complete"),
            Some(json!({"outcome": "no_action"})),
        ),
    ];
    for (method, path, body) in &routes {
        for key in [
            None,
            Some("wrong"),
            Some("agent-secret-012345678"),
            Some(ADMIN_A),
        ] {
            let (status, reply) = agent(&app, method, path, key, body.clone()).await;
            assert_eq!(
                (status, reply),
                (401, json!({"detail": "invalid agent key"})),
                "{method} {path} {key:?}"
            );
        }
    }
    assert_eq!(run_row(&app, &id).outcome, "pending", "nothing happened");

    let unconfigured = TestApp::builder()
        .identity(std::sync::Arc::new(sentinel_tests::FakeIdentity))
        .start()
        .await;
    for (method, path, body) in &routes {
        let (status, reply) = agent(&unconfigured, method, path, Some(""), body.clone()).await;
        assert_eq!(
            (status, reply),
            (401, json!({"detail": "agent auth not configured"})),
            "{method} {path}"
        );
    }
}

#[actix_web::test]
async fn pending_runs_come_from_every_org_oldest_first() {
    let app = sentinel_app(&[]).await;
    let t = now(&app);
    let newer = seed_run(
        &app,
        "org_a",
        "motion",
        "pending",
        t - TimeDelta::minutes(1),
        Some("cam1"),
    );
    let older = seed_run(
        &app,
        "org_b",
        "manual",
        "pending",
        t - TimeDelta::minutes(5),
        None,
    );
    seed_run(
        &app,
        "org_a",
        "motion",
        "running",
        t - TimeDelta::minutes(9),
        None,
    );
    seed_run(
        &app,
        "org_a",
        "motion",
        "no_action",
        t - TimeDelta::minutes(9),
        None,
    );
    let (status, body) = agent(
        &app,
        "GET",
        "/api/sentinel/runs/pending",
        Some(AGENT_KEY),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let runs = body["runs"].as_array().unwrap();
    let ids: Vec<&str> = runs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [older.as_str(), newer.as_str()]);
    assert_eq!(runs[0]["org_id"], "org_b");
    assert_eq!(runs[1]["org_id"], "org_a");
    assert_eq!(runs[1]["camera_id"], "cam1");
    assert!(runs[0].get("tool_trace").is_none());
    let (_, one) = agent(
        &app,
        "GET",
        "/api/sentinel/runs/pending?limit=1",
        Some(AGENT_KEY),
        None,
    )
    .await;
    assert_eq!(one["runs"].as_array().unwrap().len(), 1);
    for bad in ["limit=0", "limit=101"] {
        let (status, _) = agent(
            &app,
            "GET",
            &format!("/api/sentinel/runs/pending?{bad}"),
            Some(AGENT_KEY),
            None,
        )
        .await;
        assert_eq!(status, 422, "{bad}");
    }
}

#[actix_web::test]
async fn starting_claims_a_pending_run_once() {
    let app = sentinel_app(&[]).await;
    let id = seed_run(&app, "org_a", "manual", "pending", now(&app), None);
    app.clock.advance(TimeDelta::seconds(30));
    let path = format!("/api/sentinel/runs/{id}/start");
    let (status, first) = agent(&app, "POST", &path, Some(AGENT_KEY), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (first["claimed"].clone(), first["outcome"].clone()),
        (json!(true), json!("running"))
    );
    assert_eq!(first["started_at"], "2026-11-27T12:00:30");
    app.clock.advance(TimeDelta::seconds(30));
    let (status, second) = agent(&app, "POST", &path, Some(AGENT_KEY), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (second["claimed"].clone(), second["outcome"].clone()),
        (json!(false), json!("running"))
    );
    assert_eq!(second["started_at"], "2026-11-27T12:00:30", "unchanged");
    let (status, body) = agent(
        &app,
        "POST",
        "/api/sentinel/runs/nope/start",
        Some(AGENT_KEY),
        None,
    )
    .await;
    assert_eq!((status, body), (404, json!({"detail": "run not found"})));
}

#[actix_web::test]
async fn completing_records_the_result_once() {
    let app = sentinel_app(&[]).await;
    let id = seed_run(&app, "org_a", "motion", "pending", now(&app), Some("cam1"));
    let incident = crate::nodes_common::api(
        &app,
        "POST",
        "/api/incidents",
        Some(ADMIN_A),
        Some(json!({"title": "Intruder", "summary": "s"})),
    )
    .await
    .1["id"]
        .as_i64()
        .unwrap();
    app.clock.advance(TimeDelta::minutes(2));
    let path = format!("/api/sentinel/runs/{id}/complete");
    let trace: Vec<Value> = (0..55)
        .map(|i| json!({"tool": "view_camera", "args": {"camera_id": "cam1", "i": i}, "result": "r".repeat(1200)}))
        .collect();
    let (status, done) = agent(
        &app,
        "POST",
        &path,
        Some(AGENT_KEY),
        Some(json!({"outcome": "incident", "severity": "high", "incident_id": incident, "summary": "Person at the door", "tool_call_count": 4, "tool_trace": trace})),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["outcome"], "incident");
    assert_eq!(done["severity"], "high");
    assert_eq!(done["incident_id"], incident);
    assert_eq!(done["summary"], "Person at the door");
    assert_eq!(done["tool_call_count"], 4);
    assert_eq!(done["completed_at"], "2026-11-27T12:02:00");
    assert_eq!(
        done["started_at"], "2026-11-27T12:02:00",
        "backfilled for a run completed straight from pending"
    );
    let stored_trace = done["tool_trace"].as_array().unwrap();
    assert_eq!(stored_trace.len(), 50);
    assert_eq!(stored_trace[0]["args"]["i"], 5);
    assert_eq!(
        stored_trace[0]["result"].as_str().unwrap().chars().count(),
        1001
    );

    let (status, again) = agent(
        &app,
        "POST",
        &path,
        Some(AGENT_KEY),
        Some(json!({"outcome": "no_action", "summary": "changed my mind"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        (again["outcome"].clone(), again["summary"].clone()),
        (json!("incident"), json!("Person at the door"))
    );
    assert_eq!(again["tool_trace"].as_array().unwrap().len(), 50);

    let (status, detail) = api(
        &app,
        "GET",
        &format!("/api/sentinel/runs/{id}"),
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (status, detail["outcome"].clone()),
        (200, json!("incident"))
    );
}

#[actix_web::test]
async fn an_error_may_be_upgraded_but_not_repeated() {
    let app = sentinel_app(&[]).await;
    let id = seed_run(&app, "org_a", "motion", "running", now(&app), None);
    let path = format!("/api/sentinel/runs/{id}/complete");
    let (_, failed) = agent(
        &app,
        "POST",
        &path,
        Some(AGENT_KEY),
        Some(json!({"outcome": "error", "summary": "timeout", "tool_call_count": -2})),
    )
    .await;
    assert_eq!(
        (failed["outcome"].clone(), failed["tool_call_count"].clone()),
        (json!("error"), json!(0))
    );
    let (_, same) = agent(
        &app,
        "POST",
        &path,
        Some(AGENT_KEY),
        Some(json!({"outcome": "error", "summary": "again"})),
    )
    .await;
    assert_eq!(same["summary"], "timeout");
    let (_, upgraded) = agent(
        &app,
        "POST",
        &path,
        Some(AGENT_KEY),
        Some(json!({"outcome": "no_action", "summary": "all quiet", "severity": "high"})),
    )
    .await;
    assert_eq!(
        (
            upgraded["outcome"].clone(),
            upgraded["summary"].clone(),
            upgraded["severity"].clone()
        ),
        (json!("no_action"), json!("all quiet"), Value::Null)
    );
}

#[actix_web::test]
async fn bad_completions_are_refused() {
    let app = sentinel_app(&[]).await;
    let id = seed_run(&app, "org_a", "motion", "running", now(&app), None);
    let foreign = crate::nodes_common::api(
        &app,
        "POST",
        "/api/incidents",
        Some(crate::nodes_common::ADMIN_B),
        Some(json!({"title": "theirs", "summary": "s"})),
    )
    .await
    .1["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/sentinel/runs/{id}/complete");
    for (body, detail) in [
        (json!({"outcome": "done"}), "invalid outcome: 'done'"),
        (json!({"outcome": "pending"}), "invalid outcome: 'pending'"),
        (
            json!({"outcome": "incident"}),
            "severity required for outcome=incident",
        ),
        (
            json!({"outcome": "incident", "severity": "extreme"}),
            "severity required for outcome=incident",
        ),
    ] {
        let (status, reply) = agent(&app, "POST", &path, Some(AGENT_KEY), Some(body.clone())).await;
        assert_eq!((status, reply), (400, json!({"detail": detail})), "{body}");
    }
    let (status, reply) = agent(
        &app,
        "POST",
        &path,
        Some(AGENT_KEY),
        Some(json!({"outcome": "incident", "severity": "low", "incident_id": foreign})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        reply["detail"]
            .as_str()
            .unwrap()
            .contains("does not belong")
    );
    let (status, _) = agent(
        &app,
        "POST",
        &path,
        Some(AGENT_KEY),
        Some(json!({"outcome": "no_action", "summary": "s".repeat(8001)})),
    )
    .await;
    assert_eq!(status, 422);
    let (status, reply) = agent(
        &app,
        "POST",
        "/api/sentinel/runs/missing/complete",
        Some(AGENT_KEY),
        Some(json!({"outcome": "no_action"})),
    )
    .await;
    assert_eq!((status, reply), (404, json!({"detail": "run not found"})));
    assert_eq!(run_row(&app, &id).outcome, "running");
}

#[actix_web::test]
async fn the_reaper_fails_stranded_and_abandoned_runs_only() {
    let receiver = WakeupReceiver::start();
    let app = sentinel_app(&[("SENTINEL_AGENT_WEBHOOK_URL", &receiver.url)]).await;
    let t = now(&app);
    let stranded = seed_run(
        &app,
        "org_a",
        "motion",
        "running",
        t - TimeDelta::minutes(30),
        None,
    );
    set_outcome(&app, &stranded, "running", Some(t - TimeDelta::minutes(21)));
    let recent = seed_run(
        &app,
        "org_b",
        "motion",
        "running",
        t - TimeDelta::minutes(30),
        None,
    );
    set_outcome(&app, &recent, "running", Some(t - TimeDelta::minutes(19)));
    let finished = seed_run(
        &app,
        "org_a",
        "motion",
        "no_action",
        t - TimeDelta::hours(9),
        None,
    );
    let abandoned = seed_run(
        &app,
        "org_a",
        "manual",
        "pending",
        t - TimeDelta::hours(7),
        None,
    );
    let waiting = seed_run(
        &app,
        "org_b",
        "manual",
        "pending",
        t - TimeDelta::minutes(3),
        None,
    );

    let service = app.state.sentinel.clone();
    let report = tokio::task::spawn_blocking(move || service.reap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.stranded, std::slice::from_ref(&stranded));
    assert_eq!(report.abandoned, std::slice::from_ref(&abandoned));
    assert!(report.woke_agent);

    let reaped = run_row(&app, &stranded);
    assert_eq!(reaped.outcome, "error");
    assert_eq!(reaped.completed_at, Some(t));
    assert!(reaped.summary.as_deref().unwrap().contains("stranded"));
    let gone = run_row(&app, &abandoned);
    assert_eq!(
        (gone.outcome.as_str(), gone.completed_at),
        ("error", Some(t))
    );
    assert!(gone.summary.as_deref().unwrap().contains("abandoned"));
    assert_eq!(run_row(&app, &recent).outcome, "running");
    assert_eq!(run_row(&app, &finished).outcome, "no_action");
    assert_eq!(run_row(&app, &waiting).outcome, "pending");
    assert_eq!(
        receiver.wait_for(1).await.len(),
        1,
        "an old pending run wakes the agent"
    );

    let service = app.state.sentinel.clone();
    let quiet = tokio::task::spawn_blocking(move || service.reap())
        .await
        .unwrap()
        .unwrap();
    assert!(quiet.stranded.is_empty() && quiet.abandoned.is_empty());
}

#[actix_web::test]
async fn a_young_pending_run_does_not_wake_the_agent() {
    let receiver = WakeupReceiver::start();
    let app = sentinel_app(&[("SENTINEL_AGENT_WEBHOOK_URL", &receiver.url)]).await;
    seed_run(
        &app,
        "org_a",
        "manual",
        "pending",
        now(&app) - TimeDelta::minutes(1),
        None,
    );
    let service = app.state.sentinel.clone();
    let report = tokio::task::spawn_blocking(move || service.reap())
        .await
        .unwrap()
        .unwrap();
    assert!(!report.woke_agent);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(receiver.received().is_empty());
}
