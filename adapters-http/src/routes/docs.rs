//! API documentation served with no internet: Swagger UI (vendored into the binary) and
//! ReDoc (its standalone bundle comes from the web build's `vendor/` folder).

use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpResponse, web};

const REDOC_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sentinel Command Center API — ReDoc</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
  <redoc spec-url="/api/openapi.json"></redoc>
  <script src="/api-redoc/redoc.standalone.js"></script>
</body>
</html>
"#;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route("/api-redoc", web::get().to(redoc_page))
        .route(
            "/api-redoc/redoc.standalone.js",
            web::get().to(redoc_bundle),
        )
        .route(
            "/api-docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header((header::LOCATION, "/api-docs/"))
                    .finish()
            }),
        );
}

async fn redoc_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(REDOC_PAGE)
}

async fn redoc_bundle(state: web::Data<AppState>) -> HttpResponse {
    let path = state.config.static_dir.join("vendor/redoc.standalone.js");
    match tokio::fs::read(&path).await {
        Ok(bundle) => HttpResponse::Ok()
            .content_type("application/javascript; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(bundle),
        Err(_) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("ReDoc bundle missing: build the web app (`just web`) to vendor it."),
    }
}
