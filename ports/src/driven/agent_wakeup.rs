//! The wake-up webhook to the Sentinel agent (integration-and-sentinel.md §3.5): a signed
//! POST sent in the background. The use case builds and signs the request; the adapter only
//! delivers it, never blocking the caller, and reports how it went through the callback.

/// A signed wake-up, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakeupRequest {
    /// `SENTINEL_AGENT_WEBHOOK_URL`.
    pub url: String,
    /// Exactly `{"ts": <unix seconds>}`.
    pub body: String,
    /// `X-Sentinel-Signature`: `sha256=<hex HMAC-SHA256 of the body>`.
    pub signature: String,
}

/// Called once the delivery ends: `Ok` on a 2xx/3xx answer, else the refusal
/// (`HTTP 503`) or transport error, in words.
pub type WakeupReport = Box<dyn FnOnce(Result<(), String>) + Send>;

pub trait AgentWakeup: Send + Sync {
    /// Sends in the background (5 s timeout); returns at once.
    fn send(&self, request: WakeupRequest, report: WakeupReport);
}
