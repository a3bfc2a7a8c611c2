//! Liveness, readiness and the detailed probe report. No auth, no rate limit; the detailed
//! report's numbers only for the operations token (see `routes::metrics`).

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{Query, Validate};
use crate::responses::health::{DetailedBody, DetailedReport, Liveness, Readiness, StatusReport};
use crate::routes::metrics::operations_allowed;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config.service(health).service(ready).service(detailed);
}

/// Liveness: answers as long as the process serves HTTP; probes nothing.
#[utoipa::path(
    tag = "health",
    security(()),
    responses((status = 200, body = Liveness))
)]
#[get("/api/health")]
async fn health() -> web::Json<Liveness> {
    web::Json(Liveness {
        status: "healthy",
        version: sentinel_application::health::APP_VERSION,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ReadyQuery {
    /// Re-probe instead of answering from the 30 s cache. Pydantic's booleans: `true`,
    /// `1`, `yes`, `on`, `t`, `y` (any case) and their negations.
    #[param(value_type = Option<bool>)]
    nocache: Option<String>,
}

impl ReadyQuery {
    /// Pydantic's reading of a boolean query value (`None`: not a boolean).
    fn nocache(&self) -> Option<bool> {
        match self
            .nocache
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => Some(false),
            Some("1" | "true" | "yes" | "on" | "t" | "y") => Some(true),
            Some("0" | "false" | "no" | "off" | "f" | "n") => Some(false),
            Some(_) => None,
        }
    }
}

impl Validate for ReadyQuery {
    fn validate(&self) -> Result<(), FieldError> {
        self.nocache().map(|_| ()).ok_or_else(|| {
            FieldError::new(
                "nocache",
                "Input should be a valid boolean, unable to interpret input",
            )
        })
    }
}

/// Readiness: 503 when the database, identity provider, disk or e-mail worker is critical.
/// Cached for 30 s unless `nocache` is true.
#[utoipa::path(
    tag = "health",
    security(()),
    params(ReadyQuery),
    responses(
        (status = 200, body = Readiness, description = "Ready"),
        (status = 503, body = Readiness, description = "Not ready: a core probe is critical")
    )
)]
#[get("/api/health/ready")]
async fn ready(
    state: web::Data<AppState>,
    query: Query<ReadyQuery>,
) -> Result<HttpResponse, ApiError> {
    let report = state
        .health
        .ready(query.0.nocache().unwrap_or_default())
        .await;
    let body: Readiness = serde_json::from_value(report.body).map_err(ApiError::internal)?;
    Ok(if report.ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    })
}

/// Every probe with its numbers; always 200, the `status` field carries the verdict.
/// The numbers, paths and loop ownership are operational detail: with `METRICS_TOKEN` set
/// they need its bearer, in Clerk mode without one nobody gets them; others get each
/// check's status only.
#[utoipa::path(
    tag = "health",
    security(()),
    responses(
        (status = 200, body = DetailedBody, description = "Probe report (statuses only without the operations token)"),
        (status = 401, description = "`Invalid metrics token`: a token was sent and is wrong"),
    )
)]
#[get("/api/health/detailed")]
async fn detailed(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<web::Json<DetailedBody>, ApiError> {
    let report: DetailedReport =
        serde_json::from_value(state.health.detailed().await).map_err(ApiError::internal)?;
    let presented = req.headers().contains_key(header::AUTHORIZATION);
    let full = match operations_allowed(&req, &state.config.operations) {
        Ok(allowed) => allowed,
        Err(refused) if presented => return Err(refused),
        Err(_) => false,
    };
    Ok(web::Json(if full {
        DetailedBody::Full(Box::new(report))
    } else {
        DetailedBody::Statuses(Box::new(StatusReport::from(report)))
    }))
}
