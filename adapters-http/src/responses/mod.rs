//! The JSON bodies the API answers with, one module per area (docs/rest-api.md gives the
//! shapes). Each is a `Serialize + ToSchema` type built from domain values, so the wire shape
//! and `/api/openapi.json` cannot disagree; handlers never assemble JSON by hand.

pub mod audit;
pub mod cameras;
pub mod email;
pub mod files;
pub mod groups;
pub mod health;
pub mod hls;
pub mod incidents;
pub mod integration;
pub mod jsonrpc;
pub mod local_session;
pub mod mcp;
pub mod motion;
pub mod nodes;
pub mod notifications;
pub mod sentinel;
pub mod settings;
pub mod sharing;
pub mod sse;
pub mod stream;
pub mod time;
pub mod usage;
pub mod webhooks;

use serde::Serialize;
use utoipa::ToSchema;

/// `{"success": true}`: an action with nothing more to say.
#[derive(Debug, Serialize, ToSchema)]
pub struct Success {
    /// Always `true` (failures are error envelopes).
    pub success: bool,
}

impl Success {
    pub const fn new() -> Self {
        Self { success: true }
    }
}

impl Default for Success {
    fn default() -> Self {
        Self::new()
    }
}
