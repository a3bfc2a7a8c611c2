use actix_web::{HttpResponse, web};
use sentinel_adapters_http::extract::{AdminUser, ViewUser};
use sentinel_tests::TestApp;
use serde_json::{Value, json};

fn user_routes(config: &mut web::ServiceConfig) {
    config
        .route(
            "/api/test/whoami",
            web::get().to(|user: ViewUser| async move {
                HttpResponse::Ok().json(
                    json!({"user_id": user.user_id, "org_id": user.org_id, "plan": user.plan}),
                )
            }),
        )
        .route(
            "/api/test/admin-only",
            web::get().to(|_: AdminUser| async { HttpResponse::NoContent().finish() }),
        );
}

async fn whoami(app: &TestApp, token: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url("/api/test/whoami"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

#[actix_web::test]
async fn local_sessions_verify_through_the_clerk_path() {
    let app = TestApp::builder().routes(user_routes).start().await;
    let admin = app.local_token("admin", "local").await;
    let (status, body) = whoami(&app, &admin).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["org_id"], "org_local");
    assert_eq!(body["user_id"], "user_local_admin");
    assert_eq!(body["plan"], "pro_plus");
    let admin_only = app
        .client
        .get(app.url("/api/test/admin-only"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(admin_only.status(), 204);

    let member = app.local_token("member", "local").await;
    let member_admin = app
        .client
        .get(app.url("/api/test/admin-only"))
        .bearer_auth(&member)
        .send()
        .await
        .unwrap();
    assert_eq!(member_admin.status(), 403);
    app.stop().await;
}

#[actix_web::test]
async fn other_slugs_are_other_orgs() {
    let app = TestApp::builder().routes(user_routes).start().await;
    let acme = app.local_token("admin", "acme").await;
    let (_, body) = whoami(&app, &acme).await;
    assert_eq!(body["org_id"], "org_local_acme");
    assert_ne!(body["user_id"], "user_local_admin");
    app.stop().await;
}

#[actix_web::test]
async fn local_plan_is_configurable() {
    let app = TestApp::builder()
        .env("LOCAL_PLAN", "free")
        .routes(user_routes)
        .start()
        .await;
    let token = app.local_token("member", "local").await;
    assert_eq!(whoami(&app, &token).await.1["plan"], "free_org");
    app.stop().await;
}

#[actix_web::test]
async fn bad_roles_and_slugs_are_422() {
    let app = TestApp::start().await;
    for body in [
        json!({"role": "owner"}),
        json!({"role": "admin", "org": "Not A Slug!"}),
        json!({}),
    ] {
        let response = app
            .client
            .post(app.url("/api/local/session"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{body}");
        let detail: Value = response.json().await.unwrap();
        assert_eq!(detail["detail"]["error"], "validation_failed", "{body}");
        assert!(detail["detail"]["message"].as_str().unwrap().len() > 3);
    }
    app.stop().await;
}

#[actix_web::test]
async fn local_sessions_do_not_exist_when_clerk_is_configured() {
    for (secret, publishable) in [
        ("sk_test_x", "pk_test_y"),
        ("sk_test_x", ""),
        ("", "pk_test_y"),
    ] {
        let mut builder = TestApp::builder();
        if !secret.is_empty() {
            builder = builder.env("CLERK_SECRET_KEY", secret);
        }
        if !publishable.is_empty() {
            builder = builder.env("CLERK_PUBLISHABLE_KEY", publishable);
        }
        let app = builder.start().await;
        let response = app
            .client
            .post(app.url("/api/local/session"))
            .json(&json!({"role": "admin"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            404,
            "secret={secret:?} publishable={publishable:?}"
        );
        app.stop().await;
    }
}

#[actix_web::test]
async fn a_local_session_stores_the_local_plan_as_the_orgs_plan() {
    use sentinel_app::database::SqlStore;
    use sentinel_domain::ids::OrgId;
    use sentinel_ports::driven::repos::SettingsRepo;
    let app = TestApp::builder().env("LOCAL_PLAN", "pro").start().await;
    let store = SqlStore::new(app.database.clone());
    let org = OrgId::new("org_local_acme");
    assert_eq!(store.get(&org, "org_plan").unwrap(), None);
    app.local_token("member", "acme").await;
    assert_eq!(store.get(&org, "org_plan").unwrap().as_deref(), Some("pro"));
    // Other orgs are untouched until they sign in.
    assert_eq!(
        store.get(&OrgId::new("org_local"), "org_plan").unwrap(),
        None
    );
    app.stop().await;
}

/// A plan set otherwise (a billing webhook, an operator) survives sign-ins, and the
/// session carries it.
#[actix_web::test]
async fn a_local_session_keeps_a_plan_the_org_already_has() {
    use sentinel_app::database::SqlStore;
    use sentinel_domain::ids::OrgId;
    use sentinel_ports::driven::repos::SettingsRepo;
    let app = TestApp::builder()
        .env("LOCAL_PLAN", "pro_plus")
        .start()
        .await;
    let store = SqlStore::new(app.database.clone());
    let org = OrgId::new("org_local_acme");
    store
        .set(&org, "org_plan", "free_org", chrono::Utc::now().naive_utc())
        .unwrap();
    let admin = app.local_token("admin", "acme").await;
    assert_eq!(
        store.get(&org, "org_plan").unwrap().as_deref(),
        Some("free_org")
    );
    let response = app
        .client
        .get(app.url("/api/nodes/plan"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["plan"], "free_org", "{body}");
    app.stop().await;
}

#[actix_web::test]
async fn local_orgs_get_the_paid_features_their_local_plan_includes() {
    let app = TestApp::start().await;
    let admin = app.local_token("admin", "local").await;
    let response = app
        .client
        .get(app.url("/api/sentinel/config"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["plan_gated"], false, "{body}");
    assert_eq!(body["plan_current"], "Pro Plus");
    app.stop().await;
}
