//! The org audit trail, as JSON pages or a CSV export.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Query, Validate};
use crate::responses::audit::{AuditLogItem, AuditLogPage};
use crate::routes::cameras::now;
use crate::routes::csv_export::{CSV_MAX_ROWS, csv_attachment, render_csv};
use crate::routes::within;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use sentinel_application::blocking::unblock;
use sentinel_domain::audit::{AuditEntry, AuditQuery};
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

const CSV_HEADER: &str = "timestamp,event,username,user_id,ip_address,details";

pub fn configure(config: &mut ServiceConfig) {
    config.service(audit_logs);
}

/// `format` of the audit listings (here and the stream access log): JSON pages or one CSV
/// file. Documentation only: the handlers read the text, to word a bad value as the
/// original did.
#[allow(dead_code, reason = "documentation: only its schema is used")]
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum ListingFormat {
    Json,
    Csv,
}

/// `format` must be `json` or `csv` when present.
pub(crate) fn check_format(format: Option<&str>) -> Result<(), FieldError> {
    match format {
        None | Some("json" | "csv") => Ok(()),
        Some(_) => Err(FieldError::new(
            "format",
            "String should match pattern '^(json|csv)$'",
        )),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditLogQuery {
    /// Exact event name.
    event: Option<String>,
    /// Case-insensitive substring.
    username: Option<String>,
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

impl Validate for AuditLogQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 500)?;
        within("offset", self.offset, Some(0), 1_000_000)?;
        check_format(self.format.as_deref())
    }
}

/// Newest first, filtered by exact event and by username substring.
#[utoipa::path(
    tag = "audit",
    security(("session" = ["admin"])),
    params(AuditLogQuery),
    responses(
        (status = 200, description = "A page of the trail, or (`format=csv`) the whole filtered trail as a CSV attachment",
         content((AuditLogPage = "application/json"), (String = "text/csv"))),
        (status = 429, description = "Over 120 a minute")
    )
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
    let (trail, org) = (state.use_cases.audit_trail.clone(), user.org_id.clone());
    let page = unblock(move || trail.list(&org, &filters)).await?;
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
    Ok(HttpResponse::Ok().json(AuditLogPage {
        total: page.total,
        limit,
        offset,
        logs: page.entries.iter().map(AuditLogItem::from).collect(),
    }))
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
