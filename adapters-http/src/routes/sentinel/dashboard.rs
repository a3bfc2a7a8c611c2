//! The dashboard's Sentinel endpoints (§3.3).

use super::run_sentinel;
use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Query, Validate, ViewUser, actor};
use crate::routes::within;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use sentinel_application::sentinel::RunsRequest;
use sentinel_domain::plans::parse_iso_datetime;
use sentinel_ports::driven::repos::RunQuery;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// The org's config (created with the defaults on first read) and its plan standing.
#[utoipa::path(
    tag = "sentinel",
    responses((status = 200, description = "`{config, plan_gated, plan_required, plan_current, monthly_cap}`"))
)]
#[get("/api/sentinel/config")]
pub(super) async fn get_config(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    let (service, org) = (state.sentinel.clone(), user.org_id.clone());
    let view = run_sentinel(move || Ok(service.config_view(&org)?)).await?;
    Ok(HttpResponse::Ok().json(view.to_json()))
}

/// Changes the fields present and non-null (Pro and Pro Plus only).
#[utoipa::path(
    tag = "sentinel",
    request_body(content = Object, description = "Any of `enabled, motion_enabled, incident_opened_enabled, motion_cooldown_min (1-60), schedule_mode, schedule_start, schedule_end, active_days, camera_scope`"),
    responses(
        (status = 200, description = "`{config}`"),
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
) -> Result<HttpResponse, ApiError> {
    let (service, actor, body) = (state.sentinel.clone(), actor(&req, &user), body.0);
    let config = run_sentinel(move || service.patch_config(&actor, &body)).await?;
    Ok(HttpResponse::Ok().json(json!({"config": config.to_json()})))
}

#[derive(Debug, Deserialize)]
struct RunsQuery {
    limit: Option<i64>,
    offset: Option<i64>,
    trigger: Option<String>,
    since: Option<String>,
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
    params(
        ("limit" = Option<i64>, Query, description = "1..200, default 50"),
        ("offset" = Option<i64>, Query, description = "At least 0"),
        ("trigger" = Option<String>, Query, description = "Exact trigger type"),
        ("since" = Option<String>, Query, description = "ISO 8601; offsets converted to UTC"),
    ),
    responses(
        (status = 200, description = "`{runs, total, stats}`"),
        (status = 400, description = "invalid `since`"),
    )
)]
#[get("/api/sentinel/runs")]
pub(super) async fn list_runs(
    state: web::Data<AppState>,
    user: ViewUser,
    query: Query<RunsQuery>,
) -> Result<HttpResponse, ApiError> {
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
    let listing = run_sentinel(move || Ok(service.list_runs(&org, &request)?)).await?;
    Ok(HttpResponse::Ok().json(listing.to_json()))
}

/// One of the org's runs with its tool trace.
#[utoipa::path(
    tag = "sentinel",
    responses((status = 200, description = "The run dict with `tool_trace`"), (status = 404, description = "run not found"))
)]
#[get("/api/sentinel/runs/{run_id}")]
pub(super) async fn run_detail(
    state: web::Data<AppState>,
    user: ViewUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (service, org, run_id) = (
        state.sentinel.clone(),
        user.org_id.clone(),
        path.into_inner(),
    );
    let run = run_sentinel(move || service.run_detail(&org, &run_id)).await?;
    Ok(HttpResponse::Ok().json(run.to_json(true)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ManualRunRequest {
    /// At most 2000 characters.
    #[serde(default)]
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
    request_body = ManualRunRequest,
    responses(
        (status = 200, description = "The pending run"),
        (status = 402, description = "`{detail: {error: plan_required, plan: pro}}`"),
        (status = 429, description = "`{detail: {error: monthly_cap_reached, cap, used}}`"),
        (status = 503, description = "`{detail: {error: sentinel_dispatch_disabled}}`"),
    )
)]
#[post("/api/sentinel/runs/manual")]
pub(super) async fn manual_run(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<ManualRunRequest>,
) -> Result<HttpResponse, ApiError> {
    let (service, actor, body) = (state.sentinel.clone(), actor(&req, &user), body.0);
    let run =
        run_sentinel(move || service.manual_run(&actor, &body.prompt, body.camera_id.as_deref()))
            .await?;
    Ok(HttpResponse::Ok().json(run.to_json(false)))
}
