use actix_web::{HttpResponse, web};
use sentinel_adapters_http::middleware::rate_limited;
use sentinel_adapters_redis::RedisRateLimitStore;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_tests::TestApp;
use serde_json::Value;
use std::sync::Arc;

/// A route name unique to this run, so Redis windows from earlier runs never interfere.
fn unique_route() -> &'static str {
    Box::leak(format!("test-limited-{:016x}", rand_u64()).into_boxed_str())
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

fn limited_routes(route: &'static str) -> impl Fn(&mut web::ServiceConfig) + Send + Sync + 'static {
    move |config: &mut web::ServiceConfig| {
        config.service(
            web::resource("/api/test/limited")
                .wrap(rate_limited(
                    route,
                    "3/minute".parse::<RateLimit>().unwrap(),
                ))
                .route(web::get().to(|| async { HttpResponse::Ok().body("ok") })),
        );
    }
}

/// A request as a signed-in admin of local org `org`: a verified session picks its org's
/// bucket.
async fn hit(app: &TestApp, org: &str) -> reqwest::Response {
    let token = app.local_token("admin", org).await;
    app.client
        .get(app.url("/api/test/limited"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn assert_fourth_request_is_limited(app: &TestApp) {
    for _ in 0..3 {
        assert_eq!(hit(app, "a").await.status(), 200);
    }
    let refused = hit(app, "a").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "60");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "rate_limit_exceeded");
    assert_eq!(body["limit"], "3 per 1 minute");
    assert_eq!(body["retry_after_seconds"], 60);
    assert!(body["message"].as_str().unwrap().contains("Retry-After"));
    assert_eq!(
        hit(app, "b").await.status(),
        200,
        "another tenant has its own bucket"
    );
}

#[actix_web::test]
async fn in_memory_limits_refuse_past_the_limit_per_tenant() {
    let app = TestApp::builder()
        .routes(limited_routes(unique_route()))
        .start()
        .await;
    assert_fourth_request_is_limited(&app).await;
    app.stop().await;
}

#[actix_web::test]
async fn redis_limits_refuse_past_the_limit_per_tenant() {
    let url = std::env::var("SENTINEL_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    let store = match RedisRateLimitStore::connect(&url).await {
        Ok(store) => store,
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping: no Redis at {url}: {error}");
            return;
        }
        Err(error) => panic!("CI needs Redis at {url}: {error}"),
    };
    let app = TestApp::builder()
        .rate_limit_store(Arc::new(store))
        .routes(limited_routes(unique_route()))
        .start()
        .await;
    assert_fourth_request_is_limited(&app).await;
    app.stop().await;
}

#[actix_web::test]
async fn redis_url_selects_the_shared_store() {
    let url = std::env::var("SENTINEL_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    if RedisRateLimitStore::connect(&url).await.is_err() && std::env::var_os("CI").is_none() {
        eprintln!("skipping: no Redis at {url}");
        return;
    }
    let route = unique_route();
    // Two separate app instances sharing Redis share the window.
    let first = TestApp::builder()
        .env("REDIS_URL", &url)
        .routes(limited_routes(route))
        .start()
        .await;
    let second = TestApp::builder()
        .env("REDIS_URL", &url)
        .routes(limited_routes(route))
        .start()
        .await;
    for app in [&first, &second, &first] {
        assert_eq!(hit(app, "shared").await.status(), 200);
    }
    assert_eq!(hit(&second, "shared").await.status(), 429);
    first.stop().await;
    second.stop().await;
}
