//! `/api/mcp/activity/*` (mcp.md §7), admins only: the live stream of tool calls, the
//! in-memory recent events, sessions and counters, and the stored log with its CSV export
//! and stats.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Validate, parse_query};
use crate::responses::mcp::{
    DayCount, KeyCount, McpActivityEvent, McpActivityFrame, McpActivityStats, McpLogItem,
    McpLogPage, McpLogStats, McpSession, ToolCount,
};
use crate::responses::sse::SseEvent;
use crate::routes::cameras::now;
use crate::routes::csv_export::{CSV_MAX_ROWS, csv_attachment, render_csv};
use crate::routes::within;
use crate::sse;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::stream;
use sentinel_application::blocking::unblock;
use sentinel_domain::ids::OrgId;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::driven::mcp_activity_events::McpActivitySubscription;
use sentinel_ports::driven::repos::{McpActivityQuery, McpActivityRow};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

const CSV_HEADER: &str = "timestamp,tool_name,key_name,status,duration_ms,args_summary,error";

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(activity_stream)
        .service(recent_events)
        .service(activity_sessions)
        .service(activity_stats)
        .service(log_stats)
        .service(logs);
}

/// Server-sent events: `connected`, then every tool call of the caller's org as it ends.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    responses(
        (status = 200, description = "Server-sent events: `{type: connected, org_id}`, then one frame per call of the org (an `McpActivityFrame`), keep-alive comments between", body = SseEvent, content_type = "text/event-stream"),
        (status = 429, description = "Rate limit (60/min) or the plan's open-stream cap"),
    )
)]
#[get("/api/mcp/activity/stream")]
async fn activity_stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "mcp_activity_stream", RateLimit::per_minute(60))
        .await?;
    let cap = usize::try_from(user.plan.limits().max_sse_subscribers).unwrap_or(usize::MAX);
    let slot = state
        .mcp
        .activity_subscribers
        .join(&user.org_id, cap)
        .await
        .ok_or_else(|| {
            ApiError::detail(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many open MCP activity streams for this org (cap: {cap} on your current \
                     plan). Close another tab or upgrade your plan."
                ),
            )
        })?;
    let events = org_events(user.org_id.clone(), state.mcp.activity_feed.subscribe());
    Ok(sse::event_stream(
        sse::connected(&user.org_id),
        events,
        slot,
        sse::KEEPALIVE_EVERY,
    ))
}

/// The org's events from the bus as stream frames; other orgs' never leave here.
fn org_events(
    org: OrgId,
    subscription: Box<dyn McpActivitySubscription>,
) -> impl futures_util::Stream<Item = Value> {
    stream::unfold((org, subscription), |(org, mut subscription)| async move {
        loop {
            let event = subscription.next().await?;
            // The stream writer takes JSON values; a frame always converts (string keys).
            let frame = serde_json::to_value(McpActivityFrame::from(&event));
            if let (true, Ok(frame)) = (event.org_id == org.as_str(), frame) {
                return Some((frame, (org, subscription)));
            }
        }
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RecentQuery {
    /// Default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

impl Validate for RecentQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 500)
    }
}

/// The org's most recent events held in memory, oldest first.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    params(RecentQuery),
    responses((status = 200, body = Vec<McpActivityEvent>))
)]
#[get("/api/mcp/activity/recent")]
async fn recent_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<Vec<McpActivityEvent>>, ApiError> {
    let query: RecentQuery = parse_query(req.query_string())?;
    let limit = usize::try_from(query.limit.unwrap_or(50)).unwrap_or(50);
    let events = state.mcp.activity.recent(&user.org_id, limit);
    Ok(web::Json(
        events.iter().map(McpActivityEvent::from).collect(),
    ))
}

/// Keys active in the last 5 minutes, most recent first.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    responses((status = 200, body = Vec<McpSession>))
)]
#[get("/api/mcp/activity/sessions")]
async fn activity_sessions(
    state: web::Data<AppState>,
    user: AdminUser,
) -> web::Json<Vec<McpSession>> {
    let sessions = state.mcp.activity.sessions(&user.org_id, state.clock.now());
    web::Json(sessions.iter().map(McpSession::from).collect())
}

/// Counters over the process's memory of the org's calls.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    responses((status = 200, body = McpActivityStats))
)]
#[get("/api/mcp/activity/stats")]
async fn activity_stats(
    state: web::Data<AppState>,
    user: AdminUser,
) -> web::Json<McpActivityStats> {
    let stats = state.mcp.activity.stats(&user.org_id, state.clock.now());
    web::Json(McpActivityStats::from(&stats))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct LogsQuery {
    /// Exact tool name (empty: any).
    tool_name: Option<String>,
    /// Case-insensitive substring of the key name (empty: any).
    key_name: Option<String>,
    /// `completed` or `error` (anything else matches nothing; empty: any).
    status: Option<String>,
    /// Default 100; ignored for CSV.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Default 0; ignored for CSV.
    #[param(minimum = 0, maximum = 1_000_000)]
    offset: Option<i64>,
    /// `json` (default) or `csv`.
    #[param(pattern = "^(json|csv)$")]
    format: Option<String>,
}

impl Validate for LogsQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 500)?;
        within("offset", self.offset, Some(0), 1_000_000)?;
        match self.format.as_deref() {
            None | Some("json" | "csv") => Ok(()),
            Some(_) => Err(FieldError::new(
                "format",
                "String should match pattern '^(json|csv)$'",
            )),
        }
    }
}

/// The stored log, newest first, or (`format=csv`) its newest 50 000 rows as a file.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    params(LogsQuery),
    responses(
        (status = 200, description = "A page of the log, or (`format=csv`) a CSV attachment",
            content(
                (McpLogPage = "application/json"),
                (String = "text/csv"),
            )),
        (status = 429, description = "Over 120 a minute"),
    )
)]
#[get("/api/mcp/activity/logs")]
async fn logs(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<HttpResponse, ApiError> {
    let params: LogsQuery = parse_query(req.query_string())?;
    state
        .rate_limiter
        .check(&req, "mcp_activity_logs", RateLimit::per_minute(120))
        .await?;
    let csv = params.format.as_deref() == Some("csv");
    let (limit, offset) = if csv {
        (CSV_MAX_ROWS, 0)
    } else {
        (params.limit.unwrap_or(100), params.offset.unwrap_or(0))
    };
    let non_empty = |value: Option<String>| value.filter(|v| !v.is_empty());
    let query = McpActivityQuery {
        tool_name: non_empty(params.tool_name),
        key_contains: non_empty(params.key_name),
        status: non_empty(params.status),
        limit,
        offset,
    };
    let (activity, org) = (state.mcp.activity.clone(), user.org_id.clone());
    let page = unblock(move || activity.logs(&org, &query)).await?;
    if csv {
        let day = now(&state).format("%Y%m%d").to_string();
        let body = render_csv(CSV_HEADER, page.rows.iter().map(csv_row));
        return Ok(csv_attachment(
            "mcp-activity-log",
            user.org_id.as_str(),
            &day,
            body,
        ));
    }
    Ok(HttpResponse::Ok().json(McpLogPage {
        total: page.total,
        limit,
        offset,
        logs: page.rows.iter().map(McpLogItem::from).collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct LogStatsQuery {
    /// Default 7 (no lower bound, as the original).
    #[param(maximum = 30)]
    days: Option<i64>,
}

impl Validate for LogStatsQuery {
    fn validate(&self) -> Result<(), FieldError> {
        // No lower bound, as in the original.
        within("days", self.days, None, 30)
    }
}

/// Stored calls of the last `days` days: totals, per tool, per key and per day.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    params(LogStatsQuery),
    responses(
        (status = 200, body = McpLogStats),
        (status = 429, description = "Over 60 a minute"),
    )
)]
#[get("/api/mcp/activity/logs/stats")]
async fn log_stats(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<McpLogStats>, ApiError> {
    let params: LogStatsQuery = parse_query(req.query_string())?;
    state
        .rate_limiter
        .check(&req, "mcp_activity_log_stats", RateLimit::per_minute(60))
        .await?;
    let days = params.days.unwrap_or(7);
    let (activity, org, at) = (state.mcp.activity.clone(), user.org_id.clone(), now(&state));
    let stats = unblock(move || activity.log_stats(&org, days, at)).await?;
    Ok(web::Json(McpLogStats {
        days,
        total_calls: stats.total_calls,
        total_errors: stats.total_errors,
        by_tool: (stats.by_tool.iter())
            .map(|(name, count)| ToolCount {
                tool_name: name.clone(),
                count: *count,
            })
            .collect(),
        by_key: (stats.by_key.iter())
            .map(|(name, count)| KeyCount {
                key_name: name.clone(),
                count: *count,
            })
            .collect(),
        by_day: (stats.by_day.iter())
            .map(|(day, count)| DayCount {
                date: day.format("%Y-%m-%d").to_string(),
                count: *count,
            })
            .collect(),
    }))
}

/// One row's CSV cells, in `CSV_HEADER` order.
fn csv_row(row: &McpActivityRow) -> Vec<String> {
    vec![
        row.timestamp.map(iso_naive).unwrap_or_default(),
        row.tool_name.clone(),
        row.key_name.clone(),
        row.status.clone(),
        row.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
        row.args_summary.clone().unwrap_or_default(),
        row.error.clone().unwrap_or_default(),
    ]
}
