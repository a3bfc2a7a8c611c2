//! The MCP client setup scripts: served with this server's URL, and the shell one really
//! configures the clients it finds in a scratch home (no terminal: every detected client).

use sentinel_tests::TestApp;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

const KEY: &str = "osc_0123456789abcdef0123456789abcdef";

async fn fetch(app: &TestApp, path: &str) -> (reqwest::header::HeaderMap, String) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    (headers, response.text().await.unwrap())
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs the script with no terminal (setsid: no controlling tty) in `home`.
fn run_script(script: &Path, home: &Path, args: &[&str]) -> std::process::Output {
    Command::new("setsid")
        .arg("bash")
        .arg(script)
        .args(args)
        .env("HOME", home)
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[actix_web::test]
async fn both_scripts_are_served_with_this_servers_url() {
    let app = TestApp::start().await;
    let (headers, sh) = fetch(&app, "/mcp-setup.sh").await;
    assert_eq!(headers["content-type"], "text/x-shellscript; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "inline; filename=mcp-setup.sh"
    );
    assert_eq!(headers["cache-control"], "no-cache, max-age=60");
    assert!(sh.contains(&format!("DEFAULT_SERVER_URL=\"http://{}\"", app.address)));
    let (headers, ps1) = fetch(&app, "/mcp-setup.ps1").await;
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "inline; filename=mcp-setup.ps1"
    );
    assert_eq!(headers["cache-control"], "no-cache, max-age=60");
    assert!(ps1.contains(&format!("$DefaultServerUrl = 'http://{}'", app.address)));
    assert!(ps1.starts_with("# Sentinel Command Center"));
    assert!(
        ps1.contains("param("),
        "takes arguments through a scriptblock"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_shell_script_merges_an_entry_into_each_detected_client() {
    let app = TestApp::start().await;
    let (_, sh) = fetch(&app, "/mcp-setup.sh").await;
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path();
    let script = home.join("mcp-setup.sh");
    std::fs::write(&script, &sh).unwrap();
    // Cursor with another server already configured; Windsurf with a corrupt file.
    std::fs::create_dir_all(home.join(".cursor")).unwrap();
    std::fs::write(
        home.join(".cursor/mcp.json"),
        r#"{"mcpServers": {"other": {"url": "http://other"}}, "theme": "dark"}"#,
    )
    .unwrap();
    std::fs::create_dir_all(home.join(".codeium/windsurf")).unwrap();
    std::fs::write(home.join(".codeium/windsurf/mcp_config.json"), "{not json").unwrap();
    std::fs::create_dir_all(home.join(".config/Claude")).unwrap();

    let output = run_script(&script, home, &[KEY]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let url = format!("http://{}/mcp", app.address);

    let cursor = read_json(&home.join(".cursor/mcp.json"));
    assert_eq!(cursor["mcpServers"]["opensentry"]["url"], url.as_str());
    assert_eq!(
        cursor["mcpServers"]["opensentry"]["headers"]["Authorization"],
        format!("Bearer {KEY}")
    );
    assert_eq!(cursor["mcpServers"]["other"]["url"], "http://other", "kept");
    assert_eq!(cursor["theme"], "dark", "kept");

    let windsurf = read_json(&home.join(".codeium/windsurf/mcp_config.json"));
    assert_eq!(
        windsurf["mcpServers"]["opensentry"]["serverUrl"],
        url.as_str()
    );
    let backups: Vec<_> = std::fs::read_dir(home.join(".codeium/windsurf"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains(".bak."))
        .collect();
    assert_eq!(backups.len(), 1, "the corrupt file was backed up");
    assert_eq!(
        std::fs::read_to_string(backups[0].path()).unwrap(),
        "{not json"
    );

    let desktop = read_json(&home.join(".config/Claude/claude_desktop_config.json"));
    let entry = &desktop["mcpServers"]["opensentry"];
    assert_eq!(entry["command"], "npx");
    assert_eq!(entry["args"][2], url.as_str());
    assert_eq!(entry["env"]["OPENSENTRY_AUTH"], format!("Bearer {KEY}"));
    assert!(
        !home.join(".claude.json").exists(),
        "Claude Code not installed here"
    );
    assert!(stdout.contains("Configured 3 client(s)"), "{stdout}");

    // Running again replaces the entry instead of duplicating or corrupting anything.
    let again = run_script(&script, home, &[KEY, "https://cc.example.com/"]);
    assert!(again.status.success());
    let cursor = read_json(&home.join(".cursor/mcp.json"));
    assert_eq!(
        cursor["mcpServers"]["opensentry"]["url"],
        "https://cc.example.com/mcp"
    );
    assert_eq!(cursor["mcpServers"].as_object().unwrap().len(), 2);
    app.stop().await;
}

#[actix_web::test]
async fn the_shell_script_refuses_a_missing_or_foreign_key() {
    let app = TestApp::start().await;
    let (_, sh) = fetch(&app, "/mcp-setup.sh").await;
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path();
    let script = home.join("mcp-setup.sh");
    std::fs::write(&script, &sh).unwrap();
    std::fs::create_dir_all(home.join(".cursor")).unwrap();
    let missing = run_script(&script, home, &[]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no API key"));
    let foreign = run_script(&script, home, &["osi_0123456789abcdef0123456789abcdef"]);
    assert!(!foreign.status.success());
    assert!(String::from_utf8_lossy(&foreign.stderr).contains("MCP key"));
    assert!(!home.join(".cursor/mcp.json").exists(), "nothing written");
    app.stop().await;
}
