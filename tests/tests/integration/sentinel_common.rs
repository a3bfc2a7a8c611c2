//! Fixtures for the Sentinel tests: apps with an agent key, plans set the way billing
//! sets them, runs seeded straight into the store, and a local receiver for the agent's
//! wake-up webhook.

use crate::live_common::{now, set_plan};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::NewRun;
use sentinel_sql_common::schema::sentinel_runs;
use sentinel_tests::{FakeIdentity, TestApp};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const AGENT_KEY: &str = "agent-secret-0123456789";

/// `FakeIdentity` sessions, `SENTINEL_AGENT_KEY` set, plus `env`.
pub async fn sentinel_app(env: &[(&str, &str)]) -> TestApp {
    let mut builder = TestApp::builder()
        .identity(Arc::new(FakeIdentity))
        .env("SENTINEL_AGENT_KEY", AGENT_KEY);
    for (name, value) in env {
        builder = builder.env(name, value);
    }
    builder.start().await
}

/// An app whose orgs `org_a` and `org_b` are on `plan`.
pub async fn app_on_plan(plan: &str) -> TestApp {
    let app = sentinel_app(&[]).await;
    set_plan(&app, "org_a", plan);
    set_plan(&app, "org_b", plan);
    app
}

/// Inserts a run of `org` triggered `at`, then forces its outcome. Returns its id.
pub fn seed_run(
    app: &TestApp,
    org: &str,
    trigger: &str,
    outcome: &str,
    at: NaiveDateTime,
    camera: Option<&str>,
) -> String {
    let id = uuid_like(app);
    app.state
        .repos
        .sentinel_runs
        .insert_within_cap(
            &OrgId::new(org),
            &NewRun {
                id: id.clone(),
                trigger_type: trigger.into(),
                camera_id: camera.map(str::to_owned),
                manual_prompt: None,
                triggered_at: at,
            },
            at - chrono::TimeDelta::days(400),
            i64::MAX,
        )
        .unwrap()
        .unwrap();
    set_outcome(app, &id, outcome, None);
    id
}

/// Forces a run's outcome (and `started_at` when given).
pub fn set_outcome(app: &TestApp, id: &str, outcome: &str, started_at: Option<NaiveDateTime>) {
    let mut conn = app.sql();
    diesel::update(sentinel_runs::table.filter(sentinel_runs::id.eq(id)))
        .set((
            sentinel_runs::outcome.eq(outcome),
            sentinel_runs::started_at.eq(started_at),
        ))
        .execute(&mut conn)
        .unwrap();
}

/// `n` runs of `org` triggered now (any outcome counts toward the cap).
pub fn seed_runs(app: &TestApp, org: &str, n: usize) {
    for _ in 0..n {
        seed_run(app, org, "motion", "no_action", now(app), Some("cam"));
    }
}

fn uuid_like(_app: &TestApp) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{:032x}", NEXT.fetch_add(1, Ordering::SeqCst))
}

/// Every run row of `org`: (trigger, outcome, camera).
pub fn runs_of(app: &TestApp, org: &str) -> Vec<(String, String, Option<String>)> {
    let mut conn = app.sql();
    sentinel_runs::table
        .filter(sentinel_runs::org_id.eq(org))
        .order(sentinel_runs::triggered_at.asc())
        .select((
            sentinel_runs::trigger_type,
            sentinel_runs::outcome,
            sentinel_runs::camera_id,
        ))
        .load(&mut conn)
        .unwrap()
}

/// Polls until `org` has `count` runs (the dispatcher works in the background).
pub async fn wait_for_runs(
    app: &TestApp,
    org: &str,
    count: usize,
) -> Vec<(String, String, Option<String>)> {
    for _ in 0..100 {
        let runs = runs_of(app, org);
        if runs.len() >= count {
            return runs;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    runs_of(app, org)
}

/// A received wake-up: the signature header and the raw body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wakeup {
    pub signature: String,
    pub content_type: String,
    pub body: String,
}

/// A local HTTP endpoint recording wake-ups.
pub struct WakeupReceiver {
    pub url: String,
    received: Arc<Mutex<Vec<Wakeup>>>,
}

impl WakeupReceiver {
    pub fn start() -> Self {
        let received: Arc<Mutex<Vec<Wakeup>>> = Arc::default();
        let sink = received.clone();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/wake", listener.local_addr().unwrap());
        let server = HttpServer::new(move || {
            let sink = sink.clone();
            App::new().route(
                "/wake",
                web::post().to(move |req: HttpRequest, body: web::Bytes| {
                    let sink = sink.clone();
                    async move {
                        let header = |name: &str| {
                            req.headers()
                                .get(name)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default()
                                .to_owned()
                        };
                        sink.lock().unwrap().push(Wakeup {
                            signature: header("x-sentinel-signature"),
                            content_type: header("content-type"),
                            body: String::from_utf8_lossy(&body).into_owned(),
                        });
                        HttpResponse::Ok().finish()
                    }
                }),
            )
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        actix_web::rt::spawn(server);
        Self { url, received }
    }

    /// Waits up to two seconds for at least `count` wake-ups.
    pub async fn wait_for(&self, count: usize) -> Vec<Wakeup> {
        for _ in 0..100 {
            let received = self.received.lock().unwrap().clone();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.received.lock().unwrap().clone()
    }

    pub fn received(&self) -> Vec<Wakeup> {
        self.received.lock().unwrap().clone()
    }
}
