//! `GET /downloads/{os}/{arch}`: a 302 to the latest CloudNode release's binary for that
//! platform (rest-api.md §7). Unauthenticated, 60/minute.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::releases::DownloadError;

pub fn configure(config: &mut web::ServiceConfig) {
    config.route(
        "/downloads/{os}/{arch}",
        web::get().to(download_node_binary),
    );
}

async fn download_node_binary(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "download_node_binary", RateLimit::per_minute(60))
        .await?;
    let (os, arch) = path.into_inner();
    let url = state
        .releases
        .download_url(&os, &arch)
        .await
        .map_err(download_error)?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, url))
        .finish())
}

fn download_error(error: DownloadError) -> ApiError {
    let status = match error {
        DownloadError::ReleaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        DownloadError::UnsupportedOs(_)
        | DownloadError::UnsupportedArch(_)
        | DownloadError::NoPrebuiltBinary { .. } => StatusCode::NOT_FOUND,
    };
    ApiError::detail(status, error.to_string())
}
