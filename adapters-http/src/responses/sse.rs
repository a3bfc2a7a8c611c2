//! Live streams (`text/event-stream`): the schema of one event as a client parses it. The
//! frames are `data: <JSON object>` lines (which object: the route's description says),
//! with keep-alive comments between them.

use serde::Serialize;
use utoipa::ToSchema;

/// One server-sent event.
#[derive(Debug, Serialize, ToSchema)]
pub struct SseEvent {
    /// The event type; `message` (the default) for every frame these streams send.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// One JSON object.
    pub data: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<u64>,
}
