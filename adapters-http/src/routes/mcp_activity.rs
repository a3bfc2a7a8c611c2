//! `/api/mcp/activity/*` (mcp.md §7), admins only: the live stream of tool calls, the
//! in-memory recent events, sessions and counters, and the stored log with its CSV export
//! and stats.

use crate::blocking::run_blocking;
use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Validate, parse_query};
use crate::routes::cameras::now;
use crate::routes::csv_export::{CSV_MAX_ROWS, csv_attachment, render_csv};
use crate::routes::within;
use crate::sse;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::stream;
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::limits_for;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::driven::mcp_activity_events::McpActivitySubscription;
use sentinel_ports::driven::repos::{McpActivityQuery, McpActivityRow};
use serde::Deserialize;
use serde_json::{Value, json};
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
    responses(
        (status = 200, description = "`text/event-stream` of `{type: tool_call, id, timestamp, tool_name, org_id, key_name, status, ...}`"),
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
    let cap = usize::try_from(limits_for(&user.plan).max_sse_subscribers).unwrap_or(usize::MAX);
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
            if event.org_id == org.as_str() {
                let mut frame = event.to_json();
                if let Some(fields) = frame.as_object_mut() {
                    fields.insert("type".into(), json!("tool_call"));
                }
                return Some((frame, (org, subscription)));
            }
        }
    })
}

#[derive(Debug, Deserialize)]
struct RecentQuery {
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
    params(("limit" = Option<i64>, Query, description = "1..500, default 50")),
    responses((status = 200, description = "`[event]`"))
)]
#[get("/api/mcp/activity/recent")]
async fn recent_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<HttpResponse, ApiError> {
    let query: RecentQuery = parse_query(req.query_string())?;
    let limit = usize::try_from(query.limit.unwrap_or(50)).unwrap_or(50);
    let events = state.mcp.activity.recent(&user.org_id, limit);
    Ok(HttpResponse::Ok().json(events.iter().map(|e| e.to_json()).collect::<Vec<_>>()))
}

/// Keys active in the last 5 minutes, most recent first.
#[utoipa::path(
    tag = "mcp",
    responses((status = 200, description = "`[{key_name, last_active, last_active_ago, call_count, status}]`"))
)]
#[get("/api/mcp/activity/sessions")]
async fn activity_sessions(state: web::Data<AppState>, user: AdminUser) -> HttpResponse {
    let sessions = state.mcp.activity.sessions(&user.org_id, state.clock.now());
    let body: Vec<Value> = sessions
        .iter()
        .map(|session| {
            json!({
                "key_name": session.key_name,
                "last_active": session.last_active,
                "last_active_ago": session.last_active_ago,
                "call_count": session.call_count,
                "status": session.status,
            })
        })
        .collect();
    HttpResponse::Ok().json(body)
}

/// Counters over the process's memory of the org's calls.
#[utoipa::path(
    tag = "mcp",
    responses((status = 200, description = "`{total_calls, calls_per_min, calls_5m, error_count, active_clients, recent_event_count}`"))
)]
#[get("/api/mcp/activity/stats")]
async fn activity_stats(state: web::Data<AppState>, user: AdminUser) -> HttpResponse {
    let stats = state.mcp.activity.stats(&user.org_id, state.clock.now());
    HttpResponse::Ok().json(json!({
        "total_calls": stats.total_calls,
        "calls_per_min": stats.calls_per_min,
        "calls_5m": stats.calls_5m,
        "error_count": stats.error_count,
        "active_clients": stats.active_clients,
        "recent_event_count": stats.recent_event_count,
    }))
}

#[derive(Debug, Deserialize)]
struct LogsQuery {
    tool_name: Option<String>,
    key_name: Option<String>,
    status: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
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
    params(
        ("tool_name" = Option<String>, Query, description = "Exact tool name"),
        ("key_name" = Option<String>, Query, description = "Case-insensitive substring of the key name"),
        ("status" = Option<String>, Query, description = "completed or error"),
        ("limit" = Option<i64>, Query, description = "1..500, default 100"),
        ("offset" = Option<i64>, Query, description = "0..1000000"),
        ("format" = Option<String>, Query, description = "json (default) or csv"),
    ),
    responses((status = 200, description = "`{total, limit, offset, logs}` or a CSV file"))
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
    let page = run_blocking(move || activity.logs(&org, &query)).await?;
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
    let logs: Vec<Value> = page.rows.iter().map(log_json).collect();
    Ok(HttpResponse::Ok()
        .json(json!({"total": page.total, "limit": limit, "offset": offset, "logs": logs})))
}

#[derive(Debug, Deserialize)]
struct LogStatsQuery {
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
    params(("days" = Option<i64>, Query, description = "At most 30, default 7")),
    responses((status = 200, description = "`{days, total_calls, total_errors, by_tool, by_key, by_day}`"))
)]
#[get("/api/mcp/activity/logs/stats")]
async fn log_stats(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<HttpResponse, ApiError> {
    let params: LogStatsQuery = parse_query(req.query_string())?;
    state
        .rate_limiter
        .check(&req, "mcp_activity_log_stats", RateLimit::per_minute(60))
        .await?;
    let days = params.days.unwrap_or(7);
    let (activity, org, at) = (state.mcp.activity.clone(), user.org_id.clone(), now(&state));
    let stats = run_blocking(move || activity.log_stats(&org, days, at)).await?;
    let counted = |rows: &[(String, i64)], field: &str| -> Vec<Value> {
        rows.iter()
            .map(|(name, count)| json!({field: name, "count": count}))
            .collect()
    };
    Ok(HttpResponse::Ok().json(json!({
        "days": days,
        "total_calls": stats.total_calls,
        "total_errors": stats.total_errors,
        "by_tool": counted(&stats.by_tool, "tool_name"),
        "by_key": counted(&stats.by_key, "key_name"),
        "by_day": stats
            .by_day
            .iter()
            .map(|(day, count)| json!({"date": day.format("%Y-%m-%d").to_string(), "count": count}))
            .collect::<Vec<_>>(),
    })))
}

fn log_json(row: &McpActivityRow) -> Value {
    json!({
        "id": row.id,
        "org_id": row.org_id.as_str(),
        "tool_name": row.tool_name,
        "key_name": row.key_name,
        "status": row.status,
        "duration_ms": row.duration_ms,
        "args_summary": row.args_summary,
        "error": row.error,
        "timestamp": row.timestamp.map(iso_naive),
    })
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
