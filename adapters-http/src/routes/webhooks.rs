//! The Clerk and Resend webhooks (notifications-email-webhooks.md §9): Svix-signed, public,
//! rate limited per IP; the raw body is verified before it is parsed.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header::HeaderMap;
use actix_web::{HttpRequest, HttpResponse, post, web};
use sentinel_application::webhooks::{SignatureHeaders, WebhookError, WebhookReply, WebhookSource};
use sentinel_domain::rate_limit::RateLimit;
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

const CLERK_LIMIT: RateLimit = RateLimit::per_minute(120);
const RESEND_LIMIT: RateLimit = RateLimit::per_minute(600);

pub fn configure(config: &mut ServiceConfig) {
    config.service(clerk_webhook).service(resend_webhook);
}

/// Clerk events (billing, memberships, organizations), verified with `CLERK_WEBHOOK_SECRET`.
#[utoipa::path(tag = "webhooks", request_body(content = Object, content_type = "application/json", description = "The provider event `{type, data}`, signed"), responses((status = 200, description = "`{received: true}` or `{status: \"duplicate\", svix_id}`"), (status = 400, description = "`Invalid signature` or `Webhook processing unavailable`")))]
#[post("/api/webhooks/clerk")]
async fn clerk_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "webhook_clerk", CLERK_LIMIT)
        .await?;
    handle(&state, WebhookSource::Clerk, &req, body).await
}

/// Resend delivery events (bounces and complaints), verified with `RESEND_WEBHOOK_SECRET`.
#[utoipa::path(tag = "webhooks", request_body(content = Object, content_type = "application/json", description = "The provider event `{type, data}`, signed"), responses((status = 200, description = "`{received: true}` or `{status: \"duplicate\", svix_id}`"), (status = 400, description = "`Invalid signature` or `Webhook processing unavailable`")))]
#[post("/api/webhooks/resend")]
async fn resend_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
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
) -> Result<HttpResponse, ApiError> {
    let headers = signature_headers(req.headers());
    let webhooks = state.webhooks.clone();
    let reply = web::block(move || webhooks.handle(source, &headers, &body)).await?;
    match reply {
        Ok(WebhookReply::Received) => Ok(HttpResponse::Ok().json(json!({"received": true}))),
        Ok(WebhookReply::Duplicate { msg_id }) => {
            Ok(HttpResponse::Ok().json(json!({"status": "duplicate", "svix_id": msg_id})))
        }
        Err(error @ (WebhookError::Unavailable | WebhookError::InvalidSignature)) => {
            Err(ApiError::bad_request(error.to_string()))
        }
        Err(WebhookError::Storage(error)) => Err(ApiError::from(error)),
    }
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
