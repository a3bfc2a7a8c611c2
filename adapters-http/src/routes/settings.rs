//! Org settings: the aggregate, timezone, inbox toggles, motion ingestion.

use crate::error::ApiError;
use crate::error::envelopes::ErrorBody;
use crate::extract::{AdminUser, Json, Validate, ViewUser, actor};
use crate::responses::Success;
use crate::responses::settings::{InboxToggles, MotionIngestion, OrgSettings, TimezoneSet};
use crate::routes::cameras::now;
use crate::routes::truthy;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, get, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::org_settings::{NotificationToggles, SettingsError};
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::settings::iana_timezones;
use sentinel_ports::driven::repos::RepoError;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
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
#[utoipa::path(
    tag = "settings",
    security(("session" = [])),
    responses((status = 200, body = OrgSettings))
)]
#[get("/api/settings")]
async fn get_settings(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<OrgSettings>, ApiError> {
    let (settings, org) = (state.use_cases.org_settings.clone(), user.org_id.clone());
    let (toggles, timezone) = unblock(move || {
        Ok::<_, RepoError>((
            settings.notification_toggles(&org)?,
            settings.timezone(&org)?,
        ))
    })
    .await?;
    Ok(web::Json(OrgSettings {
        notifications: toggles.into(),
        timezone,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TimezoneRequest {
    /// An IANA name such as `Europe/London` (surrounding blanks are trimmed).
    #[schema(schema_with = timezone_schema)]
    timezone: String,
}

impl Validate for TimezoneRequest {}

/// The IANA names the server knows: anything else is refused, so the document lists them.
fn timezone_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(iana_timezones()))
        .build()
        .into()
}

#[utoipa::path(
    tag = "settings",
    security(("session" = ["admin"])),
    request_body = TimezoneRequest,
    responses(
        (status = 200, body = TimezoneSet),
        // E1 for a name the server does not know, E3 for a malformed body: the shared
        // envelope covers both.
        (status = 422, body = ErrorBody, description = "Empty or unknown timezone (`detail` is the message), or a malformed body (`validation_failed`)"),
        (status = 429, description = "Over 30 a minute")
    )
)]
#[post("/api/settings/timezone")]
async fn set_timezone(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<TimezoneRequest>,
) -> Result<web::Json<TimezoneSet>, ApiError> {
    state
        .rate_limiter
        .check(&req, "settings_timezone", CHANGE_LIMIT)
        .await?;
    let (settings, actor, at) = (
        state.use_cases.org_settings.clone(),
        actor(&req, &user),
        now(&state),
    );
    let requested = body.0.timezone;
    let timezone = unblock(move || settings.set_timezone(&actor, &requested, at))
        .await
        .map_err(|error| match error {
            SettingsError::Repo(repo) => ApiError::from(repo),
            invalid => ApiError::detail(StatusCode::UNPROCESSABLE_ENTITY, invalid.to_string()),
        })?;
    Ok(web::Json(TimezoneSet {
        success: true,
        timezone,
    }))
}

#[utoipa::path(
    tag = "settings",
    security(("session" = [])),
    responses((status = 200, body = InboxToggles))
)]
#[get("/api/settings/notifications")]
async fn get_notifications(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<InboxToggles>, ApiError> {
    let (settings, org) = (state.use_cases.org_settings.clone(), user.org_id.clone());
    let toggles = unblock(move || settings.notification_toggles(&org)).await?;
    Ok(web::Json(toggles.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NotificationTogglesRequest {
    /// Omitted toggles are switched on.
    motion_notifications: Option<bool>,
    camera_transition_notifications: Option<bool>,
    node_transition_notifications: Option<bool>,
}

impl Validate for NotificationTogglesRequest {}

#[utoipa::path(
    tag = "settings",
    security(("session" = ["admin"])),
    request_body = NotificationTogglesRequest,
    responses(
        (status = 200, body = Success),
        (status = 429, description = "Over 30 a minute")
    )
)]
#[post("/api/settings/notifications")]
async fn set_notifications(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<NotificationTogglesRequest>,
) -> Result<web::Json<Success>, ApiError> {
    state
        .rate_limiter
        .check(&req, "settings_notifications", CHANGE_LIMIT)
        .await?;
    let toggles = NotificationToggles {
        motion: body.0.motion_notifications.unwrap_or(true),
        camera_transitions: body.0.camera_transition_notifications.unwrap_or(true),
        node_transitions: body.0.node_transition_notifications.unwrap_or(true),
    };
    let (settings, actor, at) = (
        state.use_cases.org_settings.clone(),
        actor(&req, &user),
        now(&state),
    );
    unblock(move || settings.set_notification_toggles(&actor, toggles, at)).await?;
    Ok(web::Json(Success::new()))
}

#[utoipa::path(
    tag = "settings",
    security(("session" = [])),
    responses((status = 200, body = MotionIngestion))
)]
#[get("/api/settings/motion-ingestion")]
async fn get_motion_ingestion(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<MotionIngestion>, ApiError> {
    let (settings, org) = (state.use_cases.org_settings.clone(), user.org_id.clone());
    let enabled = unblock(move || settings.motion_ingestion_enabled(&org)).await?;
    Ok(web::Json(MotionIngestion {
        motion_ingestion_enabled: enabled,
    }))
}

/// `{"enabled": <any>}`: any JSON value, coerced by Python truthiness; missing = off.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MotionIngestionRequest {
    /// Any JSON value: `true` switches ingestion on, others count by truthiness
    /// (`"false"` is on, `0` and `""` are off).
    #[schema(schema_with = any_value)]
    enabled: Option<Value>,
}

fn any_value() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::AnyValue)
        .build()
        .into()
}

impl Validate for MotionIngestionRequest {}

/// The org-wide motion kill switch.
#[utoipa::path(
    tag = "settings",
    security(("session" = ["admin"])),
    request_body = MotionIngestionRequest,
    responses(
        (status = 200, body = MotionIngestion),
        (status = 429, description = "Over 30 a minute")
    )
)]
#[post("/api/settings/motion-ingestion")]
async fn set_motion_ingestion(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<MotionIngestionRequest>,
) -> Result<web::Json<MotionIngestion>, ApiError> {
    state
        .rate_limiter
        .check(&req, "settings_motion_ingestion", CHANGE_LIMIT)
        .await?;
    let enabled = body.0.enabled.as_ref().is_some_and(truthy);
    let (settings, actor, at) = (
        state.use_cases.org_settings.clone(),
        actor(&req, &user),
        now(&state),
    );
    let enabled = unblock(move || settings.set_motion_ingestion(&actor, enabled, at)).await?;
    // Motion pushes remember the switch for 30 s; this instance follows the change at once.
    state.motion.forget_switch(&user.org_id);
    Ok(web::Json(MotionIngestion {
        motion_ingestion_enabled: enabled,
    }))
}
