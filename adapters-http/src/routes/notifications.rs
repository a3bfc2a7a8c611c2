//! The inbox (`/api/notifications`, notifications-email-webhooks.md §2) and its SSE stream
//! (§3): listing, unread badge, mark-viewed, clear-all, the admin-promotion request.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{Query, Validate, ViewUser, actor};
use crate::responses::notifications::{
    ClearedAll, InboxPage, MarkedViewed, NotificationFrame, NotificationItem, PromotionRequested,
    UnreadCount,
};
use crate::responses::stream::ServerSentEvent;
use crate::routes::cameras::now;
use crate::routes::within;
use crate::sse;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use futures_util::stream;
use sentinel_application::blocking::unblock;
use sentinel_application::blocking::unblock_value;
use sentinel_application::notifications::{InboxRequest, InboxUser, PromotionError};
use sentinel_domain::identity::AuthUser;
use sentinel_domain::ids::OrgId;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_ports::driven::notification_events::NotificationCreated;
use serde::Deserialize;
use serde_json::Value;
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
    /// Default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// Default 0.
    #[param(minimum = 0, maximum = 1_000_000)]
    offset: Option<i64>,
    /// Default 168 (no lower bound, as the original).
    #[param(maximum = 720)]
    hours: Option<i64>,
}

impl Validate for InboxParams {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 200)?;
        within("offset", self.offset, Some(0), 1_000_000)?;
        within("hours", self.hours, None, 720)
    }
}

/// The caller's inbox: rows of the last `hours` hours after their clear, newest first.
#[utoipa::path(
    tag = "notifications",
    security(("session" = [])),
    params(InboxParams),
    responses((status = 200, body = InboxPage))
)]
#[get("/api/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    user: ViewUser,
    params: Query<InboxParams>,
) -> Result<web::Json<InboxPage>, ApiError> {
    let request = InboxRequest {
        limit: params.0.limit.unwrap_or(50),
        offset: params.0.offset.unwrap_or(0),
        hours: params.0.hours.unwrap_or(168),
    };
    let (inbox, who, at) = (
        state.use_cases.inbox.clone(),
        inbox_user(&user),
        now(&state),
    );
    let listing = unblock(move || inbox.list_inbox(&who, request, at)).await?;
    let notifications = listing
        .page
        .notifications
        .iter()
        .map(|row| NotificationItem::new(row, listing.is_unread(row)))
        .collect();
    Ok(web::Json(InboxPage {
        total: listing.page.total,
        limit: request.limit,
        offset: request.offset,
        last_viewed_at: listing.state.last_viewed_at,
        notifications,
    }))
}

/// Visible rows newer than the caller's last visit, at most 99 (`capped` when more).
#[utoipa::path(
    tag = "notifications",
    security(("session" = [])),
    responses((status = 200, body = UnreadCount))
)]
#[get("/api/notifications/unread-count")]
async fn unread_count(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<UnreadCount>, ApiError> {
    let (inbox, who, at) = (
        state.use_cases.inbox.clone(),
        inbox_user(&user),
        now(&state),
    );
    let count = unblock(move || inbox.unread_count(&who, at)).await?;
    Ok(web::Json(UnreadCount {
        unread: count.unread,
        capped: count.capped,
        last_viewed_at: count.last_viewed_at,
    }))
}

/// Everything so far has been seen by the caller.
#[utoipa::path(
    tag = "notifications",
    security(("session" = [])),
    responses((status = 200, body = MarkedViewed))
)]
#[post("/api/notifications/mark-viewed")]
async fn mark_viewed(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<MarkedViewed>, ApiError> {
    let (inbox, who, at) = (
        state.use_cases.inbox.clone(),
        inbox_user(&user),
        now(&state),
    );
    let read = unblock(move || inbox.mark_viewed(&who, at)).await?;
    Ok(web::Json(MarkedViewed {
        success: true,
        last_viewed_at: read.last_viewed_at,
    }))
}

/// Hides every row so far from the caller (per user; nothing is deleted).
#[utoipa::path(
    tag = "notifications",
    security(("session" = [])),
    responses((status = 200, body = ClearedAll))
)]
#[post("/api/notifications/clear-all")]
async fn clear_all(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<ClearedAll>, ApiError> {
    let (inbox, who, at) = (
        state.use_cases.inbox.clone(),
        inbox_user(&user),
        now(&state),
    );
    let read = unblock(move || inbox.clear_all(&who, at)).await?;
    Ok(web::Json(ClearedAll {
        success: true,
        cleared_at: read.cleared_at,
        last_viewed_at: read.last_viewed_at,
    }))
}

/// A member asks the org's admins for admin rights (3/hour per org). An admin asking is
/// refused with 400 by contract.
#[utoipa::path(
    tag = "notifications",
    security(("session" = [])),
    responses(
        (status = 200, body = PromotionRequested),
        (status = 400, description = "The caller is already an admin"),
        (status = 429, description = "More than 3 requests in an hour")
    )
)]
#[post("/api/notifications/request-admin-promotion")]
async fn request_admin_promotion(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<PromotionRequested>, ApiError> {
    state
        .rate_limiter
        .check(
            &req,
            "notifications_request_admin_promotion",
            PROMOTION_LIMIT,
        )
        .await?;
    let (inbox, actor, at) = (
        state.use_cases.inbox.clone(),
        actor(&req, &user),
        now(&state),
    );
    let (is_admin, email, username) = (user.is_admin, user.email.clone(), user.username.clone());
    unblock_value(move || inbox.request_admin_promotion(&actor, is_admin, &email, &username, at))
        .await?
        .map_err(|error: PromotionError| {
            ApiError::detail(StatusCode::BAD_REQUEST, error.to_string())
        })?;
    Ok(web::Json(PromotionRequested {
        success: true,
        message: "Your request was sent to your organization's admins.".to_owned(),
    }))
}

/// Live notifications of the caller's org as server-sent events (admin-audience events
/// only to admins); capped per org by the plan's `max_sse_subscribers`. Frames:
/// `data: {"type": "connected", "org_id"}`, then one `NotificationFrame` per
/// notification, with `: keepalive` comments in between.
#[utoipa::path(
    tag = "notifications",
    security(("session" = [])),
    responses(
        (status = 200, content_type = "text/event-stream", body = ServerSentEvent, description = "Server-sent events"),
        (status = 429, description = "The org's stream cap is reached, or more than 60 connects a minute")
    )
)]
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
    let cap = usize::try_from(user.plan.limits().max_sse_subscribers).unwrap_or(0);
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
                            && created.content.audience.includes(is_admin) =>
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

/// The SSE frame: the inbox row (without `unread`) plus `"type": "notification"`.
fn stream_json(created: &NotificationCreated) -> Value {
    // Strings, numbers and JSON values only: serializing cannot fail.
    serde_json::to_value(NotificationFrame::from(created)).unwrap_or_default()
}
