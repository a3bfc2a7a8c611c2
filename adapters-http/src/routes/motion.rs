//! The dashboard's motion views (notifications-email-webhooks.md "Motion REST", §3): recent
//! events, per-camera stats, and the live SSE stream of newly ingested events.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{Query, Validate, ViewUser};
use crate::responses::motion::{
    CameraMotion, MotionEventItem, MotionEventsPage, MotionFrame, MotionStats,
};
use crate::responses::stream::ServerSentEvent;
use crate::routes::cameras::now;
use crate::routes::within;
use crate::sse;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::stream;
use sentinel_application::blocking::unblock;
use sentinel_application::motion_queries;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::rate_limit::RateLimit;
use sentinel_ports::driven::motion_events::{MotionDetected, MotionSubscription};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(motion_events)
        .service(motion_stats)
        .service(motion_stream);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EventsQuery {
    /// One camera's events.
    camera_id: Option<String>,
    /// Default 24.
    #[param(minimum = 1, maximum = 168)]
    hours: Option<i64>,
    /// Default 100.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Default 0.
    #[param(minimum = 0, maximum = 1_000_000)]
    offset: Option<i64>,
}

impl Validate for EventsQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("hours", self.hours, Some(1), 168)?;
        within("limit", self.limit, Some(1), 500)?;
        within("offset", self.offset, Some(0), 1_000_000)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct StatsQuery {
    /// Default 24 (no lower bound, as the original).
    #[param(maximum = 168)]
    hours: Option<i64>,
}

impl Validate for StatsQuery {
    fn validate(&self) -> Result<(), FieldError> {
        // No lower bound, as in the original.
        within("hours", self.hours, None, 168)
    }
}

/// The org's events of the last `hours` hours, newest first.
#[utoipa::path(
    tag = "motion",
    security(("session" = [])),
    params(EventsQuery),
    responses((status = 200, body = MotionEventsPage))
)]
#[get("/api/motion/events")]
async fn motion_events(
    state: web::Data<AppState>,
    user: ViewUser,
    query: Query<EventsQuery>,
) -> Result<web::Json<MotionEventsPage>, ApiError> {
    let params = query.0;
    let (hours, limit, offset) = (
        params.hours.unwrap_or(24),
        params.limit.unwrap_or(100),
        params.offset.unwrap_or(0),
    );
    let camera_id = params
        .camera_id
        .filter(|id| !id.is_empty())
        .map(CameraId::new);
    let (motion, org, at) = (
        state.use_cases.motion.clone(),
        user.org_id.clone(),
        now(&state),
    );
    let page =
        unblock(move || motion.recent_events(&org, camera_id, hours, (limit, offset), at)).await?;
    Ok(web::Json(MotionEventsPage {
        total: page.total,
        limit,
        offset,
        hours,
        events: page.events.iter().map(MotionEventItem::from).collect(),
    }))
}

/// Per camera over the last `hours` hours: event count, peak score, latest event.
#[utoipa::path(
    tag = "motion",
    security(("session" = [])),
    params(StatsQuery),
    responses((status = 200, body = MotionStats))
)]
#[get("/api/motion/events/stats")]
async fn motion_stats(
    state: web::Data<AppState>,
    user: ViewUser,
    query: Query<StatsQuery>,
) -> Result<web::Json<MotionStats>, ApiError> {
    let hours = query.0.hours.unwrap_or(24);
    let (motion, org, at) = (
        state.use_cases.motion.clone(),
        user.org_id.clone(),
        now(&state),
    );
    let stats = unblock(move || motion.camera_stats(&org, hours, at)).await?;
    Ok(web::Json(MotionStats {
        hours,
        cameras: stats.iter().map(CameraMotion::from).collect(),
    }))
}

/// Server-sent events: `data: {"type": "connected", "org_id"}`, then every motion event of
/// the caller's org as it is ingested (`MotionFrame`), `: keepalive` comments in between.
/// At most the plan's SSE subscribers per org (429 past it).
#[utoipa::path(
    tag = "motion",
    security(("session" = [])),
    responses(
        (status = 200, content_type = "text/event-stream", body = ServerSentEvent, description = "Server-sent events"),
        (status = 429, description = "Rate limit (60/min) or the plan's subscriber cap"),
    )
)]
#[get("/api/motion/events/stream")]
async fn motion_stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "motion_events_stream", RateLimit::per_minute(60))
        .await?;
    let cap = motion_queries::stream_cap(&user.plan);
    let slot = state
        .motion_subscribers
        .join(&user.org_id, cap)
        .await
        .ok_or_else(|| sse::at_cap("motion", cap))?;
    let events = org_motion(user.org_id.clone(), state.motion_feed.subscribe());
    Ok(sse::event_stream(
        sse::connected(&user.org_id),
        events,
        slot,
        sse::KEEPALIVE_EVERY,
    ))
}

/// The org's events from the bus, as stream frames; other orgs' events never leave here.
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

/// `{"type": "motion", camera_id, node_id, score, timestamp}`.
fn motion_frame(event: &MotionDetected) -> Value {
    // Strings and numbers only: serializing cannot fail.
    serde_json::to_value(MotionFrame::from(event)).unwrap_or_default()
}
