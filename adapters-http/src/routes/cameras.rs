//! Cameras: the list and detail views, the record toggle and the recording policy.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Validate, ViewUser, actor};
use crate::responses::cameras::{
    CameraItem, RecordingPolicyBody, RecordingSettingsUpdated, RecordingToggled,
};
use crate::routes::truthy;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::NaiveDateTime;
use sentinel_application::blocking::unblock;
use sentinel_application::cameras::{CameraError, RecordingPolicyPatch};
use sentinel_application::live_snapshot::SnapshotError;
use sentinel_domain::fleet::{CameraListing, HhMm};
use sentinel_domain::ids::CameraId;
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

const CHANGE_LIMIT: RateLimit = RateLimit::per_minute(30);

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_cameras)
        .service(get_camera)
        .service(request_snapshot)
        .service(toggle_recording)
        .service(update_recording_settings);
}

/// The org's cameras with their effective status.
#[utoipa::path(
    tag = "cameras",
    security(("session" = [])),
    responses((status = 200, body = Vec<CameraItem>))
)]
#[get("/api/cameras")]
async fn list_cameras(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<Vec<CameraItem>>, ApiError> {
    let catalog = state.use_cases.cameras.clone();
    let org = user.org_id.clone();
    let listings = unblock(move || catalog.list_cameras(&org)).await?;
    let now = now(&state);
    Ok(web::Json(
        listings
            .iter()
            .map(|listing| CameraItem::new(listing, now))
            .collect(),
    ))
}

/// One camera of the org; 404 `Camera not found` otherwise.
#[utoipa::path(
    tag = "cameras",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("session" = [])),
    responses(
        (status = 200, body = CameraItem),
        (status = 404, description = "Camera not found")
    )
)]
#[get("/api/cameras/{camera_id}")]
async fn get_camera(
    state: web::Data<AppState>,
    user: ViewUser,
    path: web::Path<String>,
) -> Result<web::Json<CameraItem>, ApiError> {
    let catalog = state.use_cases.cameras.clone();
    let org = user.org_id.clone();
    let camera_id = CameraId::new(path.into_inner());
    let listing = unblock(move || catalog.get_camera(&org, &camera_id)).await?;
    Ok(web::Json(CameraItem::new(&listing, now(&state))))
}

/// Asks the camera's node for a JPEG over its WebSocket; the node's answer comes back as is.
#[utoipa::path(
    tag = "cameras",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The node's `command_result` payload, verbatim", body = Object),
        (status = 400, description = "Camera has no assigned node, or its node is gone"),
        (status = 404, description = "Camera not found"),
        (status = 429, description = "Over 30 a minute"),
        (status = 503, description = "Camera node is offline"),
        (status = 504, description = "Snapshot request timed out")
    )
)]
#[post("/api/cameras/{camera_id}/snapshot")]
async fn request_snapshot(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ViewUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "camera_snapshot", CHANGE_LIMIT)
        .await?;
    let camera_id = CameraId::new(path.into_inner());
    let answer = state
        .use_cases
        .snapshots
        .request(&user.org_id, &camera_id)
        .await
        .map_err(rest_snapshot_error)?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The REST route's words, older than the shared ones MCP and Home Assistant read.
fn rest_snapshot_error(error: SnapshotError) -> ApiError {
    match error {
        SnapshotError::CameraNotFound(_) => ApiError::not_found("Camera not found"),
        SnapshotError::NoNode(_) => ApiError::bad_request("Camera has no assigned node"),
        SnapshotError::NodeGone(_) => ApiError::bad_request("Camera node not found"),
        SnapshotError::NodeOffline(_) => {
            ApiError::detail(StatusCode::SERVICE_UNAVAILABLE, "Camera node is offline")
        }
        SnapshotError::TimedOut => {
            ApiError::detail(StatusCode::GATEWAY_TIMEOUT, "Snapshot request timed out")
        }
        SnapshotError::Storage(cause) => ApiError::from(cause),
        other => ApiError::detail(StatusCode::SERVICE_UNAVAILABLE, other.to_string()),
    }
}

/// `{"recording": <any>}`, read as it comes (any JSON is accepted; see [`truthy`]).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Documents the body only: the handler reads any JSON, as the original did.
pub struct RecordingToggleRequest {
    /// Python truthiness: missing, `false`, `0`, `""`, `[]`, `{}` and `null` turn recording
    /// off; anything else (even the string `"false"`) turns it on.
    pub recording: Option<Value>,
}

/// Turns continuous recording on or off (`{"recording": <any>}`, truthiness-coerced).
#[utoipa::path(
    tag = "cameras",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("session" = ["admin"])),
    request_body = RecordingToggleRequest,
    responses(
        (status = 200, body = RecordingToggled),
        (status = 404, description = "Camera not found"),
        (status = 429, description = "Over 30 a minute")
    )
)]
#[post("/api/cameras/{camera_id}/recording")]
async fn toggle_recording(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
    body: Json<Value>,
) -> Result<web::Json<RecordingToggled>, ApiError> {
    state
        .rate_limiter
        .check(&req, "camera_recording", CHANGE_LIMIT)
        .await?;
    let recording = body.0.get("recording").is_some_and(truthy);
    let actor = actor(&req, &user);
    let camera_id = CameraId::new(path.into_inner());
    let (catalog, at, id) = (
        state.use_cases.cameras.clone(),
        now(&state),
        camera_id.clone(),
    );
    let recording =
        unblock(move || catalog.set_continuous_recording(&actor, &id, recording, at)).await?;
    Ok(web::Json(RecordingToggled {
        success: true,
        camera_id,
        recording,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RecordingSettingsRequest {
    continuous_24_7: Option<bool>,
    scheduled_recording: Option<bool>,
    /// `HH:MM`; `""` clears, null or absent leaves unchanged.
    #[schema(max_length = 5, pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9])?$")]
    scheduled_start: Option<String>,
    /// `HH:MM`; `""` clears, null or absent leaves unchanged.
    #[schema(max_length = 5, pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9])?$")]
    scheduled_end: Option<String>,
}

impl Validate for RecordingSettingsRequest {
    fn validate(&self) -> Result<(), FieldError> {
        for (field, value) in [
            ("scheduled_start", &self.scheduled_start),
            ("scheduled_end", &self.scheduled_end),
        ] {
            if let Some(time) = value.as_deref().filter(|t| !t.is_empty()) {
                if time.chars().count() > 5 {
                    return Err(FieldError::new(
                        field,
                        "String should have at most 5 characters",
                    ));
                }
                if !HhMm::is_valid(time) {
                    return Err(FieldError::new(
                        field,
                        "Value error, must be HH:MM (24-hour)",
                    ));
                }
            }
        }
        Ok(())
    }
}

impl RecordingSettingsRequest {
    fn into_patch(self) -> RecordingPolicyPatch {
        let clearable = |value: Option<String>| value.map(|t| (!t.is_empty()).then_some(t));
        RecordingPolicyPatch {
            continuous_24_7: self.continuous_24_7,
            scheduled_recording: self.scheduled_recording,
            scheduled_start: clearable(self.scheduled_start),
            scheduled_end: clearable(self.scheduled_end),
        }
    }
}

/// Partially updates a camera's recording policy (continuous or scheduled, not both).
#[utoipa::path(
    tag = "cameras",
    params(("camera_id" = String, Path, description = "The camera's public id")),
    security(("session" = ["admin"])),
    request_body = RecordingSettingsRequest,
    responses(
        (status = 200, body = RecordingSettingsUpdated),
        (status = 404, description = "Camera not found"),
        (status = 422, description = "Both modes on, or a bad time"),
        (status = 429, description = "Over 30 a minute")
    )
)]
#[patch("/api/cameras/{camera_id}/recording-settings")]
async fn update_recording_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
    body: Json<RecordingSettingsRequest>,
) -> Result<web::Json<RecordingSettingsUpdated>, ApiError> {
    state
        .rate_limiter
        .check(&req, "camera_recording_settings", CHANGE_LIMIT)
        .await?;
    let actor = actor(&req, &user);
    let camera_id = CameraId::new(path.into_inner());
    let patch = body.0.into_patch();
    let (catalog, at, id) = (
        state.use_cases.cameras.clone(),
        now(&state),
        camera_id.clone(),
    );
    let policy = unblock(move || catalog.update_recording_policy(&actor, &id, &patch, at)).await?;
    Ok(web::Json(RecordingSettingsUpdated {
        success: true,
        camera_id,
        recording_policy: RecordingPolicyBody::from(&policy),
    }))
}

/// The Camera object as JSON, for the MCP camera tools (the same [`CameraItem`]).
pub fn camera_json(listing: &CameraListing, now: NaiveDateTime) -> Value {
    // A struct of strings, numbers and options always serialises; `Null` is unreachable.
    serde_json::to_value(CameraItem::new(listing, now)).unwrap_or_default()
}

pub(crate) fn now(state: &AppState) -> NaiveDateTime {
    state.clock.now().naive_utc()
}

/// The contract's wording of the camera use cases' refusals.
impl From<CameraError> for ApiError {
    fn from(error: CameraError) -> Self {
        match error {
            CameraError::CameraNotFound | CameraError::GroupNotFound => {
                ApiError::not_found(error.to_string())
            }
            // The request is well formed; it clashes with a group that exists (the original
            // answered 400, which a client cannot tell from a malformed body).
            CameraError::GroupNameTaken => {
                ApiError::detail(StatusCode::CONFLICT, error.to_string())
            }
            CameraError::BothRecordingModes => {
                ApiError::detail(StatusCode::UNPROCESSABLE_ENTITY, error.to_string())
            }
            CameraError::InvalidTime { field } => ApiError::Validation {
                message: format!("{error} ({field})"),
                errors: vec![
                    json!({"type": "value_error", "loc": ["body", field], "msg": error.to_string()}),
                ],
            },
            CameraError::Repo(repo) => ApiError::from(repo),
        }
    }
}
