//! The real Clerk verification path, end to end: tokens signed with a test key whose PEM
//! is configured as `CLERK_JWT_KEY`, presented over HTTP to routes using the extractors.

use actix_web::{HttpResponse, web};
use sentinel_adapters_clerk::RsaSigningKey;
use sentinel_adapters_http::extract::{AdminUser, ViewUser};
use sentinel_tests::TestApp;
use serde_json::{Value, json};

const FRONTEND: &str = "https://dash.example.com";

fn user_routes(config: &mut web::ServiceConfig) {
    config
        .route(
            "/api/test/whoami",
            web::get().to(|user: ViewUser| async move {
                HttpResponse::Ok().json(json!({
                    "user_id": user.user_id, "org_id": user.org_id, "is_admin": user.is_admin,
                    "permissions": user.permissions, "plan": user.plan,
                }))
            }),
        )
        .route(
            "/api/test/admin-only",
            web::get().to(|user: AdminUser| async move {
                HttpResponse::Ok().json(json!({"user_id": user.user_id}))
            }),
        );
}

async fn clerk_app(key: &RsaSigningKey) -> TestApp {
    TestApp::builder()
        .env("CLERK_SECRET_KEY", "sk_test_integration")
        .env("CLERK_PUBLISHABLE_KEY", "pk_test_integration")
        .env("CLERK_JWT_KEY", key.public_pem())
        .env("FRONTEND_URL", FRONTEND)
        .routes(user_routes)
        .start()
        .await
}

fn base_claims(app: &TestApp) -> Value {
    let now = app.clock_now();
    json!({"sub": "user_1", "azp": FRONTEND, "iat": now, "nbf": now, "exp": now + 300})
}

fn merge(mut claims: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        if value.is_null() {
            claims.as_object_mut().unwrap().remove(key);
        } else {
            claims[key] = value.clone();
        }
    }
    claims
}

async fn call(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

trait ClockNow {
    fn clock_now(&self) -> i64;
}

impl ClockNow for TestApp {
    fn clock_now(&self) -> i64 {
        use sentinel_ports::driven::clock::Clock;
        self.clock.now().timestamp()
    }
}

#[actix_web::test]
async fn v1_claims_make_a_member() {
    let key = RsaSigningKey::generate().unwrap();
    let app = clerk_app(&key).await;
    let claims = merge(
        base_claims(&app),
        json!({"org_id": "org_a", "org_role": "org:member", "org_permissions": ["org:cameras:view_cameras"]}),
    );
    let (status, body) = call(&app, "/api/test/whoami", &key.sign(&claims).unwrap()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["org_id"], "org_a");
    assert_eq!(body["is_admin"], false);
    assert_eq!(body["plan"], "free_org");
    let (status, body) = call(&app, "/api/test/admin-only", &key.sign(&claims).unwrap()).await;
    assert_eq!(status, 403);
    assert_eq!(body, json!({"detail": "Admin permission required"}));
    app.stop().await;
}

#[actix_web::test]
async fn v2_claims_decode_permissions_and_admin() {
    let key = RsaSigningKey::generate().unwrap();
    let app = clerk_app(&key).await;
    let claims = merge(
        base_claims(&app),
        json!({
            "v": 2,
            "o": {"id": "org_2xyz", "rol": "admin", "per": "manage_cameras,view_cameras", "fpm": "3,2"},
            "fea": "o:cameras,o:admin", "pla": "o:pro"
        }),
    );
    let token = key.sign(&claims).unwrap();
    let (status, body) = call(&app, "/api/test/whoami", &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["org_id"], "org_2xyz");
    assert_eq!(body["plan"], "pro");
    assert_eq!(body["is_admin"], true);
    assert_eq!(
        body["permissions"],
        json!([
            "org:cameras:manage_cameras",
            "org:cameras:view_cameras",
            "org:admin:view_cameras"
        ])
    );
    let (status, _) = call(&app, "/api/test/admin-only", &token).await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[actix_web::test]
async fn bad_tokens_are_401_with_the_envelope() {
    let key = RsaSigningKey::generate().unwrap();
    let other_key = RsaSigningKey::generate().unwrap();
    let app = clerk_app(&key).await;
    let now = app.clock_now();
    let good = merge(base_claims(&app), json!({"org_id": "org_a"}));
    let cases = [
        (
            "expired",
            key.sign(&merge(good.clone(), json!({"exp": now - 60})))
                .unwrap(),
        ),
        ("wrong signature", other_key.sign(&good).unwrap()),
        (
            "wrong azp",
            key.sign(&merge(good.clone(), json!({"azp": "https://evil.example"})))
                .unwrap(),
        ),
        (
            "no azp",
            key.sign(&merge(good.clone(), json!({"azp": null})))
                .unwrap(),
        ),
        (
            "no sub",
            key.sign(&merge(good.clone(), json!({"sub": null})))
                .unwrap(),
        ),
        ("garbage", "not.a.jwt".to_owned()),
    ];
    for (name, token) in cases {
        let (status, body) = call(&app, "/api/test/whoami", &token).await;
        assert_eq!(status, 401, "{name}");
        assert_eq!(body, json!({"detail": "Not authenticated"}), "{name}");
    }
    let response = app.get("/api/test/whoami").await;
    assert_eq!(response.status(), 401, "no token");
    app.stop().await;
}

#[actix_web::test]
async fn a_token_without_an_org_is_400() {
    let key = RsaSigningKey::generate().unwrap();
    let app = clerk_app(&key).await;
    let (status, body) = call(
        &app,
        "/api/test/whoami",
        &key.sign(&base_claims(&app)).unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"detail": "No organization selected. Please create or join an organization."})
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_session_cookie_is_accepted_without_a_header() {
    let key = RsaSigningKey::generate().unwrap();
    let app = clerk_app(&key).await;
    let token = key
        .sign(&merge(base_claims(&app), json!({"org_id": "org_c"})))
        .unwrap();
    let response = app
        .client
        .get(app.url("/api/test/whoami"))
        .header("cookie", format!("theme=dark; __session_abc={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    app.stop().await;
}

#[actix_web::test]
async fn half_configured_clerk_is_503_on_jwt_routes() {
    let app = TestApp::builder()
        .env("CLERK_SECRET_KEY", "sk_test_only")
        .routes(user_routes)
        .start()
        .await;
    let response = app.get("/api/test/whoami").await;
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"detail": "Clerk authentication not configured. Set CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY."})
    );
    app.stop().await;
}
