//! Server-sent event streams, as a client reads them (notifications-email-webhooks.md §3).

use utoipa::ToSchema;

/// One event of a stream (OpenAPI 3.1 lets a `text/event-stream` schema describe each
/// event). Every frame is a `data:` line of JSON and carries no `event:` name; `: keepalive`
/// comments come in between and are not events.
#[allow(
    dead_code,
    reason = "documentation: the frames are written by `crate::sse`"
)]
#[derive(Debug, ToSchema)]
pub struct ServerSentEvent {
    /// The frame as JSON text: `{"type": "connected", "org_id"}` first, then one frame per
    /// event (`NotificationFrame`, `MotionFrame`).
    pub data: String,
    /// `message`: the frames are unnamed.
    pub event: Option<String>,
}
