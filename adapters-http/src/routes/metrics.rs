//! `GET /metrics`: Prometheus scrapes the live path, event streams, node sockets, the e-mail
//! outbox and request latency. Behind `Authorization: Bearer <METRICS_TOKEN>` when set;
//! without it, open in local mode and closed in Clerk mode (see [`OperationsAccess`]).

use crate::error::ApiError;
use crate::metrics::{Scrape, render};
use crate::state::{AppState, OperationsAccess};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use sentinel_application::blocking::unblock;
use sentinel_domain::keys::secrets_match;

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

pub fn configure(config: &mut web::ServiceConfig) {
    config.route("/metrics", web::get().to(metrics));
}

async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !operations_allowed(&req, &state.config.operations)? {
        return Err(ApiError::detail(
            StatusCode::FORBIDDEN,
            "Metrics are off: set METRICS_TOKEN to scrape them",
        ));
    }
    let scrape = gather(&state).await;
    let text = render(&state.metrics, &scrape).map_err(|_| {
        ApiError::detail(StatusCode::INTERNAL_SERVER_ERROR, "metrics encoding failed")
    })?;
    Ok(HttpResponse::Ok()
        .content_type(OPENMETRICS)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text))
}

/// Whether the request may see the operational views: `false` when they are closed
/// (Clerk mode without `METRICS_TOKEN`), 401 for a missing or wrong token.
pub fn operations_allowed(req: &HttpRequest, access: &OperationsAccess) -> Result<bool, ApiError> {
    let token = match access {
        OperationsAccess::Open => return Ok(true),
        OperationsAccess::Closed => return Ok(false),
        OperationsAccess::Token(token) => token,
    };
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, presented)| presented.trim());
    match presented {
        Some(presented) if secrets_match(presented.as_bytes(), token.as_bytes()) => Ok(true),
        _ => Err(ApiError::detail(
            StatusCode::UNAUTHORIZED,
            "Invalid metrics token",
        )),
    }
}

async fn gather(state: &AppState) -> Scrape {
    let outbox = state.email.outbox.clone();
    let outbox_unsent = unblock(move || outbox.count_unsent_all_orgs()).await.ok();
    Scrape {
        live: state.live_pipeline.counts(),
        cache: state.live_pipeline.store_stats(),
        shared: state.live_pipeline.shared_counts(),
        shared_cache: state
            .live_pipeline
            .shared_stats()
            .await
            .and_then(Result::ok),
        subscribers: vec![
            (
                "notifications",
                state.notification_subscribers.subscribers(),
            ),
            ("motion", state.motion_subscribers.subscribers()),
            (
                "integration_motion",
                state.integration_motion_subscribers.subscribers(),
            ),
            ("mcp_activity", state.mcp.activity_subscribers.subscribers()),
        ],
        node_sockets: u64::try_from(state.node_sockets.connected()).unwrap_or(u64::MAX),
        outbox_unsent,
    }
}
