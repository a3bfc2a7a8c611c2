//! The Clerk and Resend webhooks (notifications-email-webhooks.md §9): Svix-signed, public,
//! rate limited per IP; the raw body is verified before it is parsed.

use crate::error::ApiError;
use crate::extract::json::{summary, validation};
use crate::responses::webhooks::{WebhookAck, WebhookDuplicate, WebhookReceived};
use crate::state::AppState;
use actix_web::http::header::HeaderMap;
use actix_web::{HttpRequest, post, web};
use sentinel_application::blocking::unblock_value;
use sentinel_application::webhooks::{
    NotAnEvent, SignatureHeaders, WebhookError, WebhookReply, WebhookSource,
};
use sentinel_domain::rate_limit::RateLimit;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

const CLERK_LIMIT: RateLimit = RateLimit::per_minute(120);
const RESEND_LIMIT: RateLimit = RateLimit::per_minute(600);

pub fn configure(config: &mut ServiceConfig) {
    config.service(clerk_webhook).service(resend_webhook);
}

// Schema only: the handler verifies the raw bytes before it reads them as an event
// (`sentinel_application::webhooks::read_event`). Its doc comment is the schema's description.
/// A provider's event as Svix delivers it, signed over its raw bytes (the `svix-*`
/// headers). Other top-level fields (`object`, `timestamp`, ...) are allowed and ignored.
#[allow(dead_code, reason = "documentation: only its schema is used")]
#[derive(ToSchema)]
pub struct WebhookEvent {
    /// The event type, e.g. `subscription.updated` or `email.bounced`; one the handler does
    /// not act on is acknowledged and ignored, as the provider expects.
    #[serde(rename = "type")]
    event_type: String,
    /// The event's object (its fields depend on `type`).
    #[schema(value_type = Object)]
    data: Value,
}

/// Clerk events (billing, memberships, organizations), verified with `CLERK_WEBHOOK_SECRET`.
#[utoipa::path(
    tag = "webhooks",
    security(()),
    params(
        ("svix-id" = String, Header, description = "The message id (deliveries are deduplicated by it)"),
        ("svix-timestamp" = String, Header, description = "Unix seconds the message was signed at"),
        ("svix-signature" = String, Header, description = "`v1,<base64 HMAC-SHA256>`, space-separated when several"),
    ),
    request_body(content = WebhookEvent, description = "The provider's signed event. Refused unread when the signature does not check out (400), and as a malformed body when it is no `{type, data}` event (422)."),
    responses(
        (status = 200, body = WebhookAck),
        (status = 400, description = "`Invalid signature`, or `Webhook processing unavailable` (no secret configured)"),
        (status = 422, description = "Signed, but no event: not an object, or `type` (a string) or `data` (an object) missing or of another type"),
        (status = 429, description = "Over 120 a minute")
    )
)]
#[post("/api/webhooks/clerk")]
async fn clerk_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<web::Json<WebhookAck>, ApiError> {
    state
        .rate_limiter
        .check(&req, "webhook_clerk", CLERK_LIMIT)
        .await?;
    handle(&state, WebhookSource::Clerk, &req, body).await
}

/// Resend delivery events (bounces and complaints), verified with `RESEND_WEBHOOK_SECRET`.
#[utoipa::path(
    tag = "webhooks",
    security(()),
    params(
        ("svix-id" = String, Header, description = "The message id (deliveries are deduplicated by it)"),
        ("svix-timestamp" = String, Header, description = "Unix seconds the message was signed at"),
        ("svix-signature" = String, Header, description = "`v1,<base64 HMAC-SHA256>`, space-separated when several"),
    ),
    request_body(content = WebhookEvent, description = "The provider's signed event. Refused unread when the signature does not check out (400), and as a malformed body when it is no `{type, data}` event (422)."),
    responses(
        (status = 200, body = WebhookAck),
        (status = 400, description = "`Invalid signature`, or `Webhook processing unavailable` (no secret configured)"),
        (status = 422, description = "Signed, but no event: not an object, or `type` (a string) or `data` (an object) missing or of another type"),
        (status = 429, description = "Over 600 a minute")
    )
)]
#[post("/api/webhooks/resend")]
async fn resend_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<web::Json<WebhookAck>, ApiError> {
    state
        .rate_limiter
        .check(&req, "webhook_resend", RESEND_LIMIT)
        .await?;
    handle(&state, WebhookSource::Resend, &req, body).await
}

async fn handle(
    state: &AppState,
    source: WebhookSource,
    req: &HttpRequest,
    body: web::Bytes,
) -> Result<web::Json<WebhookAck>, ApiError> {
    let headers = signature_headers(req.headers());
    let webhooks = state.webhooks.clone();
    let reply = unblock_value(move || webhooks.handle(source, &headers, &body)).await?;
    match reply {
        Ok(WebhookReply::Received) => Ok(web::Json(WebhookAck::Received(WebhookReceived {
            received: true,
        }))),
        Ok(WebhookReply::Duplicate { msg_id }) => {
            Ok(web::Json(WebhookAck::Duplicate(WebhookDuplicate {
                status: "duplicate",
                svix_id: msg_id,
            })))
        }
        Err(error @ (WebhookError::Unavailable | WebhookError::InvalidSignature)) => {
            Err(ApiError::bad_request(error.to_string()))
        }
        Err(WebhookError::NotAnEvent(refused)) => Err(not_an_event(refused)),
        Err(WebhookError::Storage(error)) => Err(ApiError::from(error)),
    }
}

/// The 422 envelope (E3) of any other malformed body, so a client reads it the same way.
fn not_an_event(refused: NotAnEvent) -> ApiError {
    let field: Vec<String> = refused.field.map(str::to_owned).into_iter().collect();
    let kind = if refused.missing {
        "missing"
    } else {
        "value_error"
    };
    let loc: Vec<&str> = std::iter::once("body").chain(refused.field).collect();
    validation(
        summary(refused.message, &field),
        json!({"type": kind, "loc": loc, "msg": refused.message}),
    )
}

fn signature_headers(headers: &HeaderMap) -> SignatureHeaders {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    SignatureHeaders {
        svix_id: get("svix-id"),
        svix_timestamp: get("svix-timestamp"),
        svix_signature: get("svix-signature"),
        webhook_id: get("webhook-id"),
        webhook_timestamp: get("webhook-timestamp"),
        webhook_signature: get("webhook-signature"),
    }
}
