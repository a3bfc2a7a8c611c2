use sentinel_tests::TestApp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn web_build() -> tempfile::TempDir {
    let base = tempfile::tempdir().unwrap();
    let dist = base.path().join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("index.html"), "<html>spa index</html>").unwrap();
    std::fs::write(dist.join("assets/app.js"), "console.log('app')").unwrap();
    std::fs::write(base.path().join("secret.env"), "TOP_SECRET=1").unwrap();
    base
}

async fn app_serving(base: &tempfile::TempDir) -> TestApp {
    TestApp::builder()
        .env("STATIC_DIR", base.path().join("dist").to_str().unwrap())
        .start()
        .await
}

/// Sends the request line exactly as written: no client-side path normalisation.
async fn raw_get(app: &TestApp, path: &str) -> String {
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

#[actix_web::test]
async fn without_a_build_the_root_is_a_placeholder() {
    let app = TestApp::start().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Sentinel Command Center"));
    assert!(html.contains("/api-docs/"));
    app.stop().await;
}

#[actix_web::test]
async fn files_and_client_routes_are_served_from_the_build() {
    let base = web_build();
    let app = app_serving(&base).await;
    let asset = app.get("/assets/app.js").await;
    assert_eq!(asset.status(), 200);
    assert!(asset.headers().get("etag").is_some());
    assert_eq!(asset.text().await.unwrap(), "console.log('app')");
    for route in [
        "/",
        "/dashboard",
        "/docs",
        "/legal/privacy",
        "/assets/missing.js",
    ] {
        let response = app.get(route).await;
        assert_eq!(response.status(), 200, "{route}");
        assert_eq!(
            response.text().await.unwrap(),
            "<html>spa index</html>",
            "{route}"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn no_spelling_of_dot_dot_escapes_the_static_dir() {
    let base = web_build();
    let app = app_serving(&base).await;
    for path in [
        "/../secret.env",
        "/assets/../../secret.env",
        "/%2e%2e/secret.env",
        "/%2E%2E/%2E%2E/secret.env",
        "/..%2fsecret.env",
        "/..%5csecret.env",
        "/..\\secret.env",
        "/assets/..%2f..%2fsecret.env",
    ] {
        let response = raw_get(&app, path).await;
        assert!(response.starts_with("HTTP/1.1 "), "{path}: {response}");
        assert!(
            !response.contains("TOP_SECRET"),
            "{path} leaked: {response}"
        );
    }
    app.stop().await;
}
