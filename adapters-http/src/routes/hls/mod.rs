//! The live pipeline's HTTP surface (`/api/cameras/{camera_id}/…`, rest-api.md §3): thin
//! handlers over `LivePipeline`. Viewers read `stream.m3u8` (the media playlist every
//! existing player loads), `master.m3u8` (the same stream behind a master playlist that
//! carries `CODECS`; see `sentinel_domain::live`) and `segment/{filename}`; CloudNodes push
//! segments, playlists, their codecs and motion events.
//!
//! Pushed bodies are read with their size cap enforced while reading (see `body`).

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{LiveNode, Query, Validate, ViewUser};
use crate::middleware::rate_limited;
use crate::responses::hls::{MotionReported, PushAccepted, SegmentPushed};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse, get, post};
use sentinel_application::blocking::unblock;
use sentinel_application::live::Viewer;
use sentinel_application::motion::MotionError;
use sentinel_domain::ids::CameraId;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::text::make_nul_free;
use serde::Deserialize;
use serde_json::Value;
use utoipa_actix_web::service_config::ServiceConfig;

mod body;
mod error;
mod shared;
mod wire;

use body::read_capped_body;
use error::HlsError;
use wire::{CodecReportBody, MotionReportBody};

const PUSH_SEGMENT_LIMIT: RateLimit = RateLimit::per_minute(1200);
const PLAYLIST_LIMIT: RateLimit = RateLimit::per_minute(600);
const CODEC_LIMIT: RateLimit = RateLimit::per_minute(30);
const MOTION_LIMIT: RateLimit = RateLimit::per_minute(120);

/// A codec report is a two-field JSON object; anything this large is not one.
const CODEC_BODY_MAX_BYTES: u64 = 16 * 1024;
/// A motion report is three small fields.
const MOTION_BODY_MAX_BYTES: u64 = 16 * 1024;

const PLAYLIST_CONTENT_TYPE: &str = "application/vnd.apple.mpegurl";
const PLAYLIST_CACHE_CONTROL: &str = "no-store, no-cache, must-revalidate, max-age=0";
const SEGMENT_CONTENT_TYPE: &str = "video/mp2t";
const SEGMENT_CACHE_CONTROL: &str = "public, max-age=3600";

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(stream_playlist)
        .service(master_playlist)
        .service(segment)
        .service(push_segment)
        .service(push_playlist)
        .service(report_codec)
        .service(report_motion);
    shared::configure(config);
}

/// The camera's media playlist, rewritten to proxy URIs, while the node keeps pushing it
/// (30 s). Logs the access at most once per user and camera every five minutes.
#[utoipa::path(
    tag = "hls",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "Media playlist", content_type = "application/vnd.apple.mpegurl", body = String),
        (status = 404, description = "`Camera not found`, `Camera node not found` or `Stream not started yet`"),
        (status = 503, description = "`LIVE_STORE=redis` and Redis did not answer")
    )
)]
#[get("/api/cameras/{camera_id}/stream.m3u8")]
async fn stream_playlist(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: ViewUser,
    camera_id: web::Path<String>,
) -> Result<HttpResponse, HlsError> {
    let camera_id = CameraId::new(camera_id.into_inner());
    let viewer = viewer(&req, &user);
    let pipeline = &state.live_pipeline;
    let body = pipeline
        .warmed(|| pipeline.playlist_for_viewer(&viewer, &camera_id))
        .await?;
    Ok(playlist_response(body))
}

/// A master playlist for `stream.m3u8` with `BANDWIDTH` and, once the node reported them,
/// the camera's `CODECS` (the standard place for what the original's docs called
/// `#EXT-X-CODECS`).
#[utoipa::path(
    tag = "hls",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "Master playlist", content_type = "application/vnd.apple.mpegurl", body = String),
        (status = 404, description = "`Camera not found`, `Camera node not found` or `Stream not started yet`"),
        (status = 503, description = "`LIVE_STORE=redis` and Redis did not answer")
    )
)]
#[get("/api/cameras/{camera_id}/master.m3u8")]
async fn master_playlist(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: ViewUser,
    camera_id: web::Path<String>,
) -> Result<HttpResponse, HlsError> {
    let camera_id = CameraId::new(camera_id.into_inner());
    let viewer = viewer(&req, &user);
    let pipeline = &state.live_pipeline;
    let body = pipeline
        .warmed(|| pipeline.master_playlist_for_viewer(&viewer, &camera_id))
        .await?;
    Ok(playlist_response(Bytes::from(body)))
}

/// One cached MPEG-TS segment; each one served counts a viewer-second against the org's
/// monthly viewer-hour cap.
#[utoipa::path(
    tag = "hls",
    params(
        ("camera_id" = String, Path, description = "The camera's public id"),
        ("filename" = String, Path, description = "`segment_<digits>.ts`")
    ),
    security(("session" = [])),
    responses(
        (status = 200, description = "Segment bytes", content_type = "video/mp2t", body = Vec<u8>),
        (status = 400, description = "`Invalid segment filename`"),
        (status = 404, description = "`Camera not found` or `Segment not found`"),
        (status = 429, description = "Monthly viewer-hour cap reached (`Retry-After: 3600`)"),
        (status = 503, description = "`LIVE_STORE=redis` and Redis did not answer")
    )
)]
#[get("/api/cameras/{camera_id}/segment/{filename}")]
async fn segment(
    state: web::Data<AppState>,
    user: ViewUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, HlsError> {
    let (camera_id, filename) = path.into_inner();
    let camera_id = CameraId::new(camera_id);
    let pipeline = &state.live_pipeline;
    let bytes = pipeline
        .warmed(|| pipeline.segment_for_viewer(&user.org_id, &user.user_id, &camera_id, &filename))
        .await?;
    Ok(segment_response(bytes))
}

#[derive(Debug, Deserialize)]
struct PushSegmentQuery {
    filename: Option<String>,
}

impl Validate for PushSegmentQuery {
    fn validate(&self) -> Result<(), FieldError> {
        match self.filename {
            Some(_) => Ok(()),
            None => Err(FieldError::new("filename", "Field required")),
        }
    }
}

/// A CloudNode uploads one `.ts` segment (raw body, any content type).
#[utoipa::path(
    tag = "hls",
    params(
        ("camera_id" = String, Path, description = "The camera's public id"),
        ("filename" = String, Query, description = "`segment_<digits>.ts`"),
        ("X-Node-API-Key" = String, Header, description = "The node's API key")
    ),
    security(()),
    request_body(content = Vec<u8>, content_type = "video/mp2t", description = "Raw MPEG-TS bytes, at most `SEGMENT_PUSH_MAX_BYTES`"),
    responses(
        (status = 200, body = SegmentPushed),
        (status = 400, description = "`Invalid segment filename` or `Invalid Content-Length header`"),
        (status = 401, description = "`Missing API key` or `Invalid API key`"),
        (status = 402, description = "Camera suspended by the plan's camera cap"),
        (status = 404, description = "`Camera not found`"),
        (status = 413, description = "Body over the cap"),
        (status = 422, description = "`filename` missing"),
        (status = 429, description = "Over 1200 pushes a minute"),
        (status = 503, description = "`LIVE_STORE=redis` and Redis did not answer: retry")
    )
)]
#[post(
    "/api/cameras/{camera_id}/push-segment",
    wrap = "rate_limited(\"push_segment\", PUSH_SEGMENT_LIMIT)"
)]
async fn push_segment(
    state: web::Data<AppState>,
    req: HttpRequest,
    camera_id: web::Path<String>,
    query: Query<PushSegmentQuery>,
    node: LiveNode,
    payload: web::Payload,
) -> Result<HttpResponse, HlsError> {
    let camera_id = CameraId::new(camera_id.into_inner());
    let filename = query.0.filename.unwrap_or_default();
    let pipeline = &state.live_pipeline;
    let admitted = pipeline
        .warmed(|| pipeline.admit_segment(&node, &camera_id, &filename))
        .await?;
    let max = state.config.live.segment_push_max_bytes;
    let body = read_capped_body(&req, payload, max).await?;
    let cached_segments = pipeline.push_segment(&admitted, body).await?;
    Ok(HttpResponse::Ok().json(SegmentPushed {
        success: true,
        cached_segments,
    }))
}

/// A CloudNode uploads its current media playlist (raw text); it is rewritten to proxy
/// URIs and cached. Suspended cameras may still push playlists.
#[utoipa::path(
    tag = "hls",
    params(
        ("camera_id" = String, Path, description = "The camera's public id"),
        ("X-Node-API-Key" = String, Header, description = "The node's API key")
    ),
    security(()),
    request_body(content = String, content_type = "text/plain", description = "m3u8 text, at most `PLAYLIST_PUSH_MAX_BYTES`"),
    responses(
        (status = 200, description = "`Playlist updated`", body = PushAccepted),
        (status = 400, description = "Not UTF-8, or `Invalid Content-Length header`"),
        (status = 401, description = "`Missing API key` or `Invalid API key`"),
        (status = 404, description = "`Camera not found`"),
        (status = 413, description = "Body over the cap"),
        (status = 429, description = "Over 600 pushes a minute"),
        (status = 503, description = "`LIVE_STORE=redis` and Redis did not answer: retry")
    )
)]
#[post(
    "/api/cameras/{camera_id}/playlist",
    wrap = "rate_limited(\"playlist\", PLAYLIST_LIMIT)"
)]
async fn push_playlist(
    state: web::Data<AppState>,
    req: HttpRequest,
    camera_id: web::Path<String>,
    node: LiveNode,
    payload: web::Payload,
) -> Result<HttpResponse, HlsError> {
    let camera_id = CameraId::new(camera_id.into_inner());
    let pipeline = &state.live_pipeline;
    let camera = pipeline
        .warmed(|| pipeline.node_camera(&node, &camera_id))
        .await?;
    let max = state.config.live.playlist_push_max_bytes;
    let body = read_capped_body(&req, payload, max).await?;
    pipeline.push_playlist(&camera, &body).await?;
    Ok(HttpResponse::Ok().json(PushAccepted::new("Playlist updated")))
}

/// A CloudNode reports the codecs of a camera's stream (once per camera per run).
#[utoipa::path(
    tag = "hls",
    params(
        ("camera_id" = String, Path, description = "The camera's public id"),
        ("X-Node-API-Key" = String, Header, description = "The node's API key")
    ),
    security(()),
    request_body(content = CodecReportBody, description = "`{video_codec, audio_codec?}`, read as raw JSON"),
    responses(
        (status = 200, description = "`Codec updated`", body = PushAccepted),
        (status = 400, description = "Body not a JSON object, `video_codec` missing, or a codec malformed"),
        (status = 401, description = "`Missing API key` or `Invalid API key`"),
        (status = 404, description = "`Camera not found`"),
        (status = 413, description = "Body over 16 KiB"),
        (status = 429, description = "Over 30 reports a minute")
    )
)]
#[post(
    "/api/cameras/{camera_id}/codec",
    wrap = "rate_limited(\"codec\", CODEC_LIMIT)"
)]
async fn report_codec(
    state: web::Data<AppState>,
    req: HttpRequest,
    camera_id: web::Path<String>,
    node: LiveNode,
    payload: web::Payload,
) -> Result<HttpResponse, HlsError> {
    let camera_id = CameraId::new(camera_id.into_inner());
    let pipeline = state.live_pipeline.clone();
    let camera = pipeline
        .warmed(|| pipeline.node_camera(&node, &camera_id))
        .await?;
    let body = read_capped_body(&req, payload, CODEC_BODY_MAX_BYTES).await?;
    let node = node.0;
    unblock(move || pipeline.record_codecs(&node, &camera, &body)).await?;
    Ok(HttpResponse::Ok().json(PushAccepted::new("Codec updated")))
}

/// A CloudNode reports motion on one of its cameras (`{score, timestamp?, segment_seq?}`).
///
/// With the org's motion ingestion switched off the answer is `{success: true, ingested:
/// false, reason: "ingestion_disabled"}` and the body is not read. A report without a
/// usable `score` is dropped with a 200 (the node never retries motion) naming why:
/// `{success: true, ingested: false, reason: "missing_score" | "invalid_score"}`. A body
/// that is not a JSON object is a 400 (the original answered 500).
#[utoipa::path(
    tag = "hls",
    params(
        ("camera_id" = String, Path, description = "The camera's public id"),
        ("X-Node-API-Key" = String, Header, description = "The node's API key")
    ),
    security(()),
    request_body(content = MotionReportBody, description = "`{score: 0–100 (Python-int-coercible, clamped), timestamp?: ISO-8601 (offset dropped, else now), segment_seq?: int}`, read as raw JSON"),
    responses(
        (status = 200, description = "`ingested: true`, or `ingested: false` with its `reason`", body = MotionReported),
        (status = 400, description = "Body not a JSON object, or `Invalid Content-Length header`"),
        (status = 401, description = "`Missing API key` or `Invalid API key`"),
        (status = 404, description = "`Camera not found`"),
        (status = 413, description = "Body over 16 KiB"),
        (status = 429, description = "Over 120 reports a minute")
    )
)]
#[post(
    "/api/cameras/{camera_id}/motion",
    wrap = "rate_limited(\"motion\", MOTION_LIMIT)"
)]
async fn report_motion(
    state: web::Data<AppState>,
    req: HttpRequest,
    camera_id: web::Path<String>,
    node: LiveNode,
    payload: web::Payload,
) -> Result<HttpResponse, HlsError> {
    let camera_id = CameraId::new(camera_id.into_inner());
    let pipeline = &state.live_pipeline;
    pipeline
        .warmed(|| pipeline.node_camera(&node, &camera_id))
        .await?;
    if !motion_ingestion_enabled(&state, &node).await? {
        return Ok(not_ingested("ingestion_disabled"));
    }
    let body = read_capped_body(&req, payload, MOTION_BODY_MAX_BYTES).await?;
    let report = match serde_json::from_slice::<Value>(&body) {
        Ok(mut report @ Value::Object(_)) => {
            make_nul_free(&mut report);
            report
        }
        Ok(_) => return Err(ApiError::bad_request("Motion event must be a JSON object").into()),
        Err(error) => {
            return Err(ApiError::bad_request(format!("Invalid JSON body: {error}")).into());
        }
    };
    let motion = state.motion.clone();
    let node = node.0;
    let stored = unblock(move || motion.ingest(&node, &camera_id, &report)).await;
    match stored {
        Ok(_) => Ok(HttpResponse::Ok().json(MotionReported::ingested())),
        Err(MotionError::Rejected(rejection)) => {
            tracing::debug!(%rejection, "motion event dropped");
            Ok(not_ingested(rejection.code()))
        }
        Err(MotionError::CameraNotFound | MotionError::NodeNotFound) => {
            Err(ApiError::not_found("Camera not found").into())
        }
        Err(MotionError::Storage(error)) => Err(ApiError::from(error).into()),
    }
}

// ----- helpers ----------------------------------------------------------------------------

/// The org's motion switch, from memory (read at most every 30 s per org).
async fn motion_ingestion_enabled(state: &AppState, node: &LiveNode) -> Result<bool, ApiError> {
    if let Some(enabled) = state.motion.cached_switch(&node.org_id) {
        return Ok(enabled);
    }
    let (motion, org) = (state.motion.clone(), node.org_id.clone());
    Ok(unblock(move || motion.load_switch(&org)).await?)
}

fn not_ingested(reason: &'static str) -> HttpResponse {
    HttpResponse::Ok().json(MotionReported::dropped(reason))
}

fn viewer(req: &HttpRequest, user: &ViewUser) -> Viewer {
    Viewer {
        org: user.org_id.clone(),
        user_id: user.user_id.clone(),
        email: user.email.clone(),
        ip_address: Some(crate::rate_limit::client_ip(req)),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|agent| agent.to_str().ok())
            .map(str::to_owned),
    }
}

fn segment_response(bytes: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(SEGMENT_CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, SEGMENT_CACHE_CONTROL))
        .body(bytes)
}

fn playlist_response(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(PLAYLIST_CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, PLAYLIST_CACHE_CONTROL))
        .insert_header((header::PRAGMA, "no-cache"))
        .body(body)
}
