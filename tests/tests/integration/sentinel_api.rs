//! `/api/sentinel` for the dashboard over real HTTP: the lazily created config and its
//! plan standing, PATCH (plan gate, validation, audit), the run history with its counters
//! and filters, run detail, and manual runs (plan, caps, fleet switches, the wake-up).

use crate::live_common::{now, set_plan};
use crate::nodes_common::{ADMIN_A, ADMIN_B, MEMBER_A, api, audit_rows};
use crate::sentinel_common::*;
use chrono::TimeDelta;
use hmac::{Hmac, Mac};
use sentinel_ports::driven::clock::Clock;
use serde_json::{Value, json};
use sha2::Sha256;

#[actix_web::test]
async fn the_first_read_creates_the_default_config() {
    let app = app_on_plan("pro").await;
    assert!(
        app.state
            .repos
            .sentinel_config
            .get(&sentinel_domain::ids::OrgId::new("org_a"))
            .unwrap()
            .is_none()
    );
    let (status, body) = api(&app, "GET", "/api/sentinel/config", Some(MEMBER_A), None).await;
    assert_eq!(status, 200, "{body}");
    let config = &body["config"];
    assert_eq!(config["enabled"], true);
    assert_eq!(config["motion_enabled"], true);
    assert_eq!(config["incident_opened_enabled"], true);
    assert_eq!(config["motion_cooldown_min"], 5);
    assert_eq!(config["schedule_mode"], "always");
    assert_eq!(
        config["active_days"],
        json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    );
    assert_eq!(config["camera_scope"], json!({}));
    assert_eq!(
        (
            body["plan_gated"].clone(),
            body["plan_current"].clone(),
            body["monthly_cap"].clone(),
            body["plan_required"].clone()
        ),
        (json!(false), json!("Pro"), json!(100), json!("pro"))
    );
    assert!(
        app.state
            .repos
            .sentinel_config
            .get(&sentinel_domain::ids::OrgId::new("org_a"))
            .unwrap()
            .is_some()
    );
}

#[actix_web::test]
async fn the_plan_decides_gating_and_the_cap() {
    let app = sentinel_app(&[]).await;
    set_plan(&app, "org_a", "pro_plus");
    let (_, body) = api(&app, "GET", "/api/sentinel/config", Some(ADMIN_A), None).await;
    assert_eq!(
        (
            body["plan_gated"].clone(),
            body["monthly_cap"].clone(),
            body["plan_current"].clone()
        ),
        (json!(false), json!(500), json!("Pro Plus"))
    );
    let (status, body) = api(&app, "GET", "/api/sentinel/config", Some(ADMIN_B), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            body["plan_gated"].clone(),
            body["monthly_cap"].clone(),
            body["plan_current"].clone(),
            body["plan_required"].clone()
        ),
        (json!(true), json!(0), json!("Free"), json!("pro"))
    );
    // Past due for more than the grace period: the effective plan is free.
    crate::nodes_common::set_setting(&app, "org_a", "payment_past_due", "true");
    let long_ago = (app.clock.now() - TimeDelta::days(8)).to_rfc3339();
    crate::nodes_common::set_setting(&app, "org_a", "payment_past_due_at", &long_ago);
    let (_, body) = api(&app, "GET", "/api/sentinel/config", Some(ADMIN_A), None).await;
    assert_eq!(body["plan_gated"], true);
}

#[actix_web::test]
async fn patching_needs_a_paid_plan_and_changes_only_given_fields() {
    let app = sentinel_app(&[]).await;
    set_plan(&app, "org_a", "pro");
    let (status, body) = api(
        &app,
        "PATCH",
        "/api/sentinel/config",
        Some(ADMIN_B),
        Some(json!({"enabled": false})),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            402,
            json!({"detail": {"error": "plan_required", "plan": "pro"}})
        )
    );

    app.clock.advance(TimeDelta::minutes(1));
    let (status, body) = api(
        &app,
        "PATCH",
        "/api/sentinel/config",
        Some(ADMIN_A),
        Some(json!({"motion_cooldown_min": 15, "schedule_mode": "scheduled", "active_days": ["sat", "sun", "someday"], "camera_scope": {"cam1": false}, "enabled": null, "bogus": 1})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let config = &body["config"];
    assert_eq!(config["motion_cooldown_min"], 15);
    assert_eq!(config["schedule_mode"], "scheduled");
    assert_eq!(config["active_days"], json!(["sat", "sun"]));
    assert_eq!(config["camera_scope"], json!({"cam1": false}));
    assert_eq!(config["enabled"], true, "null leaves a field alone");
    assert_eq!(config["schedule_start"], "22:00");
    assert_eq!(config["updated_at"], "2026-11-27T12:01:00");

    let audits = audit_rows(&app, "org_a", "sentinel_config_updated");
    assert_eq!(audits.len(), 1);
    let details: Value = serde_json::from_str(audits[0].details.as_deref().unwrap()).unwrap();
    assert_eq!(
        details,
        json!({"changes": ["motion_cooldown_min=15", "schedule_mode=scheduled", "active_days=['sat', 'sun']", "camera_scope={'cam1': False}"]})
    );
    assert_eq!(audits[0].username.as_deref(), Some("user_a@example.test"));

    let (_, again) = api(
        &app,
        "PATCH",
        "/api/sentinel/config",
        Some(ADMIN_A),
        Some(json!({"motion_cooldown_min": 15})),
    )
    .await;
    assert_eq!(again["config"], body["config"]);
    assert_eq!(
        audit_rows(&app, "org_a", "sentinel_config_updated").len(),
        1,
        "no change, no audit"
    );

    let (_, read) = api(&app, "GET", "/api/sentinel/config", Some(MEMBER_A), None).await;
    assert_eq!(read["config"], body["config"]);
}

#[actix_web::test]
async fn bad_patches_are_refused() {
    let app = app_on_plan("pro").await;
    for (body, status, detail) in [
        (
            json!({"schedule_mode": "sometimes"}),
            400,
            json!("invalid schedule_mode: 'sometimes'"),
        ),
        (
            json!({"schedule_start": "7:00"}),
            400,
            json!("schedule_start must be HH:MM"),
        ),
        (
            json!({"schedule_end": "25:00"}),
            400,
            json!("schedule_end out of range"),
        ),
        (
            json!({"active_days": "mon"}),
            400,
            json!("active_days must be a list"),
        ),
        (
            json!({"camera_scope": []}),
            400,
            json!("camera_scope must be an object"),
        ),
    ] {
        let (got, reply) = api(
            &app,
            "PATCH",
            "/api/sentinel/config",
            Some(ADMIN_A),
            Some(body.clone()),
        )
        .await;
        assert_eq!((got, reply["detail"].clone()), (status, detail), "{body}");
    }
    for body in [
        json!({"motion_cooldown_min": 0}),
        json!({"motion_cooldown_min": 61}),
        json!({"enabled": "perhaps"}),
    ] {
        let (got, reply) = api(
            &app,
            "PATCH",
            "/api/sentinel/config",
            Some(ADMIN_A),
            Some(body.clone()),
        )
        .await;
        assert_eq!(got, 422, "{body}");
        assert_eq!(reply["detail"]["error"], "validation_failed");
    }
    let (status, body) = api(
        &app,
        "PATCH",
        "/api/sentinel/config",
        Some(MEMBER_A),
        Some(json!({"enabled": false})),
    )
    .await;
    assert_eq!(
        (status, body),
        (403, json!({"detail": "Admin permission required"}))
    );
}

#[actix_web::test]
async fn an_empty_history_shows_the_whole_cap() {
    let app = app_on_plan("pro").await;
    let (status, body) = api(&app, "GET", "/api/sentinel/runs", Some(MEMBER_A), None).await;
    assert_eq!(status, 200);
    assert_eq!(body["runs"], json!([]));
    assert_eq!(body["total"], 0);
    assert_eq!(
        body["stats"],
        json!({"runs_today": 0, "runs_total": 0, "runs_this_month": 0, "incidents_filed": 0, "pending": 0, "monthly_cap": 100, "remaining_this_month": 100})
    );
    set_plan(&app, "org_a", "pro_plus");
    let (_, body) = api(&app, "GET", "/api/sentinel/runs", Some(MEMBER_A), None).await;
    assert_eq!(
        (
            body["stats"]["monthly_cap"].clone(),
            body["stats"]["remaining_this_month"].clone()
        ),
        (json!(500), json!(500))
    );
}

#[actix_web::test]
async fn the_history_is_newest_first_filtered_counted_and_isolated() {
    let app = app_on_plan("pro").await;
    let t = now(&app);
    let last_month = seed_run(
        &app,
        "org_a",
        "motion",
        "no_action",
        t - TimeDelta::days(30),
        Some("cam1"),
    );
    let yesterday = seed_run(
        &app,
        "org_a",
        "incident_opened",
        "incident",
        t - TimeDelta::days(1),
        None,
    );
    let earlier = seed_run(
        &app,
        "org_a",
        "motion",
        "running",
        t - TimeDelta::hours(2),
        Some("cam1"),
    );
    let latest = seed_run(
        &app,
        "org_a",
        "manual",
        "pending",
        t - TimeDelta::minutes(1),
        None,
    );
    seed_run(&app, "org_b", "manual", "pending", t, None);

    let ids = |body: &Value| -> Vec<String> {
        body["runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, body) = api(&app, "GET", "/api/sentinel/runs", Some(ADMIN_A), None).await;
    assert_eq!(
        ids(&body),
        [
            latest.clone(),
            earlier.clone(),
            yesterday.clone(),
            last_month.clone()
        ]
    );
    assert_eq!(body["total"], 4);
    assert!(body["runs"][0].get("tool_trace").is_none());
    assert_eq!(body["runs"][0]["summary"], "");
    assert_eq!(
        body["stats"],
        json!({"runs_today": 2, "runs_total": 4, "runs_this_month": 3, "incidents_filed": 1, "pending": 2, "monthly_cap": 100, "remaining_this_month": 97})
    );

    let (_, motion) = api(
        &app,
        "GET",
        "/api/sentinel/runs?trigger=motion&limit=1",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (ids(&motion), motion["total"].clone()),
        (vec![earlier.clone()], json!(2))
    );
    let (_, offset) = api(
        &app,
        "GET",
        "/api/sentinel/runs?offset=3",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(ids(&offset), std::slice::from_ref(&last_month));
    let (_, since) = api(
        &app,
        "GET",
        "/api/sentinel/runs?since=2026-11-27T12:00:00%2B02:00",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(ids(&since), [latest.clone(), earlier.clone()], "10:00 UTC");
    let (_, since_z) = api(
        &app,
        "GET",
        "/api/sentinel/runs?since=2026-11-27T11:00:00Z",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(ids(&since_z), std::slice::from_ref(&latest));
    let (status, body) = api(
        &app,
        "GET",
        "/api/sentinel/runs?since=yesterday",
        Some(ADMIN_A),
        None,
    )
    .await;
    assert_eq!(
        (status, body),
        (
            400,
            json!({"detail": "invalid `since` — expected ISO datetime"})
        )
    );
    for bad in ["limit=0", "limit=201", "offset=-1"] {
        let (status, _) = api(
            &app,
            "GET",
            &format!("/api/sentinel/runs?{bad}"),
            Some(ADMIN_A),
            None,
        )
        .await;
        assert_eq!(status, 422, "{bad}");
    }

    let (_, other) = api(&app, "GET", "/api/sentinel/runs", Some(ADMIN_B), None).await;
    assert_eq!(other["total"], 1);
    assert!(!ids(&other).contains(&latest));
}

#[actix_web::test]
async fn runs_today_start_at_local_midnight() {
    let app = app_on_plan("pro").await;
    let t = now(&app);
    // 12:00 UTC is 21:00 in Tokyo; Tokyo's day began at 15:00 UTC yesterday.
    seed_run(
        &app,
        "org_a",
        "manual",
        "no_action",
        t - TimeDelta::hours(20),
        None,
    );
    let (_, utc) = api(&app, "GET", "/api/sentinel/runs", Some(ADMIN_A), None).await;
    assert_eq!(utc["stats"]["runs_today"], 0);
    crate::nodes_common::set_setting(&app, "org_a", "timezone", "Asia/Tokyo");
    let (_, tokyo) = api(&app, "GET", "/api/sentinel/runs", Some(ADMIN_A), None).await;
    assert_eq!(tokyo["stats"]["runs_today"], 1);
}

#[actix_web::test]
async fn a_run_detail_has_its_trace_and_is_org_scoped() {
    let app = app_on_plan("pro").await;
    let id = seed_run(&app, "org_a", "manual", "pending", now(&app), None);
    let (status, body) = api(
        &app,
        "GET",
        &format!("/api/sentinel/runs/{id}"),
        Some(MEMBER_A),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["tool_trace"], json!([]));
    for (token, path) in [
        (ADMIN_B, format!("/api/sentinel/runs/{id}")),
        (
            ADMIN_A,
            "/api/sentinel/runs/ffffffffffffffffffffffffffffffff".to_owned(),
        ),
    ] {
        let (status, body) = api(&app, "GET", &path, Some(token), None).await;
        assert_eq!((status, body), (404, json!({"detail": "run not found"})));
    }
}

#[actix_web::test]
async fn a_manual_run_is_queued_audited_and_wakes_the_agent() {
    let receiver = WakeupReceiver::start();
    let app = sentinel_app(&[("SENTINEL_AGENT_WEBHOOK_URL", &receiver.url)]).await;
    set_plan(&app, "org_a", "pro");
    let (status, run) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({"prompt": "check the porch", "camera_id": "not-even-a-camera"})),
    )
    .await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["trigger_type"], "manual");
    assert_eq!(run["outcome"], "pending");
    assert_eq!(run["manual_prompt"], "check the porch");
    assert_eq!(run["camera_id"], "not-even-a-camera");
    assert_eq!(run["tool_call_count"], 0);
    let id = run["id"].as_str().unwrap();
    assert_eq!(id.len(), 32);
    assert!(
        id.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert!(run.get("tool_trace").is_none());
    assert!(
        app.state
            .repos
            .sentinel_config
            .get(&sentinel_domain::ids::OrgId::new("org_a"))
            .unwrap()
            .is_some(),
        "config row created"
    );

    let audits = audit_rows(&app, "org_a", "sentinel_manual_run");
    let details: Value = serde_json::from_str(audits[0].details.as_deref().unwrap()).unwrap();
    assert_eq!(
        details,
        json!({"run_id": id, "camera_id": "not-even-a-camera", "prompt_len": 15})
    );

    let wakeups = receiver.wait_for(1).await;
    assert_eq!(wakeups.len(), 1);
    let expected_body = format!("{{\"ts\": {}}}", app.clock.now().timestamp());
    assert_eq!(wakeups[0].body, expected_body);
    assert_eq!(wakeups[0].content_type, "application/json");
    let mut mac = Hmac::<Sha256>::new_from_slice(AGENT_KEY.as_bytes()).unwrap();
    mac.update(expected_body.as_bytes());
    assert_eq!(
        wakeups[0].signature,
        format!("sha256={}", hex_of(&mac.finalize().into_bytes()))
    );
}

#[actix_web::test]
async fn a_manual_run_keeps_a_camera_id_of_any_length() {
    // The camera id is passed to the agent as given (no check, no limit): stored whole on
    // every engine, however long.
    let app = sentinel_app(&[]).await;
    set_plan(&app, "org_a", "pro");
    let camera = "é".repeat(2_000);
    let prompt = "é".repeat(2_000);
    let (status, run) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({"prompt": prompt, "camera_id": camera})),
    )
    .await;
    assert_eq!(status, 200, "{run}");
    let path = format!("/api/sentinel/runs/{}", run["id"].as_str().unwrap());
    let (status, detail) = api(&app, "GET", &path, Some(ADMIN_A), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["camera_id"], camera.as_str());
    assert_eq!(detail["manual_prompt"], prompt.as_str());
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[actix_web::test]
async fn manual_runs_need_a_plan_and_a_run_left() {
    let app = sentinel_app(&[]).await;
    set_plan(&app, "org_a", "pro");
    let (status, body) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_B),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            402,
            json!({"detail": {"error": "plan_required", "plan": "pro"}})
        )
    );

    seed_runs(&app, "org_a", 100);
    let (status, body) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            429,
            json!({"detail": {"error": "monthly_cap_reached", "cap": 100, "used": 100}})
        )
    );

    set_plan(&app, "org_a", "pro_plus");
    let (status, _) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "pro_plus has 500");
    seed_runs(&app, "org_a", 399);
    let (status, body) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (
            status,
            body["detail"]["cap"].clone(),
            body["detail"]["used"].clone()
        ),
        (429, json!(500), json!(500))
    );

    let (status, body) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({"prompt": "p".repeat(2001)})),
    )
    .await;
    assert_eq!(
        (status, body["detail"]["error"].clone()),
        (422, json!("validation_failed"))
    );
    let (status, _) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(MEMBER_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 403);
}

#[actix_web::test]
async fn fleet_switches_close_manual_runs_with_503() {
    let app = sentinel_app(&[("SENTINEL_DISPATCH_ENABLED", "false")]).await;
    set_plan(&app, "org_a", "pro");
    let (status, body) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            503,
            json!({"detail": {"error": "sentinel_dispatch_disabled"}})
        )
    );

    let capped = sentinel_app(&[("SENTINEL_GLOBAL_MONTHLY_RUN_CAP", "2")]).await;
    set_plan(&capped, "org_a", "pro");
    seed_runs(&capped, "org_b", 2);
    let (status, body) = api(
        &capped,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            503,
            json!({"detail": {"error": "sentinel_dispatch_disabled"}})
        ),
        "the global cap counts every org"
    );
}

/// The page explains waiting runs from what the instance saw: the wake-up's failure, then
/// the agent's poll.
#[actix_web::test]
async fn the_config_says_how_wakeups_went_and_when_the_agent_last_polled() {
    // A wake-up URL where nothing listens: the attempt cannot connect.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/wake", closed.local_addr().unwrap());
    drop(closed);
    let app = sentinel_app(&[("SENTINEL_AGENT_WEBHOOK_URL", &url)]).await;
    set_plan(&app, "org_a", "pro");
    let config = || api(&app, "GET", "/api/sentinel/config", Some(MEMBER_A), None);
    let (status, view) = config().await;
    assert_eq!(status, 200);
    assert_eq!(
        view["agent"],
        json!({"wakeup_configured": true, "agent_key_configured": true, "last_poll_at": null,
               "last_wakeup_at": null, "last_wakeup_error": null})
    );

    let (status, run) = api(
        &app,
        "POST",
        "/api/sentinel/runs/manual",
        Some(ADMIN_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "{run}");
    let mut agent = Value::Null;
    for _ in 0..200 {
        agent = config().await.1["agent"].clone();
        if !agent["last_wakeup_error"].is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(agent["last_wakeup_error"], "could not connect", "{agent}");
    assert!(agent["last_wakeup_at"].is_string(), "{agent}");
    assert!(agent["last_poll_at"].is_null());

    let polled = app
        .client
        .get(app.url("/api/sentinel/runs/pending"))
        .header("X-Sentinel-Agent-Key", AGENT_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(polled.status(), 200);
    assert!(config().await.1["agent"]["last_poll_at"].is_string());
    app.stop().await;
}

#[actix_web::test]
async fn without_a_webhook_url_the_config_says_no_wakeups_are_sent() {
    let app = sentinel_app(&[]).await;
    let (_, view) = api(&app, "GET", "/api/sentinel/config", Some(ADMIN_B), None).await;
    assert_eq!(view["agent"]["wakeup_configured"], false);
    assert_eq!(view["agent"]["agent_key_configured"], true);
    app.stop().await;
}
