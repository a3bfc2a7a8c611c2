use sentinel_tests::TestApp;
use serde_json::Value;

#[actix_web::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::start().await;
    let minted = app.get("/api/health").await;
    let id = minted.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 16);
    assert!(
        id.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );

    let echoed = app
        .client
        .get(app.url("/api/health"))
        .header("x-request-id", "client-req-0001")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "client-req-0001");

    let replaced = app
        .client
        .get(app.url("/api/health"))
        .header("x-request-id", "bad id!")
        .send()
        .await
        .unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "bad id!");
    app.stop().await;
}

#[actix_web::test]
async fn security_headers_are_on_api_and_static_responses() {
    let app = TestApp::start().await;
    for path in ["/api/health", "/", "/dashboard"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(
            headers["permissions-policy"], "camera=(), microphone=(), geolocation=()",
            "{path}"
        );
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS on plain http"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn hsts_is_sent_on_fly() {
    let app = TestApp::builder()
        .env("FLY_APP_NAME", "sentinel")
        .start()
        .await;
    let response = app.get("/api/health").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=63072000; includeSubDomains"
    );
    app.stop().await;
}

#[actix_web::test]
async fn unknown_api_paths_are_json_404s_not_the_spa() {
    let app = TestApp::start().await;
    for path in [
        "/api/nope",
        "/api/cameras/x/unknown",
        "/ws/whatever",
        "/.well-known/nothing",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, serde_json::json!({"detail": "Not Found"}), "{path}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_known_path_with_the_wrong_method_is_405() {
    let app = TestApp::start().await;
    let response = app
        .client
        .delete(app.url("/api/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"detail": "Method Not Allowed"}));
    let spa = app.client.post(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(spa.status(), 405, "the SPA only answers GET and HEAD");
    app.stop().await;
}
