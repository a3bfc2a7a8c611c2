//! Cross-cutting layers applied to every response.

mod rate_limit;
mod request_id;
mod security_headers;

pub use rate_limit::rate_limited;
pub use request_id::{RequestId, request_id};
pub use security_headers::security_headers;
