//! Unauthenticated text served at fixed paths: the CloudNode installer, the MCP client
//! setup scripts and security.txt.

use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use sentinel_domain::rate_limit::RateLimit;

const INSTALL_SCRIPT: &str = include_str!("../../assets/install.sh");
const MCP_SETUP_SH: &str = include_str!("../../assets/mcp-setup.sh");
const MCP_SETUP_PS1: &str = include_str!("../../assets/mcp-setup.ps1");
const API_URL_PLACEHOLDER: &str = "__SENTINEL_API_URL__";
const SECURITY_TXT_VALIDITY_DAYS: i64 = 330;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route("/install.sh", web::get().to(install_script))
        .route("/mcp-setup.sh", web::get().to(mcp_setup_sh))
        .route("/mcp-setup.ps1", web::get().to(mcp_setup_ps1))
        .route("/.well-known/security.txt", web::get().to(security_txt))
        .route("/security.txt", web::get().to(security_txt));
}

/// The installer, with this server's own address as the default API URL.
async fn install_script(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let script = Script {
        limit_name: "install_script",
        text: INSTALL_SCRIPT,
        content_type: "text/x-shellscript; charset=utf-8",
        filename: "install.sh",
        cache_control: None,
    };
    script.serve(&req, &state).await
}

/// Configures Claude Code / Desktop, Cursor and Windsurf on Linux and macOS.
async fn mcp_setup_sh(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let script = Script {
        limit_name: "mcp_setup_sh",
        text: MCP_SETUP_SH,
        content_type: "text/x-shellscript; charset=utf-8",
        filename: "mcp-setup.sh",
        cache_control: Some("no-cache, max-age=60"),
    };
    script.serve(&req, &state).await
}

/// The same for Windows PowerShell (run through a scriptblock so it takes arguments).
async fn mcp_setup_ps1(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let script = Script {
        limit_name: "mcp_setup_ps1",
        text: MCP_SETUP_PS1,
        content_type: "text/plain; charset=utf-8",
        filename: "mcp-setup.ps1",
        cache_control: Some("no-cache, max-age=60"),
    };
    script.serve(&req, &state).await
}

/// A script served with this server's own address substituted as its default URL.
struct Script {
    limit_name: &'static str,
    text: &'static str,
    content_type: &'static str,
    filename: &'static str,
    cache_control: Option<&'static str>,
}

impl Script {
    async fn serve(&self, req: &HttpRequest, state: &AppState) -> HttpResponse {
        if let Err(error) = state
            .rate_limiter
            .check(req, self.limit_name, RateLimit::per_minute(30))
            .await
        {
            return actix_web::ResponseError::error_response(&error);
        }
        let info = req.connection_info();
        let api_url = format!("{}://{}", info.scheme(), info.host());
        let body = self
            .text
            .replace(API_URL_PLACEHOLDER, &shell_safe(&api_url));
        let mut response = HttpResponse::Ok();
        response.content_type(self.content_type).insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename={}", self.filename),
        ));
        if let Some(cache_control) = self.cache_control {
            response.insert_header((header::CACHE_CONTROL, cache_control));
        }
        response.body(body)
    }
}

/// The host header ends up inside a shell string: keep only URL characters.
fn shell_safe(url: &str) -> String {
    url.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '.' | '-' | '[' | ']'))
        .collect()
}

/// RFC 9116 contact details, valid for 330 days from now.
async fn security_txt(state: web::Data<AppState>) -> HttpResponse {
    let expires = state.clock.now() + Duration::days(SECURITY_TXT_VALIDITY_DAYS);
    let canonical = state.config.frontend_url.trim_end_matches('/');
    let body = [
        "# Security contact for Sentinel Command Center (RFC 9116).".to_owned(),
        "# Please report vulnerabilities privately; we answer every report.".to_owned(),
        String::new(),
        "Contact: mailto:security@sentinel-command.com".to_owned(),
        "Contact: https://github.com/SourceBox-LLC/Sentinel-Command/security/advisories/new"
            .to_owned(),
        format!("Expires: {}", expires.format("%Y-%m-%dT%H:%M:%SZ")),
        format!("Canonical: {canonical}/.well-known/security.txt"),
        "Policy: https://sentinel-command.com/security#vulnerability-disclosure".to_owned(),
        "Preferred-Languages: en".to_owned(),
    ]
    .join("\n")
        + "\n";
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::shell_safe;

    #[test]
    fn hostile_hosts_cannot_break_out_of_the_shell_string() {
        assert_eq!(
            shell_safe("http://example.com:8000"),
            "http://example.com:8000"
        );
        assert_eq!(
            shell_safe("http://x\"; rm -rf /; echo \""),
            "http://xrm-rf/echo"
        );
    }
}
