use sentinel_tests::TestApp;

async fn preflight(app: &TestApp, origin: &str, method: &str) -> reqwest::Response {
    app.client
        .request(reqwest::Method::OPTIONS, app.url("/api/health"))
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header(
            "access-control-request-headers",
            "authorization,x-node-api-key",
        )
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn allowed_origins_get_credentials_and_the_exposed_request_id() {
    let app = TestApp::builder()
        .env("FRONTEND_URL", "https://dash.example.com/")
        .start()
        .await;
    for origin in [
        "http://localhost:5173",
        "http://localhost:8000",
        "https://app.sentinel-command.com",
        "https://dash.example.com",
    ] {
        let response = app
            .client
            .get(app.url("/api/health"))
            .header("origin", origin)
            .send()
            .await
            .unwrap();
        let headers = response.headers();
        assert_eq!(headers["access-control-allow-origin"], origin);
        assert_eq!(headers["access-control-allow-credentials"], "true");
        let exposed = headers["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(exposed.contains("x-request-id"));
    }
    let response = preflight(&app, "https://dash.example.com", "DELETE").await;
    assert!(response.status().is_success());
    assert_eq!(response.headers()["access-control-max-age"], "600");
    app.stop().await;
}

#[actix_web::test]
async fn refused_origins_are_served_without_cors_headers() {
    let app = TestApp::start().await;
    let response = app
        .client
        .get(app.url("/api/health"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    app.stop().await;
}

#[actix_web::test]
async fn patch_is_not_an_allowed_cors_method() {
    let app = TestApp::start().await;
    let response = preflight(&app, "http://localhost:5173", "PATCH").await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    app.stop().await;
}
