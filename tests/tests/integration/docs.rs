use sentinel_tests::TestApp;
use serde_json::Value;
use std::path::PathBuf;

fn snapshot_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("snapshots/openapi.json")
}

/// The served OpenAPI document must match the committed snapshot; refresh it on purpose
/// with `UPDATE_SNAPSHOTS=1`.
#[actix_web::test]
async fn openapi_document_matches_the_snapshot() {
    let app = TestApp::start().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let served: Value = response.json().await.unwrap();
    let rendered = serde_json::to_string_pretty(&served).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(snapshot_path(), &rendered).unwrap();
    }
    let expected = std::fs::read_to_string(snapshot_path())
        .expect("tests/snapshots/openapi.json missing: run with UPDATE_SNAPSHOTS=1");
    assert_eq!(
        rendered, expected,
        "OpenAPI changed: review, then UPDATE_SNAPSHOTS=1"
    );
    app.stop().await;
}

#[actix_web::test]
async fn openapi_lists_the_real_routes() {
    let app = TestApp::start().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/health",
        "/api/health/ready",
        "/api/health/detailed",
        "/api/local/session",
    ] {
        assert!(paths.contains_key(path), "{path} missing from OpenAPI");
    }
    assert_eq!(doc["info"]["version"], "2.1.2");
    app.stop().await;
}

#[actix_web::test]
async fn swagger_ui_is_served_offline() {
    let app = TestApp::start().await;
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/api-docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), 308);
    let page = app.get("/api-docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(!html.contains("cdn"), "Swagger UI must not load from a CDN");
    let bundle = app.get("/api-docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200);
    assert!(bundle.bytes().await.unwrap().len() > 100_000);
    app.stop().await;
}

#[actix_web::test]
async fn redoc_is_served_from_the_vendored_bundle() {
    let web = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(web.path().join("vendor")).unwrap();
    std::fs::write(web.path().join("vendor/redoc.standalone.js"), "/* redoc */").unwrap();
    let app = TestApp::builder()
        .env("STATIC_DIR", web.path().to_str().unwrap())
        .start()
        .await;
    let page = app.get("/api-redoc").await.text().await.unwrap();
    assert!(page.contains("/api/openapi.json"));
    assert!(page.contains("/api-redoc/redoc.standalone.js"));
    let bundle = app.get("/api-redoc/redoc.standalone.js").await;
    assert_eq!(bundle.status(), 200);
    assert_eq!(bundle.text().await.unwrap(), "/* redoc */");
    app.stop().await;
}
