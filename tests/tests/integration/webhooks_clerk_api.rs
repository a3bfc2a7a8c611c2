//! The Clerk Backend API calls the billing webhooks make: `max_allowed_memberships` per plan
//! and the live subscription lookup of `subscriptionItem.ended`, against a recording
//! directory (the use case) and a fake Clerk server (the adapter).

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use async_trait::async_trait;
use sentinel_adapters_clerk::ClerkOrgDirectory;
use sentinel_app::database::SqlStore;
use sentinel_application::webhooks::signature::sign;
use sentinel_application::webhooks::{
    SignatureHeaders, WebhookPorts, WebhookReply, WebhookService, WebhookSource,
};
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::org_directory::{DirectoryError, OrgDirectory, OrgMember};
use sentinel_ports::driven::repos::SettingsRepo;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[derive(Default)]
struct RecordingDirectory {
    limits: Mutex<Vec<(String, u32)>>,
    live_items: Option<Vec<Value>>,
}

#[async_trait]
impl OrgDirectory for RecordingDirectory {
    async fn members(&self, _org: &OrgId) -> Result<Vec<OrgMember>, DirectoryError> {
        Ok(Vec::new())
    }

    async fn set_member_limit(&self, org: &OrgId, limit: u32) -> Result<(), DirectoryError> {
        self.limits
            .lock()
            .unwrap()
            .push((org.as_str().to_owned(), limit));
        Ok(())
    }

    async fn subscription_items(&self, _org: &OrgId) -> Result<Vec<Value>, DirectoryError> {
        self.live_items
            .clone()
            .ok_or_else(|| DirectoryError("down".to_owned()))
    }
}

fn service(app: &TestApp, directory: Arc<RecordingDirectory>) -> Arc<WebhookService> {
    let store = Arc::new(SqlStore::new(app.database.clone()));
    Arc::new(WebhookService::new(WebhookPorts {
        clerk_secret: SECRET.to_owned(),
        resend_secret: String::new(),
        ledger: store.clone(),
        outbox: store,
        settings: app.state.repos.settings.clone(),
        gdpr: app.state.repos.gdpr.clone(),
        caps: app.state.use_cases.plan_caps.clone(),
        fleet_directory: app.state.fleet_directory.clone(),
        live: app.state.live_pipeline.clone(),
        notifier: app.state.use_cases.notifier.clone(),
        invalidate_recipients: Arc::new(|_| {}),
        directory,
        clock: app.clock.clone(),
    }))
}

async fn deliver(app: &TestApp, service: &Arc<WebhookService>, id: &str, event: Value) {
    let body = event.to_string();
    let ts = app.clock.now().timestamp().to_string();
    let headers = SignatureHeaders {
        svix_id: Some(id.to_owned()),
        svix_timestamp: Some(ts.clone()),
        svix_signature: Some(format!("v1,{}", sign(SECRET, id, &ts, &body).unwrap())),
        ..SignatureHeaders::default()
    };
    let service = service.clone();
    let reply = web::block(move || service.handle(WebhookSource::Clerk, &headers, body.as_bytes()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reply, WebhookReply::Received);
}

fn plan(app: &TestApp, org: &str) -> Option<String> {
    SqlStore::new(app.database.clone())
        .get(&OrgId::new(org), "org_plan")
        .unwrap()
}

#[actix_web::test]
async fn plan_events_set_the_member_limit_of_the_plan() {
    let app = TestApp::start().await;
    let directory = Arc::new(RecordingDirectory::default());
    let service = service(&app, directory.clone());
    let payer = json!({"organization_id": "org_a"});
    for (id, slug) in [("m1", "pro"), ("m2", "pro_plus"), ("m3", "enterprise")] {
        let event = json!({"type": "subscription.updated", "data": {"payer": payer, "items": [{"status": "active", "plan": {"slug": slug}}]}});
        deliver(&app, &service, id, event).await;
    }
    let item = json!({"type": "subscriptionItem.active", "data": {"payer": payer, "plan": {"slug": "free_org"}}});
    deliver(&app, &service, "m4", item).await;
    assert_eq!(
        directory.limits.lock().unwrap().as_slice(),
        [
            ("org_a".to_owned(), 10),
            ("org_a".to_owned(), 20),
            ("org_a".to_owned(), 2),
            ("org_a".to_owned(), 2)
        ]
    );
}

#[actix_web::test]
async fn an_ended_item_takes_the_live_plan_or_free_when_the_lookup_fails() {
    let app = TestApp::start().await;
    let ended =
        json!({"type": "subscriptionItem.ended", "data": {"payer": {"organization_id": "org_a"}}});
    let live = Arc::new(RecordingDirectory {
        live_items: Some(vec![json!({"status": "active", "plan": {"slug": "pro"}})]),
        ..RecordingDirectory::default()
    });
    deliver(&app, &service(&app, live.clone()), "e1", ended.clone()).await;
    assert_eq!(plan(&app, "org_a").as_deref(), Some("pro"));
    assert_eq!(
        live.limits.lock().unwrap().as_slice(),
        [("org_a".to_owned(), 10)]
    );

    let down = Arc::new(RecordingDirectory::default());
    deliver(&app, &service(&app, down), "e2", ended).await;
    assert_eq!(plan(&app, "org_a").as_deref(), Some("free_org"));
}

/// A fake Clerk Backend API recording `METHOD path body` and answering `reply`.
fn fake_clerk(reply: Value) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = HttpServer::new(move || {
        let (log, reply) = (log.clone(), reply.clone());
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let (log, reply) = (log.clone(), reply.clone());
            async move {
                let auth = req
                    .headers()
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                log.lock().unwrap().push(format!(
                    "{} {} {} {}",
                    req.method(),
                    req.uri(),
                    auth,
                    String::from_utf8_lossy(&body)
                ));
                HttpResponse::Ok().json(reply)
            }
        }))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    (format!("http://{address}"), seen)
}

#[actix_web::test]
async fn the_clerk_directory_patches_the_member_limit() {
    let (base, seen) = fake_clerk(json!({"id": "org_1"}));
    let directory = ClerkOrgDirectory::with_api_base("sk_test", &base);
    directory
        .set_member_limit(&OrgId::new("org_1"), 10)
        .await
        .unwrap();
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        ["PATCH /organizations/org_1 Bearer sk_test {\"max_allowed_memberships\":10}"]
    );
}

#[actix_web::test]
async fn the_clerk_directory_reads_the_billing_subscription_items() {
    let (base, seen) = fake_clerk(json!({"subscription_items": [
        {"status": "active", "plan": {"slug": "pro_plus"}}
    ]}));
    let directory = ClerkOrgDirectory::with_api_base("sk_test", &base);
    let items = directory
        .subscription_items(&OrgId::new("org_1"))
        .await
        .unwrap();
    assert_eq!(items[0]["plan"]["slug"], "pro_plus");
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        ["GET /organizations/org_1/billing/subscription Bearer sk_test "]
    );
}

#[actix_web::test]
async fn the_hourly_reconcile_writes_a_changed_live_plan_of_paid_orgs_only() {
    let app = TestApp::start().await;
    let store = SqlStore::new(app.database.clone());
    let at = app.clock.now().naive_utc();
    for (org, slug) in [
        ("org_a", "pro"),
        ("org_b", "pro_plus"),
        ("org_c", "free_org"),
    ] {
        store.set(&OrgId::new(org), "org_plan", slug, at).unwrap();
    }
    let directory = Arc::new(RecordingDirectory {
        live_items: Some(vec![
            json!({"status": "active", "plan": {"slug": "pro_plus"}}),
        ]),
        ..RecordingDirectory::default()
    });
    let worker = service(&app, directory.clone());
    let changed = web::block(move || worker.reconcile_plans())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(changed, [(OrgId::new("org_a"), Plan::PRO_PLUS)]);
    assert_eq!(plan(&app, "org_a").as_deref(), Some("pro_plus"));
    assert_eq!(
        plan(&app, "org_c").as_deref(),
        Some("free_org"),
        "free orgs are not looked up"
    );
    assert_eq!(
        directory.limits.lock().unwrap().as_slice(),
        [("org_a".to_owned(), 20)]
    );

    // A failed lookup changes nothing.
    let down = service(&app, Arc::new(RecordingDirectory::default()));
    let changed = web::block(move || down.reconcile_plans())
        .await
        .unwrap()
        .unwrap();
    assert!(changed.is_empty());
}

#[actix_web::test]
async fn membership_events_drop_the_cached_recipients_of_the_org() {
    let app = TestApp::start().await;
    let invalidated = Arc::new(Mutex::new(Vec::new()));
    let seen = invalidated.clone();
    let store = Arc::new(SqlStore::new(app.database.clone()));
    let service = Arc::new(WebhookService::new(WebhookPorts {
        clerk_secret: SECRET.to_owned(),
        resend_secret: String::new(),
        ledger: store.clone(),
        outbox: store,
        settings: app.state.repos.settings.clone(),
        gdpr: app.state.repos.gdpr.clone(),
        caps: app.state.use_cases.plan_caps.clone(),
        fleet_directory: app.state.fleet_directory.clone(),
        live: app.state.live_pipeline.clone(),
        notifier: app.state.use_cases.notifier.clone(),
        invalidate_recipients: Arc::new(move |org: &OrgId| {
            seen.lock().unwrap().push(org.as_str().to_owned());
        }),
        directory: Arc::new(RecordingDirectory::default()),
        clock: app.clock.clone(),
    }));
    let event = json!({"type": "organizationMembership.deleted", "data": {
        "organization": {"id": "org_z"},
        "public_user_data": {"user_id": "u1", "identifier": "gone@example.com"},
    }});
    deliver(&app, &service, "mem1", event).await;
    assert_eq!(invalidated.lock().unwrap().as_slice(), ["org_z"]);
}
