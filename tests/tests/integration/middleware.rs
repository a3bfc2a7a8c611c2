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
    assert_eq!(response.headers()["allow"], "GET");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"detail": "Method Not Allowed"}));
    let spa = app.client.post(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(spa.status(), 405, "the SPA only answers GET and HEAD");
    assert_eq!(spa.headers()["allow"], "GET, HEAD");
    // Several patterns can match one path: `Allow` lists what all of them answer.
    let incidents = app
        .client
        .put(app.url("/api/incidents"))
        .send()
        .await
        .unwrap();
    assert_eq!(incidents.status(), 405);
    assert_eq!(incidents.headers()["allow"], "GET, POST");
    app.stop().await;
}

/// The MCP streamable-HTTP transport: a server that opens no server-initiated stream
/// answers a GET with 405 and `Allow: POST`; a browser still gets the dashboard's page.
#[actix_web::test]
async fn mcp_answers_other_methods_as_its_transport_says() {
    let app = TestApp::start().await;
    for (path, accept) in [("/mcp", "text/event-stream"), ("/mcp/", "*/*")] {
        let response = app
            .client
            .get(app.url(path))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{path}");
        assert_eq!(response.headers()["allow"], "POST", "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["jsonrpc"], "2.0", "{body}");
        assert!(body["error"]["message"].is_string(), "{body}");
    }
    let page = app
        .client
        .get(app.url("/mcp"))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    app.stop().await;
}

#[actix_web::test]
async fn security_txt_is_served_at_both_paths() {
    let app = TestApp::builder()
        .env("FRONTEND_URL", "https://dash.example.com/")
        .start()
        .await;
    let well_known = app.get("/.well-known/security.txt").await;
    assert_eq!(well_known.status(), 200);
    assert_eq!(
        well_known.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(
        well_known.headers()["cache-control"],
        "public, max-age=3600"
    );
    let body = well_known.text().await.unwrap();
    assert_eq!(body, app.get("/security.txt").await.text().await.unwrap());
    let fields: Vec<&str> = body
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(fields[0], "Contact: mailto:security@sentinel-command.com");
    assert!(fields[1].starts_with("Contact: https://github.com/"));
    assert_eq!(
        fields[2], "Expires: 2027-10-23T12:00:00Z",
        "330 days after the test clock"
    );
    assert_eq!(
        fields[3],
        "Canonical: https://dash.example.com/.well-known/security.txt"
    );
    assert!(fields[4].ends_with("#vulnerability-disclosure"));
    assert!(!body.contains("<html"));
    app.stop().await;
}

#[actix_web::test]
async fn the_installer_points_at_this_server_and_is_valid_bash() {
    let app = TestApp::start().await;
    let response = app.get("/install.sh").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/x-shellscript; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "inline; filename=install.sh"
    );
    let script = response.text().await.unwrap();
    assert!(script.starts_with("#!/usr/bin/env bash"));
    assert!(
        script.contains(&format!("API_URL_DEFAULT=\"http://{}\"", app.address)),
        "default API URL is this server"
    );
    let path = std::env::temp_dir().join(format!("install-{}.sh", app.address.port()));
    std::fs::write(&path, &script).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .unwrap();
    assert!(syntax.success(), "bash -n rejected the installer");
    let _ = std::fs::remove_file(path);
    app.stop().await;
}
