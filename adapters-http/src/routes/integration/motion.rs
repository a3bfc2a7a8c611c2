//! `GET /api/integration/motion/stream`: Home Assistant's live motion feed. Its subscriber
//! pool is its own (10 streams per org, whatever the plan), apart from the dashboard's, and
//! both see every stored motion event.

use crate::error::ApiError;
use crate::extract::IntegrationKey;
use crate::responses::integration::MotionFrame;
use crate::sse;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::stream;
use sentinel_domain::ids::OrgId;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_ports::driven::motion_events::{MotionDetected, MotionSubscription};
use serde_json::Value;
use utoipa_actix_web::service_config::ServiceConfig;

/// Open integration motion streams one org may hold.
pub const STREAM_CAP: usize = 10;

pub fn configure(config: &mut ServiceConfig) {
    config.service(integration_motion_stream);
}

/// Server-sent events: `connected`, then `{type: motion, camera_id, node_id, score,
/// timestamp}` for every motion event of the key's org; `: keepalive` after 25 s of silence.
#[utoipa::path(
    tag = "integration",
    security(("integration_key" = [])),
    responses(
        (status = 200, description = "Server-sent motion events", content_type = "text/event-stream", body = String),
        (status = 401, description = "Missing, empty, unknown or revoked integration key"),
        (status = 429, description = "Rate limit (60/min) or 10 open streams for this org"),
    )
)]
#[get("/api/integration/motion/stream")]
async fn integration_motion_stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: IntegrationKey,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_motion_stream", RateLimit::per_minute(60))
        .await?;
    let org = key.user.org_id.clone();
    let slot = state
        .integration_motion_subscribers
        .join(&org, STREAM_CAP)
        .await
        .ok_or_else(pool_full)?;
    let events = org_motion(org.clone(), state.integration_motion_feed.subscribe());
    Ok(sse::event_stream(
        sse::connected(&org),
        events,
        slot,
        sse::KEEPALIVE_EVERY,
    ))
}

fn pool_full() -> ApiError {
    ApiError::detail(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "Too many open integration motion streams for this org (cap: {STREAM_CAP}). \
             Close unused connections and retry."
        ),
    )
}

/// The org's events from the bus as frames; other orgs' events never leave here.
fn org_motion(
    org: OrgId,
    subscription: Box<dyn MotionSubscription>,
) -> impl futures_util::Stream<Item = Value> {
    stream::unfold((org, subscription), |(org, mut subscription)| async move {
        loop {
            let event = subscription.next().await?;
            if event.org == org {
                return Some((motion_frame(&event), (org, subscription)));
            }
        }
    })
}

fn motion_frame(event: &MotionDetected) -> Value {
    // Strings and an integer always serialise; `Null` is unreachable.
    serde_json::to_value(MotionFrame::from(event)).unwrap_or_default()
}
