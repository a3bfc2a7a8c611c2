//! The inbox (`/api/notifications`, notifications-email-webhooks.md §2) and its SSE stream
//! (§3): listing, unread badge, mark-viewed, clear-all, the admin-promotion request.

use crate::blocking::run_blocking;
use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{Query, Validate, ViewUser, actor};
use crate::routes::cameras::now;
use crate::sse;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use futures_util::stream;
use sentinel_application::notifications::{self, InboxRequest, InboxUser, PromotionError};
use sentinel_domain::identity::AuthUser;
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::{AUDIENCE_ADMIN, Notification};
use sentinel_domain::plans;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::driven::notification_events::NotificationCreated;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::broadcast::{self, error::RecvError};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

const PROMOTION_LIMIT: RateLimit = RateLimit::per_hour(3);
const STREAM_LIMIT: RateLimit = RateLimit::per_minute(60);

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_notifications)
        .service(unread_count)
        .service(mark_viewed)
        .service(clear_all)
        .service(request_admin_promotion)
        .service(notification_stream);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    /// 1–200, default 50.
    limit: Option<i64>,
    /// 0–1 000 000, default 0.
    offset: Option<i64>,
    /// At most 720, default 168 (no lower bound, as the original).
    hours: Option<i64>,
}

impl Validate for InboxParams {
    fn validate(&self) -> Result<(), FieldError> {
        let bounded = |field: &str, value: Option<i64>, min: Option<i64>, max: i64| match value {
            Some(v) if min.is_some_and(|min| v < min) => Err(FieldError::new(
                field,
                format!(
                    "Input should be greater than or equal to {}",
                    min.unwrap_or_default()
                ),
            )),
            Some(v) if v > max => Err(FieldError::new(
                field,
                format!("Input should be less than or equal to {max}"),
            )),
            _ => Ok(()),
        };
        bounded("limit", self.limit, Some(1), 200)?;
        bounded("offset", self.offset, Some(0), 1_000_000)?;
        bounded("hours", self.hours, None, 720)
    }
}

/// The caller's inbox: rows of the last `hours` hours after their clear, newest first.
#[utoipa::path(tag = "notifications", params(InboxParams), responses((status = 200, description = "`{total, limit, offset, last_viewed_at, notifications: [... + unread]}`")))]
#[get("/api/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    user: ViewUser,
    params: Query<InboxParams>,
) -> Result<HttpResponse, ApiError> {
    let request = InboxRequest {
        limit: params.0.limit.unwrap_or(50),
        offset: params.0.offset.unwrap_or(0),
        hours: params.0.hours.unwrap_or(168),
    };
    let (repos, who, at) = (state.repos.clone(), inbox_user(&user), now(&state));
    let listing =
        run_blocking(move || notifications::list_inbox(&repos, &who, request, at)).await?;
    let rows: Vec<Value> = listing
        .page
        .notifications
        .iter()
        .map(|row| {
            let mut dict = notification_json(row);
            dict["unread"] = json!(listing.is_unread(row));
            dict
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "total": listing.page.total,
        "limit": request.limit,
        "offset": request.offset,
        "last_viewed_at": iso_naive(listing.state.last_viewed_at),
        "notifications": rows,
    })))
}

/// Visible rows newer than the caller's last visit, at most 99 (`capped` when more).
#[utoipa::path(tag = "notifications", responses((status = 200, description = "`{unread, capped, last_viewed_at}`")))]
#[get("/api/notifications/unread-count")]
async fn unread_count(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    let (repos, who, at) = (state.repos.clone(), inbox_user(&user), now(&state));
    let count = run_blocking(move || notifications::unread_count(&repos, &who, at)).await?;
    Ok(HttpResponse::Ok().json(json!({
        "unread": count.unread,
        "capped": count.capped,
        "last_viewed_at": iso_naive(count.last_viewed_at),
    })))
}

/// Everything so far has been seen by the caller.
#[utoipa::path(tag = "notifications", responses((status = 200, description = "`{success, last_viewed_at}`")))]
#[post("/api/notifications/mark-viewed")]
async fn mark_viewed(state: web::Data<AppState>, user: ViewUser) -> Result<HttpResponse, ApiError> {
    let (repos, who, at) = (state.repos.clone(), inbox_user(&user), now(&state));
    let read = run_blocking(move || notifications::mark_viewed(&repos, &who, at)).await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "last_viewed_at": iso_naive(read.last_viewed_at),
    })))
}

/// Hides every row so far from the caller (per user; nothing is deleted).
#[utoipa::path(tag = "notifications", responses((status = 200, description = "`{success, cleared_at, last_viewed_at}`")))]
#[post("/api/notifications/clear-all")]
async fn clear_all(state: web::Data<AppState>, user: ViewUser) -> Result<HttpResponse, ApiError> {
    let (repos, who, at) = (state.repos.clone(), inbox_user(&user), now(&state));
    let read = run_blocking(move || notifications::clear_all(&repos, &who, at)).await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "cleared_at": read.cleared_at.map(iso_naive),
        "last_viewed_at": iso_naive(read.last_viewed_at),
    })))
}

/// A member asks the org's admins for admin rights (3/hour per org).
#[utoipa::path(tag = "notifications", responses((status = 200, description = "`{success, message}`"), (status = 400, description = "Already an admin"), (status = 429, description = "More than 3 requests in an hour")))]
#[post("/api/notifications/request-admin-promotion")]
async fn request_admin_promotion(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(
            &req,
            "notifications_request_admin_promotion",
            PROMOTION_LIMIT,
        )
        .await?;
    let (repos, events, actor, at) = (
        state.repos.clone(),
        state.notification_events.clone(),
        actor(&req, &user),
        now(&state),
    );
    let (is_admin, email, username) = (user.is_admin, user.email.clone(), user.username.clone());
    web::block(move || {
        notifications::request_admin_promotion(
            &repos,
            events.as_ref(),
            &actor,
            is_admin,
            &email,
            &username,
            at,
        )
    })
    .await?
    .map_err(|error: PromotionError| {
        ApiError::detail(StatusCode::BAD_REQUEST, error.to_string())
    })?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "message": "Your request was sent to your organization's admins.",
    })))
}

/// Live notifications of the caller's org as server-sent events (admin-audience events
/// only to admins); capped per org by the plan's `max_sse_subscribers`.
#[utoipa::path(tag = "notifications", responses((status = 200, description = "`text/event-stream`", content_type = "text/event-stream"), (status = 429, description = "The org's stream cap is reached, or more than 60 connects a minute")))]
#[get("/api/notifications/stream")]
async fn notification_stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "notifications_stream", STREAM_LIMIT)
        .await?;
    let cap = usize::try_from(plans::limits_for(&user.plan).max_sse_subscribers).unwrap_or(0);
    let slot = state
        .notification_subscribers
        .join(&user.org_id, cap)
        .await
        .ok_or_else(|| sse::at_cap("notification", cap))?;
    let events = visible_events((state.notification_feed)(), &user);
    Ok(sse::event_stream(
        sse::connected(&user.org_id),
        events,
        slot,
        sse::KEEPALIVE_EVERY,
    ))
}

/// The bus, filtered to what `user` may see, as stream frames.
fn visible_events(
    receiver: broadcast::Receiver<NotificationCreated>,
    user: &AuthUser,
) -> impl futures_util::Stream<Item = Value> + 'static {
    let (org, is_admin) = (user.org_id.clone(), user.is_admin);
    stream::unfold(receiver, move |mut receiver| {
        let org: OrgId = org.clone();
        async move {
            loop {
                match receiver.recv().await {
                    Ok(created)
                        if created.stored()
                            && created.org == org
                            && (is_admin || created.audience != AUDIENCE_ADMIN) =>
                    {
                        return Some((stream_json(&created), receiver));
                    }
                    Ok(_) => {}
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(%org, missed, "notification stream subscriber lagged");
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    })
}

fn inbox_user(user: &AuthUser) -> InboxUser {
    InboxUser {
        org: user.org_id.clone(),
        user: user.user_id.clone(),
        is_admin: user.is_admin,
    }
}

/// The spec's notification dict.
fn notification_json(row: &Notification) -> Value {
    json!({
        "id": row.id,
        "kind": row.kind,
        "audience": row.audience,
        "title": row.title,
        "body": row.body,
        "severity": row.severity,
        "link": row.link,
        "camera_id": row.camera_id,
        "node_id": row.node_id,
        "meta": row.meta,
        "created_at": iso_naive(row.created_at),
    })
}

/// The SSE frame: the dict plus `"type": "notification"`.
fn stream_json(created: &NotificationCreated) -> Value {
    json!({
        "type": "notification",
        "id": created.id,
        "kind": created.kind,
        "audience": created.audience,
        "title": created.title,
        "body": created.body,
        "severity": created.severity,
        "link": created.link,
        "camera_id": created.camera_id,
        "node_id": created.node_id,
        "meta": created.meta,
        "created_at": iso_naive(created.created_at),
    })
}
