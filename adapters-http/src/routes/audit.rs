//! The org audit trail, as JSON pages or a CSV export.

use crate::blocking::run_blocking;
use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Query, Validate};
use crate::routes::cameras::now;
use crate::routes::csv_export::{CSV_MAX_ROWS, csv_attachment, render_csv};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use sentinel_application::audit_trail;
use sentinel_domain::audit::{AuditEntry, AuditQuery};
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use serde::Deserialize;
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

const CSV_HEADER: &str = "timestamp,event,username,user_id,ip_address,details";

pub fn configure(config: &mut ServiceConfig) {
    config.service(audit_logs);
}

#[derive(Debug, Deserialize)]
struct AuditLogQuery {
    event: Option<String>,
    username: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
    format: Option<String>,
}

impl Validate for AuditLogQuery {
    fn validate(&self) -> Result<(), FieldError> {
        match self.limit {
            Some(limit) if limit < 1 => {
                return Err(FieldError::new(
                    "limit",
                    "Input should be greater than or equal to 1",
                ));
            }
            Some(limit) if limit > 500 => {
                return Err(FieldError::new(
                    "limit",
                    "Input should be less than or equal to 500",
                ));
            }
            _ => {}
        }
        match self.offset {
            Some(offset) if offset < 0 => {
                return Err(FieldError::new(
                    "offset",
                    "Input should be greater than or equal to 0",
                ));
            }
            Some(offset) if offset > 1_000_000 => {
                return Err(FieldError::new(
                    "offset",
                    "Input should be less than or equal to 1000000",
                ));
            }
            _ => {}
        }
        match self.format.as_deref() {
            None | Some("json" | "csv") => Ok(()),
            Some(_) => Err(FieldError::new(
                "format",
                "String should match pattern '^(json|csv)$'",
            )),
        }
    }
}

/// Newest first, filtered by exact event and by username substring.
#[utoipa::path(
    tag = "audit",
    params(
        ("event" = Option<String>, Query, description = "Exact event name"),
        ("username" = Option<String>, Query, description = "Case-insensitive substring"),
        ("limit" = Option<i64>, Query, description = "1..500, default 100"),
        ("offset" = Option<i64>, Query, description = "0..1000000"),
        ("format" = Option<String>, Query, description = "json (default) or csv"),
    ),
    responses((status = 200, description = "`{total, limit, offset, logs}` or a CSV file"))
)]
#[get("/api/audit-logs")]
async fn audit_logs(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    query: Query<AuditLogQuery>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "audit_logs", RateLimit::per_minute(120))
        .await?;
    let params = query.0;
    let csv = params.format.as_deref() == Some("csv");
    let limit = if csv {
        CSV_MAX_ROWS
    } else {
        params.limit.unwrap_or(100)
    };
    let offset = if csv { 0 } else { params.offset.unwrap_or(0) };
    let filters = AuditQuery {
        event: params.event.filter(|e| !e.is_empty()),
        username_contains: params.username.filter(|u| !u.is_empty()),
        limit,
        offset,
    };
    let (audit, org) = (state.repos.audit.clone(), user.org_id.clone());
    let page = run_blocking(move || audit_trail::list(audit.as_ref(), &org, &filters)).await?;
    if csv {
        let day = now(&state).format("%Y%m%d").to_string();
        let body = render_csv(CSV_HEADER, page.entries.iter().map(csv_row));
        return Ok(csv_attachment(
            "audit-log",
            user.org_id.as_str(),
            &day,
            body,
        ));
    }
    let logs: Vec<_> = page
        .entries
        .iter()
        .map(|entry| {
            json!({
                "id": entry.id,
                "timestamp": entry.timestamp.map(iso_naive),
                "event": entry.event,
                "ip": entry.ip_address,
                "username": entry.username,
                "details": entry.details,
            })
        })
        .collect();
    Ok(HttpResponse::Ok()
        .json(json!({"total": page.total, "limit": limit, "offset": offset, "logs": logs})))
}

/// One entry's CSV cells, in `CSV_HEADER` order.
fn csv_row(entry: &AuditEntry) -> Vec<String> {
    vec![
        entry.timestamp.map(iso_naive).unwrap_or_default(),
        entry.event.clone(),
        entry.username.clone().unwrap_or_default(),
        entry.user_id.clone().unwrap_or_default(),
        entry.ip_address.clone().unwrap_or_default(),
        entry.details.clone().unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_exports_are_header_only() {
        assert_eq!(
            render_csv(CSV_HEADER, Vec::<Vec<String>>::new()),
            "timestamp,event,username,user_id,ip_address,details\r\n"
        );
    }
}
