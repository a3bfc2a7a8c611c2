//! `/api/share/{token}/…` (rest-api.md §14.2): what a share link's bearer may reach, and
//! nothing more: the link's page and its cameras' playlists and segments. No session is
//! read; the token is the credential, and every limit is counted per client address, so
//! an outsider guessing tokens spends only their own budget.

use super::{HlsError, playlist_response, segment_response};
use crate::error::ApiError;
use crate::rate_limit::client_ip;
use crate::responses::sharing::SharedPage;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, web};
use sentinel_application::sharing::{ShareAccessError, SharedClient};
use sentinel_domain::ids::CameraId;
use sentinel_domain::rate_limit::RateLimit;
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

const PAGE_LIMIT: RateLimit = RateLimit::per_minute(60);
/// A group link's viewer fetches a playlist and a segment a second per camera.
const MEDIA_LIMIT: RateLimit = RateLimit::per_minute(2400);
/// Tokens this instance does not remember, resolved from the database per client.
const LOOKUP_LIMIT: RateLimit = RateLimit::per_minute(60);

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(shared_page)
        .service(shared_playlist)
        .service(shared_segment);
}

/// The link's page: its label, expiry and cameras with their link-scoped playlists. Counts
/// a view.
#[utoipa::path(
    tag = "share",
    params(("token" = String, Path, description = "The link's token (`shr_` + 32 hex characters)")),
    security(()),
    responses(
        (status = 200, body = SharedPage),
        (status = 404, description = "`Share link not found`"),
        (status = 410, description = "`share_link_expired`, `share_link_revoked` or `share_link_unavailable`"),
        (status = 429, description = "`share_link_full`, or over 60 a minute from this client")
    )
)]
#[get("/api/share/{token}")]
async fn shared_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<web::Json<SharedPage>, HlsError> {
    state
        .rate_limiter
        .check_client(&req, "share_page", PAGE_LIMIT)
        .await?;
    let token = token.into_inner();
    let access = state.use_cases.shared_access.clone();
    let view = access.open(&token, &client(&req)).await?;
    Ok(web::Json(SharedPage::new(&view, &token)))
}

/// One of the link's cameras' media playlist (relative `segment/…` URIs).
#[utoipa::path(
    tag = "share",
    params(
        ("token" = String, Path, description = "The link's token"),
        ("camera_id" = String, Path, description = "One of the link's cameras")
    ),
    security(()),
    responses(
        (status = 200, description = "Media playlist", content_type = "application/vnd.apple.mpegurl", body = String),
        (status = 404, description = "`Share link not found`, `Camera not found` or `Stream not started yet`"),
        (status = 410, description = "`share_link_expired`, `share_link_revoked` or `share_link_unavailable`"),
        (status = 429, description = "`share_link_full`, or over this client's limits"),
        (status = 503, description = "`LIVE_STORE=redis` and Redis did not answer")
    )
)]
#[get("/api/share/{token}/cameras/{camera_id}/stream.m3u8")]
async fn shared_playlist(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, HlsError> {
    let (token, camera_id) = path.into_inner();
    admit_client(&state, &req, &token).await?;
    let access = state.use_cases.shared_access.clone();
    let body = access
        .playlist(&token, &CameraId::new(camera_id), &client(&req))
        .await?;
    Ok(playlist_response(body))
}

/// One of the link's cameras' segments; counts a viewer-second against the org's cap.
#[utoipa::path(
    tag = "share",
    params(
        ("token" = String, Path, description = "The link's token"),
        ("camera_id" = String, Path, description = "One of the link's cameras"),
        ("filename" = String, Path, description = "`segment_<digits>.ts`")
    ),
    security(()),
    responses(
        (status = 200, description = "Segment bytes", content_type = "video/mp2t", body = Vec<u8>),
        (status = 400, description = "`Invalid segment filename`"),
        (status = 404, description = "`Share link not found`, `Camera not found` or `Segment not found`"),
        (status = 410, description = "`share_link_expired`, `share_link_revoked` or `share_link_unavailable`"),
        (status = 429, description = "`share_link_full`, the org's viewer-hour cap, or over this client's limits"),
        (status = 503, description = "`LIVE_STORE=redis` and Redis did not answer")
    )
)]
#[get("/api/share/{token}/cameras/{camera_id}/segment/{filename}")]
async fn shared_segment(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, HlsError> {
    let (token, camera_id, filename) = path.into_inner();
    admit_client(&state, &req, &token).await?;
    let access = state.use_cases.shared_access.clone();
    let bytes = access
        .segment(&token, &CameraId::new(camera_id), &filename, &client(&req))
        .await?;
    Ok(segment_response(bytes))
}

/// The client's media budget, and its lookup budget when the token is not in memory.
async fn admit_client(state: &AppState, req: &HttpRequest, token: &str) -> Result<(), ApiError> {
    let limiter = &state.rate_limiter;
    limiter
        .check_client(req, "share_media", MEDIA_LIMIT)
        .await?;
    if state.use_cases.shared_access.needs_lookup(token) {
        limiter
            .check_client(req, "share_token_lookup", LOOKUP_LIMIT)
            .await?;
    }
    Ok(())
}

fn client(req: &HttpRequest) -> SharedClient {
    SharedClient {
        ip: client_ip(req),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|agent| agent.to_str().ok())
            .map(str::to_owned),
    }
}

impl From<ShareAccessError> for HlsError {
    fn from(error: ShareAccessError) -> Self {
        let message = error.to_string();
        let coded = |status: StatusCode, code: &str, extras| {
            Self::Api(ApiError::coded(status, code, &message, extras))
        };
        match error {
            ShareAccessError::NotFound => Self::Api(ApiError::not_found(message.clone())),
            ShareAccessError::Expired => coded(StatusCode::GONE, "share_link_expired", json!({})),
            ShareAccessError::Revoked => coded(StatusCode::GONE, "share_link_revoked", json!({})),
            ShareAccessError::Unavailable => {
                coded(StatusCode::GONE, "share_link_unavailable", json!({}))
            }
            ShareAccessError::Full { max_viewers } => coded(
                StatusCode::TOO_MANY_REQUESTS,
                "share_link_full",
                json!({"max_viewers": max_viewers}),
            ),
            ShareAccessError::Live(live) => live.into(),
            ShareAccessError::Storage(cause) => Self::Api(cause.into()),
        }
    }
}
