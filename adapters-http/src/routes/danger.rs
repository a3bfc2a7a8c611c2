//! The settings danger zone: wipe the org's access logs (paid plans) and the full reset
//! (GDPR Art. 17 erasure of every org row, after asking each node to wipe itself).

use crate::blocking::run_blocking;
use crate::error::ApiError;
use crate::extract::{AdminUser, actor};
use crate::responses::settings::{FullReset, LogsWiped};
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::{HttpRequest, post, web};
use sentinel_application::audit_trail;
use sentinel_application::fleet::{effective_plan, request_node_wipe};
use sentinel_application::gdpr;
use sentinel_domain::plans;
use sentinel_domain::rate_limit::RateLimit;
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

const WIPE_LOGS_LIMIT: RateLimit = RateLimit::per_hour(5);
const FULL_RESET_LIMIT: RateLimit = RateLimit::per_hour(3);

/// The JWT feature the danger zone's log wipe needs.
const DANGER_FEATURE: &str = "admin";
const FEATURE_REQUIRED: &str = "Danger zone requires a Pro or Pro Plus plan.";
const PAID_PLAN_REQUIRED: &str = "Danger zone requires an active paid plan; the current billing record for this organization doesn't include this feature.  If you just upgraded, sign out and back in to refresh your session.";

pub fn configure(config: &mut ServiceConfig) {
    config.service(wipe_logs).service(full_reset);
}

/// Deletes every stream access log and MCP activity log of the org (admin, JWT feature
/// `admin`, effective plan `pro` or `pro_plus`).
#[utoipa::path(
    tag = "settings",
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = LogsWiped),
        (status = 403, description = "Not an admin, no `admin` plan feature, or the billing record is not on a paid plan"),
        (status = 429, description = "More than 5 per hour")
    )
)]
#[post("/api/settings/danger/wipe-logs")]
async fn wipe_logs(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<LogsWiped>, ApiError> {
    state
        .rate_limiter
        .check(&req, "danger_wipe_logs", WIPE_LOGS_LIMIT)
        .await?;
    if !user.has_feature(DANGER_FEATURE) {
        return Err(ApiError::forbidden(FEATURE_REQUIRED));
    }
    let (repos, org, clock) = (
        state.repos.clone(),
        user.org_id.clone(),
        state.clock.clone(),
    );
    let plan =
        run_blocking(move || effective_plan(repos.settings.as_ref(), &org, clock.now())).await?;
    if plan != plans::PRO && plan != plans::PRO_PLUS {
        return Err(ApiError::forbidden(PAID_PLAN_REQUIRED));
    }
    let (repos, actor, at) = (state.repos.clone(), actor(&req, &user), now(&state));
    let wiped = run_blocking(move || {
        let wiped = repos.gdpr.wipe_access_logs(&actor.org_id)?;
        audit_trail::record(
            repos.audit.as_ref(),
            &actor,
            at,
            "logs_wiped",
            Some(&json!({
                "stream_logs_deleted": wiped.stream_logs,
                "mcp_logs_deleted": wiped.mcp_logs,
            })),
        );
        Ok(wiped)
    })
    .await?;
    Ok(web::Json(LogsWiped {
        success: true,
        deleted_logs: wiped.stream_logs,
        deleted_mcp_logs: wiped.mcp_logs,
    }))
}

/// Erases all of the org's data (every plan): each node is asked to wipe itself
/// (`wipe_data`, 10 s each, one after the other), the cameras' live caches are dropped,
/// every org row is deleted, then a `full_reset` audit row (the org's only one left) records
/// the per-table counts.
#[utoipa::path(
    tag = "settings",
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = FullReset),
        (status = 429, description = "More than 3 per hour")
    )
)]
#[post("/api/settings/danger/full-reset")]
async fn full_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<FullReset>, ApiError> {
    state
        .rate_limiter
        .check(&req, "danger_full_reset", FULL_RESET_LIMIT)
        .await?;
    let (repos, org) = (state.repos.clone(), user.org_id.clone());
    let (nodes, cameras) =
        run_blocking(move || Ok((repos.nodes.list(&org)?, repos.cameras.list(&org)?))).await?;

    let mut nodes_wiped = 0_u64;
    for listing in &nodes {
        if request_node_wipe(state.node_commands.as_ref(), &listing.node.node_id).await {
            nodes_wiped += 1;
        }
    }
    for listing in &cameras {
        state.live.drop_camera(&listing.camera.camera_id);
    }

    let (repos, actor, at) = (state.repos.clone(), actor(&req, &user), now(&state));
    let counts = run_blocking(move || {
        let counts = gdpr::delete_org_data(repos.gdpr.as_ref(), &actor.org_id)?;
        let details = serde_json::to_value(&counts).unwrap_or_default();
        audit_trail::record(
            repos.audit.as_ref(),
            &actor,
            at,
            "full_reset",
            Some(&details),
        );
        Ok(counts)
    })
    .await?;
    // Nothing of the org is left to remember.
    state.fleet_directory.forget_org(&user.org_id);
    state.live_pipeline.forget_org_plan(&user.org_id);
    state.motion.forget_switch(&user.org_id);

    Ok(web::Json(FullReset {
        success: true,
        nodes_wiped,
        nodes_deleted: counts.get("camera_nodes"),
        cameras_deleted: counts.get("cameras"),
        logs_deleted: counts.get("stream_access_logs"),
        mcp_logs_deleted: counts.get("mcp_activity_logs"),
        settings_deleted: counts.get("settings"),
    }))
}
