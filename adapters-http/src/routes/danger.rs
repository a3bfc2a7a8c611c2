//! The settings danger zone: wipe the org's access logs (paid plans) and the full reset
//! (GDPR Art. 17 erasure of every org row, after asking each node to wipe itself).

use crate::error::ApiError;
use crate::extract::{AdminUser, actor};
use crate::responses::settings::{FullReset, LogsWiped};
use crate::state::AppState;
use actix_web::{HttpRequest, post, web};
use sentinel_application::danger_zone::{DangerError, DangerZone};
use sentinel_domain::rate_limit::RateLimit;
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
    let wiped = danger_zone(&state)
        .wipe_logs(&actor(&req, &user), user.has_feature(DANGER_FEATURE))
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
    let reset = danger_zone(&state).full_reset(&actor(&req, &user)).await?;
    let counts = &reset.deleted;
    Ok(web::Json(FullReset {
        success: true,
        nodes_wiped: reset.nodes_wiped,
        nodes_deleted: counts.get("camera_nodes"),
        cameras_deleted: counts.get("cameras"),
        logs_deleted: counts.get("stream_access_logs"),
        mcp_logs_deleted: counts.get("mcp_activity_logs"),
        settings_deleted: counts.get("settings"),
    }))
}

/// The danger zone over this app's ports and memory.
fn danger_zone(state: &AppState) -> &DangerZone {
    &state.use_cases.danger_zone
}

/// The contract's words for the danger zone's refusals.
impl From<DangerError> for ApiError {
    fn from(error: DangerError) -> Self {
        match error {
            DangerError::FeatureRequired => ApiError::forbidden(FEATURE_REQUIRED),
            DangerError::PaidPlanRequired => ApiError::forbidden(PAID_PLAN_REQUIRED),
            DangerError::Storage(cause) => ApiError::from(cause),
        }
    }
}
