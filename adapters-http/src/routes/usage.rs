//! The org's viewer-hours for the admin page's KPI strip and chart (rest-api.md §4.3).

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Validate, parse_query};
use crate::responses::usage::ViewerUsage;
use crate::routes::within;
use crate::state::AppState;
use actix_web::{HttpRequest, get, web};
use sentinel_application::blocking::unblock;
use sentinel_application::viewer_usage::MAX_DAYS;
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config.service(viewer_hours);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct UsageQuery {
    /// Default 30.
    #[param(minimum = 1, maximum = 90)]
    days: Option<i64>,
}

impl Validate for UsageQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("days", self.days, Some(1), i64::from(MAX_DAYS))
    }
}

/// Viewer-hours today, this month (what the cap counts) and per UTC day, with the number
/// of viewers watching now. Every plan (the cap applies to all of them).
#[utoipa::path(
    tag = "audit",
    security(("session" = ["admin"])),
    params(UsageQuery),
    responses(
        (status = 200, body = ViewerUsage),
        (status = 403, description = "Not an admin"),
        (status = 422, description = "`days` outside 1–90"),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[get("/api/usage/viewer-hours")]
async fn viewer_hours(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<ViewerUsage>, ApiError> {
    let params: UsageQuery = parse_query(req.query_string())?;
    state
        .rate_limiter
        .check(&req, "usage_viewer_hours", RateLimit::per_minute(60))
        .await?;
    let days = params
        .days
        .and_then(|days| u32::try_from(days).ok())
        .unwrap_or(30);
    let limit = user.plan.limits().max_viewer_hours_per_month;
    let (usage, org) = (state.use_cases.viewer_usage.clone(), user.org_id.clone());
    let report = unblock(move || usage.report(&org, days)).await?;
    Ok(web::Json(ViewerUsage::new(days, limit, report)))
}
