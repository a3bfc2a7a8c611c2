//! The stream access log on the audit dashboard (rest-api.md §4): who opened which live
//! stream, as JSON pages or a CSV export, and counts per camera, user and day.
//!
//! Both routes: an org admin whose plan has the `admin` feature (Pro and Pro Plus).

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Validate, parse_query};
use crate::responses::audit::{StreamLogItem, StreamLogPage, StreamLogStats};
use crate::routes::audit::{ListingFormat, check_format};
use crate::routes::cameras::now;
use crate::routes::csv_export::{CSV_MAX_ROWS, csv_attachment, render_csv};
use crate::routes::within;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use sentinel_application::blocking::unblock;
use sentinel_domain::ids::CameraId;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::driven::repos::{StreamAccessEntry, StreamAccessQuery};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

const CSV_HEADER: &str = "accessed_at,camera_id,node_id,user_email,user_id,ip_address";
const PLAN_REQUIRED: &str = "Audit dashboard requires a Pro or Pro Plus plan. Upgrade at /pricing.";
/// The JWT plan feature the audit dashboard needs.
const AUDIT_FEATURE: &str = "admin";

pub fn configure(config: &mut ServiceConfig) {
    config.service(stream_log_stats).service(stream_log_list);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Exact camera id.
    camera_id: Option<String>,
    /// Case-insensitive substring of the user's e-mail or id.
    user_id: Option<String>,
    /// Default 100 (ignored for CSV: up to 50 000 rows).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Default 0.
    #[param(minimum = 0, maximum = 1_000_000)]
    offset: Option<i64>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<ListingFormat>)]
    format: Option<String>,
}

impl Validate for ListQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 500)?;
        within("offset", self.offset, Some(0), 1_000_000)?;
        check_format(self.format.as_deref())
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct StatsQuery {
    /// Default 7 (no lower bound, as the original).
    #[param(maximum = 30)]
    days: Option<i64>,
}

impl Validate for StatsQuery {
    fn validate(&self) -> Result<(), FieldError> {
        // No lower bound, as in the original.
        within("days", self.days, None, 30)
    }
}

/// Newest first; `camera_id` exact, `user_id` a case-insensitive substring of the e-mail
/// or user id.
#[utoipa::path(
    tag = "audit",
    security(("session" = ["admin"])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of the log, or (`format=csv`) the whole filtered log as a CSV attachment",
         content((StreamLogPage = "application/json"), (String = "text/csv"))),
        (status = 403, description = "Not an admin, or the plan lacks the audit dashboard"),
        (status = 429, description = "Over 120 a minute")
    )
)]
#[get("/api/audit/stream-logs")]
async fn stream_log_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<HttpResponse, ApiError> {
    require_audit_plan(&user)?;
    let params: ListQuery = parse_query(req.query_string())?;
    state
        .rate_limiter
        .check(&req, "audit_stream_logs", RateLimit::per_minute(120))
        .await?;
    let csv = params.format.as_deref() == Some("csv");
    let (limit, offset) = if csv {
        (CSV_MAX_ROWS, 0)
    } else {
        (params.limit.unwrap_or(100), params.offset.unwrap_or(0))
    };
    let query = StreamAccessQuery {
        camera_id: params
            .camera_id
            .filter(|id| !id.is_empty())
            .map(CameraId::new),
        user_contains: params.user_id.filter(|user| !user.is_empty()),
        limit,
        offset,
    };
    let (logs, org) = (state.use_cases.stream_logs.clone(), user.org_id.clone());
    let page = unblock(move || logs.list(&org, &query)).await?;
    if csv {
        let day = now(&state).format("%Y%m%d").to_string();
        let body = render_csv(CSV_HEADER, page.entries.iter().map(csv_row));
        return Ok(csv_attachment(
            "stream-access-log",
            user.org_id.as_str(),
            &day,
            body,
        ));
    }
    Ok(HttpResponse::Ok().json(StreamLogPage {
        total: page.total,
        limit,
        offset,
        logs: page.entries.iter().map(StreamLogItem::from).collect(),
    }))
}

/// Accesses of the last `days` days: total, top 10 cameras and users, and per day.
#[utoipa::path(
    tag = "audit",
    security(("session" = ["admin"])),
    params(StatsQuery),
    responses(
        (status = 200, body = StreamLogStats),
        (status = 403, description = "Not an admin, or the plan lacks the audit dashboard"),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[get("/api/audit/stream-logs/stats")]
async fn stream_log_stats(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<StreamLogStats>, ApiError> {
    require_audit_plan(&user)?;
    let params: StatsQuery = parse_query(req.query_string())?;
    state
        .rate_limiter
        .check(&req, "audit_stream_logs_stats", RateLimit::per_minute(60))
        .await?;
    let days = params.days.unwrap_or(7);
    let (logs, org, at) = (
        state.use_cases.stream_logs.clone(),
        user.org_id.clone(),
        now(&state),
    );
    let stats = unblock(move || logs.stats(&org, days, at)).await?;
    Ok(web::Json(StreamLogStats::new(days, stats)))
}

/// The plan gate, checked right after the admin rule (before the query is read).
fn require_audit_plan(user: &AdminUser) -> Result<(), ApiError> {
    if user.has_feature(AUDIT_FEATURE) {
        Ok(())
    } else {
        Err(ApiError::forbidden(PLAN_REQUIRED))
    }
}

/// One row as JSON (also the MCP `stream_logs` tool's items).
pub(crate) fn log_json(entry: &StreamAccessEntry) -> Value {
    // Strings and numbers only: serializing cannot fail.
    serde_json::to_value(StreamLogItem::from(entry)).unwrap_or_default()
}

/// One row's CSV cells, in `CSV_HEADER` order.
fn csv_row(entry: &StreamAccessEntry) -> Vec<String> {
    vec![
        entry.accessed_at.map(iso_naive).unwrap_or_default(),
        entry.camera_id.clone(),
        entry.node_id.clone(),
        entry.user_email.clone(),
        entry.user_id.clone(),
        entry.ip_address.clone().unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_exports_are_header_only() {
        assert_eq!(
            render_csv(CSV_HEADER, Vec::<Vec<String>>::new()),
            "accessed_at,camera_id,node_id,user_email,user_id,ip_address\r\n"
        );
    }

    #[test]
    fn stats_days_have_no_lower_bound() {
        assert!(StatsQuery { days: Some(-3) }.validate().is_ok());
        assert!(StatsQuery { days: Some(31) }.validate().is_err());
    }
}
