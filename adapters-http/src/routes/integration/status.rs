//! `GET /api/integration/status`: the org at a glance, also how Home Assistant's config flow
//! checks a URL and key.

use crate::blocking::run_blocking;
use crate::error::ApiError;
use crate::extract::IntegrationKey;
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDateTime;
use sentinel_application::integration;
use sentinel_domain::fleet::Node;
use sentinel_domain::rate_limit::RateLimit;
use serde_json::{Value, json};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config.service(integration_status);
}

/// `{org_id, plan, cameras: {total, online}, nodes: {total, online, items}}`.
#[utoipa::path(
    tag = "integration",
    responses(
        (status = 200, description = "The org's plan, camera and node roll-up"),
        (status = 401, description = "Missing, empty, unknown or revoked integration key"),
    )
)]
#[get("/api/integration/status")]
async fn integration_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: IntegrationKey,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_status", RateLimit::per_minute(120))
        .await?;
    let (repos, lookup, org) = (
        state.repos.clone(),
        state.plan_lookup.clone(),
        key.user.org_id.clone(),
    );
    let overview =
        run_blocking(move || integration::overview(&repos, lookup.as_ref(), &org)).await?;
    let at = now(&state);
    let cameras_online = overview
        .cameras
        .iter()
        .filter(|entry| entry.listing.camera.effective_status(at) != "offline")
        .count();
    let items: Vec<Value> = overview
        .nodes
        .iter()
        .map(|node| node_item(node, at))
        .collect();
    let nodes_online = items.iter().filter(|item| item["online"] == true).count();
    Ok(HttpResponse::Ok().json(json!({
        "org_id": key.user.org_id,
        "plan": overview.plan,
        "cameras": {"total": overview.cameras.len(), "online": cameras_online},
        "nodes": {"total": items.len(), "online": nodes_online, "items": items},
    })))
}

fn node_item(node: &Node, now: NaiveDateTime) -> Value {
    let storage = node.storage.as_ref();
    json!({
        "node_id": node.node_id,
        "name": node.name,
        "online": node.effective_status(now) == "online",
        "local_ip": node.local_ip,
        "version": node.node_version,
        "storage": {
            "used_bytes": storage.and_then(|s| s.used_bytes),
            "max_bytes": storage.and_then(|s| s.max_bytes),
            "disk_free_bytes": storage.and_then(|s| s.disk_free_bytes),
            "disk_total_bytes": storage.and_then(|s| s.disk_total_bytes),
        },
    })
}
