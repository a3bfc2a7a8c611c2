//! Org settings: the aggregate, timezone, inbox toggles, motion ingestion.

use crate::blocking::run_blocking;
use crate::error::ApiError;
use crate::extract::{AdminUser, Json, Validate, ViewUser, actor};
use crate::routes::cameras::now;
use crate::routes::truthy;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sentinel_application::org_settings::{self, NotificationToggles, SettingsError};
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

const CHANGE_LIMIT: RateLimit = RateLimit::per_minute(30);

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(get_settings)
        .service(set_timezone)
        .service(get_notifications)
        .service(set_notifications)
        .service(get_motion_ingestion)
        .service(set_motion_ingestion);
}

/// Timezone and inbox toggles of the org.
#[utoipa::path(tag = "settings", responses((status = 200, description = "`{notifications, timezone}`")))]
#[get("/api/settings")]
async fn get_settings(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    let (repos, org) = (state.repos.clone(), user.org_id.clone());
    let (toggles, timezone) = run_blocking(move || {
        Ok((
            org_settings::notification_toggles(&repos, &org)?,
            org_settings::timezone(&repos, &org)?,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .json(json!({"notifications": toggles_json(toggles), "timezone": timezone})))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TimezoneRequest {
    /// An IANA name such as `Europe/London`.
    timezone: String,
}

impl Validate for TimezoneRequest {}

#[utoipa::path(tag = "settings", request_body = TimezoneRequest, responses((status = 200, description = "`{success, timezone}`"), (status = 422, description = "Empty or unknown timezone")))]
#[post("/api/settings/timezone")]
async fn set_timezone(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<TimezoneRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "settings_timezone", CHANGE_LIMIT)
        .await?;
    let (repos, actor, at) = (state.repos.clone(), actor(&req, &user), now(&state));
    let requested = body.0.timezone;
    let timezone = web::block(move || org_settings::set_timezone(&repos, &actor, &requested, at))
        .await?
        .map_err(|error| match error {
            SettingsError::Repo(repo) => ApiError::from(repo),
            invalid => ApiError::detail(StatusCode::UNPROCESSABLE_ENTITY, invalid.to_string()),
        })?;
    Ok(HttpResponse::Ok().json(json!({"success": true, "timezone": timezone})))
}

#[utoipa::path(tag = "settings", responses((status = 200, description = "The three inbox toggles")))]
#[get("/api/settings/notifications")]
async fn get_notifications(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    let (repos, org) = (state.repos.clone(), user.org_id.clone());
    let toggles = run_blocking(move || org_settings::notification_toggles(&repos, &org)).await?;
    Ok(HttpResponse::Ok().json(toggles_json(toggles)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NotificationTogglesRequest {
    /// Omitted toggles are switched on.
    motion_notifications: Option<bool>,
    camera_transition_notifications: Option<bool>,
    node_transition_notifications: Option<bool>,
}

impl Validate for NotificationTogglesRequest {}

#[utoipa::path(tag = "settings", request_body = NotificationTogglesRequest, responses((status = 200, description = "`{success}`")))]
#[post("/api/settings/notifications")]
async fn set_notifications(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<NotificationTogglesRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "settings_notifications", CHANGE_LIMIT)
        .await?;
    let toggles = NotificationToggles {
        motion: body.0.motion_notifications.unwrap_or(true),
        camera_transitions: body.0.camera_transition_notifications.unwrap_or(true),
        node_transitions: body.0.node_transition_notifications.unwrap_or(true),
    };
    let (repos, actor, at) = (state.repos.clone(), actor(&req, &user), now(&state));
    run_blocking(move || org_settings::set_notification_toggles(&repos, &actor, toggles, at))
        .await?;
    Ok(HttpResponse::Ok().json(json!({"success": true})))
}

#[utoipa::path(tag = "settings", responses((status = 200, description = "`{motion_ingestion_enabled}`")))]
#[get("/api/settings/motion-ingestion")]
async fn get_motion_ingestion(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    let (repos, org) = (state.repos.clone(), user.org_id.clone());
    let enabled =
        run_blocking(move || org_settings::motion_ingestion_enabled(&repos, &org)).await?;
    Ok(HttpResponse::Ok().json(json!({"motion_ingestion_enabled": enabled})))
}

/// The org-wide motion kill switch (`{"enabled": <any>}`, truthiness-coerced; missing = off).
#[utoipa::path(tag = "settings", request_body = Object, responses((status = 200, description = "`{motion_ingestion_enabled}`")))]
#[post("/api/settings/motion-ingestion")]
async fn set_motion_ingestion(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<Value>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "settings_motion_ingestion", CHANGE_LIMIT)
        .await?;
    let enabled = body.0.get("enabled").is_some_and(truthy);
    let (repos, actor, at) = (state.repos.clone(), actor(&req, &user), now(&state));
    let enabled =
        run_blocking(move || org_settings::set_motion_ingestion(&repos, &actor, enabled, at))
            .await?;
    // Motion pushes remember the switch for 30 s; this instance follows the change at once.
    state.motion.forget_switch(&user.org_id);
    Ok(HttpResponse::Ok().json(json!({"motion_ingestion_enabled": enabled})))
}

fn toggles_json(toggles: NotificationToggles) -> Value {
    json!({
        "motion_notifications": toggles.motion,
        "camera_transition_notifications": toggles.camera_transitions,
        "node_transition_notifications": toggles.node_transitions,
    })
}
