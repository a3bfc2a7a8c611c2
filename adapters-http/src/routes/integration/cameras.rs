//! Home Assistant's camera endpoints: the camera list (with LAN stream addresses), a live
//! JPEG through the node's WebSocket, and the continuous-recording switch.

use crate::error::ApiError;
use crate::extract::{IntegrationKey, Json};
use crate::responses::integration::{
    IntegrationCamera, IntegrationCameras, IntegrationRecordingSet,
};
use crate::routes::cameras::now;
use crate::routes::truthy;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::live_snapshot::SnapshotError;
use sentinel_domain::ids::CameraId;
use sentinel_domain::rate_limit::RateLimit;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_cameras)
        .service(camera_snapshot)
        .service(set_recording);
}

/// Every camera of the key's org, oldest first, with its node and LAN stream address.
#[utoipa::path(
    operation_id = "list_integration_cameras",
    tag = "integration",
    security(("integration_key" = [])),
    responses(
        (status = 200, body = IntegrationCameras),
        (status = 401, description = "Missing, empty, unknown or revoked integration key"),
        (status = 429, description = "Over 120 a minute"),
    )
)]
#[get("/api/integration/cameras")]
async fn list_cameras(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: IntegrationKey,
) -> Result<web::Json<IntegrationCameras>, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_cameras", RateLimit::per_minute(120))
        .await?;
    let (integration, org) = (state.use_cases.integration.clone(), key.user.org_id.clone());
    let cameras = unblock(move || integration.cameras_with_nodes(&org)).await?;
    let at = now(&state);
    Ok(web::Json(IntegrationCameras {
        cameras: cameras
            .iter()
            .map(|camera| IntegrationCamera::new(camera, at))
            .collect(),
    }))
}

/// A live JPEG from the camera's node (raw bytes, never cached).
#[utoipa::path(
    tag = "integration",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("integration_key" = [])),
    responses(
        (status = 200, description = "The JPEG", content_type = "image/jpeg", body = Vec<u8>),
        (status = 401, description = "Missing, empty, unknown or revoked integration key"),
        (status = 404, description = "Camera not found"),
        (status = 429, description = "Over 30 a minute"),
        (status = 503, description = "The capture failed: node offline, timeout, node-side error"),
    )
)]
#[get("/api/integration/cameras/{camera_id}/snapshot")]
async fn camera_snapshot(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: IntegrationKey,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_snapshot", RateLimit::per_minute(30))
        .await?;
    let camera_id = CameraId::new(path.into_inner());
    let snapshot = state
        .use_cases
        .snapshots
        .capture(&key.user.org_id, &camera_id)
        .await
        .map_err(|error| match error {
            SnapshotError::CameraNotFound(_) => ApiError::not_found("Camera not found"),
            SnapshotError::Storage(cause) => ApiError::from(cause),
            other => ApiError::detail(StatusCode::SERVICE_UNAVAILABLE, other.to_string()),
        })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .body(snapshot.jpeg))
}

/// `{"recording": <any>}`: any JSON object is accepted (see [`truthy`]).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Documents the body only: the handler reads any JSON object.
pub struct IntegrationRecordingRequest {
    /// Python truthiness: missing, `false`, `0`, `""`, `[]`, `{}` and `null` turn recording
    /// off; anything else turns it on.
    pub recording: Option<Value>,
}

/// Turns continuous 24/7 recording on or off (`{"recording": <any>}`, truthiness, missing =
/// off); the node picks it up on its next heartbeat.
#[utoipa::path(
    tag = "integration",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("integration_key" = [])),
    request_body = IntegrationRecordingRequest,
    responses(
        (status = 200, body = IntegrationRecordingSet),
        (status = 401, description = "Missing, empty, unknown or revoked integration key"),
        (status = 404, description = "Camera not found"),
        (status = 422, description = "The body is not a JSON object"),
        (status = 429, description = "Over 60 a minute"),
    )
)]
#[post("/api/integration/cameras/{camera_id}/recording")]
async fn set_recording(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: IntegrationKey,
    path: web::Path<String>,
    body: Json<Value>,
) -> Result<web::Json<IntegrationRecordingSet>, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_recording", RateLimit::per_minute(60))
        .await?;
    let fields = body.0.as_object().ok_or_else(|| {
        ApiError::detail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Request body must be a JSON object",
        )
    })?;
    let recording = fields.get("recording").is_some_and(truthy);
    let actor = key.actor(&req);
    let camera_id = CameraId::new(path.into_inner());
    let (catalog, at, id) = (
        state.use_cases.cameras.clone(),
        now(&state),
        camera_id.clone(),
    );
    let recording = unblock(move || {
        catalog.set_continuous_recording_via(&actor, &id, recording, at, Some("integration"))
    })
    .await?;
    Ok(web::Json(IntegrationRecordingSet {
        camera_id,
        recording,
    }))
}
