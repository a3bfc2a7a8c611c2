//! Liveness, readiness and the detailed probe report. No auth, no rate limit; the detailed
//! report's numbers only for the operations token (see `routes::metrics`).

use crate::error::ApiError;
use crate::extract::{Query, Validate};
use crate::routes::metrics::operations_allowed;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config.service(health).service(ready).service(detailed);
}

/// Liveness: answers as long as the process serves HTTP; probes nothing.
#[utoipa::path(tag = "health", responses((status = 200, description = "`{status: healthy, version}`")))]
#[get("/api/health")]
async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "healthy",
        "version": sentinel_application::health::APP_VERSION,
    }))
}

#[derive(Debug, Deserialize)]
struct ReadyQuery {
    nocache: Option<String>,
}

impl Validate for ReadyQuery {}

/// Readiness: 503 when the database, identity provider, disk or e-mail worker is critical.
/// Cached for 30 s unless `nocache` is true.
#[utoipa::path(
    tag = "health",
    params(("nocache" = Option<bool>, Query, description = "Re-probe instead of the 30 s cache")),
    responses((status = 200, description = "Ready"), (status = 503, description = "Not ready"))
)]
#[get("/api/health/ready")]
async fn ready(state: web::Data<AppState>, query: Query<ReadyQuery>) -> HttpResponse {
    let nocache = query.0.nocache.as_deref().is_some_and(|value| {
        matches!(
            value.to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    });
    let report = state.health.ready(nocache).await;
    if report.ready {
        HttpResponse::Ok().json(report.body)
    } else {
        HttpResponse::ServiceUnavailable().json(report.body)
    }
}

/// Every probe with its numbers; always 200, the `status` field carries the verdict.
/// The numbers, paths and loop ownership are operational detail: with `METRICS_TOKEN` set
/// they need its bearer, in Clerk mode without one nobody gets them; others get each
/// check's status only.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Probe report (statuses only without the operations token)"),
        (status = 401, description = "`Invalid metrics token`: a token was sent and is wrong"),
    )
)]
#[get("/api/health/detailed")]
async fn detailed(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let report = state.health.detailed().await;
    let presented = req.headers().contains_key(header::AUTHORIZATION);
    let full = match operations_allowed(&req, &state.config.operations) {
        Ok(allowed) => allowed,
        Err(refused) if presented => return Err(refused),
        Err(_) => false,
    };
    Ok(HttpResponse::Ok().json(if full { report } else { statuses_only(&report) }))
}

/// `{status, version, checks: {name: {status}}}`.
fn statuses_only(report: &Value) -> Value {
    let checks: Map<String, Value> = report["checks"]
        .as_object()
        .map(|checks| {
            checks
                .iter()
                .map(|(name, check)| (name.clone(), json!({"status": check["status"]})))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "status": report["status"],
        "version": report["version"],
        "checks": checks,
    })
}
