//! Cross-cutting layers applied to every response.

mod body_deadline;
mod body_limit;
mod content_security_policy;
mod nul_free;
mod rate_limit;
mod request_span;
mod security_headers;

pub use body_deadline::{API_BODY_PACE, BodyPace, SEGMENT_BODY_PACE, body_deadline};
pub use body_limit::{MAX_RAW_BODY_BYTES, payload_config, payload_too_large};
pub use content_security_policy::spa_policy;
pub use nul_free::nul_free_uri;
pub use rate_limit::rate_limited;
pub use request_span::{RequestId, request_span};
pub use security_headers::security_headers;
