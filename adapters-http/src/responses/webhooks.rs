//! Webhook acknowledgements (notifications-email-webhooks.md §9).

use serde::Serialize;
use utoipa::ToSchema;

/// The event was processed.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookReceived {
    /// Always `true`.
    pub received: bool,
}

/// The message id was seen before: nothing was done again.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDuplicate {
    /// Always `duplicate`.
    pub status: &'static str,
    pub svix_id: String,
}

/// What a verified delivery is answered with.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum WebhookAck {
    Received(WebhookReceived),
    Duplicate(WebhookDuplicate),
}
