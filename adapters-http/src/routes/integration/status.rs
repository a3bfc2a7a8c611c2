//! `GET /api/integration/status`: the org at a glance, also how Home Assistant's config flow
//! checks a URL and key.

use crate::error::ApiError;
use crate::extract::IntegrationKey;
use crate::responses::integration::{CameraCounts, IntegrationStatus, NodeRollup};
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::{HttpRequest, get, web};
use sentinel_application::blocking::unblock;
use sentinel_domain::rate_limit::RateLimit;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config.service(integration_status);
}

/// `{org_id, plan, cameras: {total, online}, nodes: {total, online, items}}`.
#[utoipa::path(
    tag = "integration",
    security(("integration_key" = [])),
    responses(
        (status = 200, body = IntegrationStatus),
        (status = 401, description = "Missing, empty, unknown or revoked integration key"),
        (status = 429, description = "Over 120 a minute"),
    )
)]
#[get("/api/integration/status")]
async fn integration_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: IntegrationKey,
) -> Result<web::Json<IntegrationStatus>, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_status", RateLimit::per_minute(120))
        .await?;
    let (integration, org) = (state.use_cases.integration.clone(), key.user.org_id.clone());
    let overview = unblock(move || integration.overview(&org)).await?;
    let at = now(&state);
    let cameras_online = overview
        .cameras
        .iter()
        .filter(|entry| entry.listing.camera.effective_status(at) != "offline")
        .count();
    Ok(web::Json(IntegrationStatus {
        org_id: key.user.org_id.clone(),
        plan: overview.plan.to_string(),
        cameras: CameraCounts {
            total: overview.cameras.len(),
            online: cameras_online,
        },
        nodes: NodeRollup::new(&overview.nodes, at),
    }))
}
