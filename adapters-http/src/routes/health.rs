//! Liveness, readiness and the detailed probe report. No auth, no rate limit.

use crate::extract::{Query, Validate};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use serde_json::json;
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
        "version": sentinel_ports::usecases::health::APP_VERSION,
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
#[utoipa::path(tag = "health", responses((status = 200, description = "Probe report")))]
#[get("/api/health/detailed")]
async fn detailed(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.health.detailed().await)
}
