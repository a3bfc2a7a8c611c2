//! The dashboard's Sentinel endpoints (§3.3).

use crate::error::ApiError;
use crate::error::envelopes::ErrorBody;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Query, Validate, ViewUser, actor};
use crate::responses::sentinel::{
    SentinelConfigUpdated, SentinelConfigView, SentinelRunDetail, SentinelRunItem, SentinelRunList,
};
use crate::routes::within;
use crate::state::AppState;
use actix_web::{HttpRequest, get, patch, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::sentinel::RunsRequest;
use sentinel_domain::plans::parse_iso_datetime;
use sentinel_ports::driven::repos::RunQuery;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::{IntoParams, PartialSchema, ToSchema};

/// The org's config (created with the defaults on first read) and its plan standing.
#[utoipa::path(
    tag = "sentinel",
    security(("session" = [])),
    responses((status = 200, body = SentinelConfigView))
)]
#[get("/api/sentinel/config")]
pub(super) async fn get_config(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<SentinelConfigView>, ApiError> {
    let (service, org) = (state.sentinel.clone(), user.org_id.clone());
    let view = unblock(move || service.config_view(&org)).await?;
    Ok(web::Json(SentinelConfigView::from(&view)))
}

/// The PATCH body as documented. The handler reads it as JSON (`read_patch` keeps the
/// original's lax booleans and its 422/400 split), so this type only describes it.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct SentinelConfigPatch {
    #[schema(inline)]
    enabled: Option<LaxBool>,
    #[schema(inline)]
    motion_enabled: Option<LaxBool>,
    #[schema(inline)]
    incident_opened_enabled: Option<LaxBool>,
    #[schema(inline)]
    motion_cooldown_min: Option<CooldownMinutes>,
    #[schema(value_type = Option<ScheduleModeName>)]
    schedule_mode: Option<String>,
    /// `HH:MM`, 00:00–23:59.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    schedule_start: Option<String>,
    /// `HH:MM`, 00:00–23:59.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    schedule_end: Option<String>,
    /// Weekday keys `mon` … `sun`; anything else in the list is dropped.
    active_days: Option<Vec<Value>>,
    /// Camera id → in scope (each value read by its truthiness).
    camera_scope: Option<HashMap<String, Value>>,
}

/// A boolean as the original's request model read it: also 0 and 1, and the words
/// `true/false, t/f, yes/no, y/n, on/off, 1/0` in any case (schema only).
struct LaxBool;

impl PartialSchema for LaxBool {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .enum_values(Some([0, 1])),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(r"(?i)^\s*(1|0|on|off|t|f|true|false|y|n|yes|no)\s*$")),
            )
            .into()
    }
}

impl ToSchema for LaxBool {}

/// 1–60 minutes: an integer, its decimal text, or `true` (schema only, as [`LaxBool`]).
/// `true` is 1 to the original's lax integers, so it is accepted, and documented.
struct CooldownMinutes;

impl PartialSchema for CooldownMinutes {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .maximum(Some(60)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(r"^\s*\+?0*([1-9]|[1-5][0-9]|60)\s*$")),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .enum_values(Some([true]))
                    .description(Some("Read as 1")),
            )
            .into()
    }
}

impl ToSchema for CooldownMinutes {}

/// `always`, `scheduled` or `off` (schema only, as [`SentinelConfigPatch`]).
#[allow(dead_code)]
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
enum ScheduleModeName {
    Always,
    Scheduled,
    Off,
}

#[utoipa::path(
    tag = "sentinel",
    security(("session" = ["admin"])),
    request_body(content = SentinelConfigPatch, description = "The fields to change; absent or null ones stay as they are, unknown ones are ignored"),
    responses(
        (status = 200, body = SentinelConfigUpdated),
        (status = 400, description = "Invalid schedule mode, time, days or scope"),
        (status = 402, description = "`{detail: {error: plan_required, plan: pro}}`"),
    )
)]
#[patch("/api/sentinel/config")]
pub(super) async fn patch_config(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<Value>,
) -> Result<web::Json<SentinelConfigUpdated>, ApiError> {
    let (service, actor, body) = (state.sentinel.clone(), actor(&req, &user), body.0);
    let config = unblock(move || service.patch_config(&actor, &body)).await?;
    Ok(web::Json(SentinelConfigUpdated {
        config: (&config).into(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RunsQuery {
    /// Default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// Default 0.
    #[param(minimum = 0)]
    offset: Option<i64>,
    /// Exact trigger type (`motion`, `incident_opened`, `manual`); empty: any.
    trigger: Option<String>,
    /// Described by [`since_schema`] (a parameter with its own schema gets no description
    /// from here).
    #[param(schema_with = since_schema)]
    since: Option<String>,
}

/// An RFC 3339 date-time, or empty. The handler also reads the looser forms Python's
/// `fromisoformat` does (no offset, a space for `T`, a date alone), so clients of the
/// original keep working; the schema promises the portable one.
fn since_schema() -> Schema {
    OneOfBuilder::new()
        .description(Some(
            "An ISO 8601 date-time, e.g. `2026-11-27T12:00:00Z` (offsets converted to UTC; \
             none: UTC; a date alone is its midnight); empty: no bound. Anything else is a 400.",
        ))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0)),
        )
        .into()
}

impl Validate for RunsQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 200)?;
        within("offset", self.offset, Some(0), i64::MAX)
    }
}

/// The org's runs, newest first, with the month's counters and cap.
#[utoipa::path(
    tag = "sentinel",
    security(("session" = [])),
    params(RunsQuery),
    responses(
        (status = 200, body = SentinelRunList),
        (status = 400, description = "invalid `since`"),
    )
)]
#[get("/api/sentinel/runs")]
pub(super) async fn list_runs(
    state: web::Data<AppState>,
    user: ViewUser,
    query: Query<RunsQuery>,
) -> Result<web::Json<SentinelRunList>, ApiError> {
    let params = query.0;
    let since = match params.since.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => Some(
            parse_iso_datetime(raw)
                .ok_or_else(|| ApiError::bad_request("invalid `since` — expected ISO datetime"))?
                .naive_utc(),
        ),
        None => None,
    };
    let request = RunsRequest {
        query: RunQuery {
            trigger_type: params.trigger.filter(|t| !t.is_empty()),
            since,
            limit: params.limit.unwrap_or(50),
            offset: params.offset.unwrap_or(0),
        },
    };
    let (service, org) = (state.sentinel.clone(), user.org_id.clone());
    let listing = unblock(move || service.list_runs(&org, &request)).await?;
    Ok(web::Json(SentinelRunList::from(&listing)))
}

/// One of the org's runs with its tool trace.
#[utoipa::path(
    tag = "sentinel",
    security(("session" = [])),
    responses(
        (status = 200, body = SentinelRunDetail),
        (status = 404, description = "run not found")
    )
)]
#[get("/api/sentinel/runs/{run_id}")]
pub(super) async fn run_detail(
    state: web::Data<AppState>,
    user: ViewUser,
    path: web::Path<String>,
) -> Result<web::Json<SentinelRunDetail>, ApiError> {
    let (service, org, run_id) = (
        state.sentinel.clone(),
        user.org_id.clone(),
        path.into_inner(),
    );
    let run = unblock(move || service.run_detail(&org, &run_id)).await?;
    Ok(web::Json(SentinelRunDetail::from(&run)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ManualRunRequest {
    /// At most 2000 characters.
    #[serde(default)]
    #[schema(max_length = 2000)]
    prompt: String,
    /// Passed to the agent as is (not checked against the org).
    camera_id: Option<String>,
}

impl Validate for ManualRunRequest {
    fn validate(&self) -> Result<(), FieldError> {
        if self.prompt.chars().count() > 2000 {
            return Err(FieldError::new(
                "prompt",
                "String should have at most 2000 characters",
            ));
        }
        Ok(())
    }
}

/// Queues a run now, whatever the schedule, scope and cooldown say.
#[utoipa::path(
    tag = "sentinel",
    security(("session" = ["admin"])),
    request_body = ManualRunRequest,
    responses(
        (status = 200, description = "The pending run", body = SentinelRunItem),
        (status = 402, description = "`{detail: {error: plan_required, plan: pro}}`"),
        // The month's cap, not a rate limit: a coded error body, no `Retry-After`.
        (status = 429, description = "`{detail: {error: monthly_cap_reached, cap, used}}`",
            body = ErrorBody),
        (status = 503, description = "`{detail: {error: sentinel_dispatch_disabled}}`",
            body = ErrorBody),
    )
)]
#[post("/api/sentinel/runs/manual")]
pub(super) async fn manual_run(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<ManualRunRequest>,
) -> Result<web::Json<SentinelRunItem>, ApiError> {
    let (service, actor, body) = (state.sentinel.clone(), actor(&req, &user), body.0);
    let run = unblock(move || service.manual_run(&actor, &body.prompt, body.camera_id.as_deref()))
        .await?;
    Ok(web::Json(SentinelRunItem::from(&run)))
}
