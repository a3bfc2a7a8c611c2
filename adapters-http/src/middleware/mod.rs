//! Cross-cutting layers applied to every response.

mod body_limit;
mod content_security_policy;
mod rate_limit;
mod redacted_span;
mod request_id;
mod security_headers;

pub use body_limit::{MAX_RAW_BODY_BYTES, payload_config, payload_too_large};
pub use content_security_policy::spa_policy;
pub use rate_limit::rate_limited;
pub use redacted_span::RedactedRootSpan;
pub use request_id::{RequestId, request_id};
pub use security_headers::security_headers;
