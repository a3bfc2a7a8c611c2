//! The single-page app: files from `STATIC_DIR`, `index.html` for client-side routes, and
//! JSON 404s for unknown backend paths.
//!
//! The original joined the raw request path onto its static folder, so `/../app/config.py`
//! served source code. Here a path is decoded once, any `..`, backslash, NUL or absolute
//! segment is refused, and the resolved file must still sit under the canonical root.

use crate::allowed_methods::AllowedMethods;
use crate::state::AppState;
use actix_files::NamedFile;
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, web};
use percent_encoding::percent_decode_str;
use serde_json::json;
use std::path::{Component, Path, PathBuf};

/// Paths owned by the backend: an unknown one is a JSON 404, never the SPA.
const BACKEND_PREFIXES: &[&str] = &[
    "/api",
    "/ws",
    "/install.",
    "/mcp-setup.",
    "/downloads/",
    "/.well-known/",
    "/security.txt",
];

const PLACEHOLDER_PAGE: &str = include_str!("placeholder.html");

pub async fn fallback(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let path = req.path();
    // A route exists for this path, just not for this method.
    if req.resource_map().has_resource(path) {
        let allow = req
            .app_data::<web::Data<AllowedMethods>>()
            .and_then(|table| table.allow_header(path));
        return method_not_allowed(allow.as_deref());
    }
    if BACKEND_PREFIXES
        .iter()
        .any(|prefix| path.starts_with(prefix))
    {
        return not_found();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return method_not_allowed(Some("GET, HEAD"));
    }
    app_shell(req, state).await
}

/// 405 with the `Allow` header RFC 9110 requires (empty when nothing is known: a route
/// outside the table).
pub fn method_not_allowed(allow: Option<&str>) -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, allow.unwrap_or("")))
        .json(json!({"detail": "Method Not Allowed"}))
}

/// The dashboard's page, for paths a backend route owns only for some methods: `/mcp` is
/// the MCP endpoint for POST and the dashboard's MCP page in a browser.
pub async fn app_shell(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let path = req.path();
    let root = state.config.static_dir.as_path();
    if let Some(file) = confined_file(root, path)
        && let Ok(named) = NamedFile::open_async(&file).await
    {
        return named.into_response(&req);
    }
    let mut response = match NamedFile::open_async(root.join("index.html")).await {
        Ok(index) => index.into_response(&req),
        Err(_) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(PLACEHOLDER_PAGE),
    };
    let policy = crate::middleware::spa_policy(state.config.clerk_frontend_api.as_deref());
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(actix_web::http::header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(json!({"detail": "Not Found"}))
}

/// The existing regular file `request_path` names under `root`, or `None` if the path is
/// malformed, tries to leave the root, or names nothing.
pub fn confined_file(root: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(request_path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative.as_os_str().is_empty()
        || relative
            .components()
            .any(|component| !matches!(component, Component::Normal(_)))
    {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let candidate = root.join(relative).canonicalize().ok()?;
    (candidate.starts_with(&root) && candidate.is_file()).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree() -> (tempfile_dir::TempDir, PathBuf) {
        let base = tempfile_dir::TempDir::new();
        let root = base.path().join("dist");
        fs::create_dir_all(root.join("assets")).unwrap();
        fs::write(root.join("index.html"), "index").unwrap();
        fs::write(root.join("assets/app.js"), "js").unwrap();
        fs::write(base.path().join("secret.env"), "secret").unwrap();
        (base, root)
    }

    #[test]
    fn serves_files_inside_the_root() {
        let (_base, root) = tree();
        assert!(confined_file(&root, "/assets/app.js").is_some());
        assert!(confined_file(&root, "/assets/%61pp.js").is_some());
    }

    #[test]
    fn refuses_every_escape_spelling() {
        let (_base, root) = tree();
        for path in [
            "/../secret.env",
            "/assets/../../secret.env",
            "/%2e%2e/secret.env",
            "/%2E%2E/secret.env",
            "/..%2fsecret.env",
            "/..%5csecret.env",
            "/..\\secret.env",
            "/assets/%00app.js",
            "//etc/passwd",
            "/",
            "/assets",
        ] {
            assert!(confined_file(&root, path).is_none(), "{path}");
        }
    }

    /// A tiny temp dir so this crate needs no extra dev-dependency.
    mod tempfile_dir {
        use std::path::{Path, PathBuf};

        pub struct TempDir(PathBuf);

        impl TempDir {
            pub fn new() -> Self {
                let path =
                    std::env::temp_dir().join(format!("spa-test-{:016x}", rand::random::<u64>()));
                std::fs::create_dir_all(&path).unwrap();
                Self(path)
            }

            pub fn path(&self) -> &Path {
                &self.0
            }
        }

        impl Drop for TempDir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }
}
