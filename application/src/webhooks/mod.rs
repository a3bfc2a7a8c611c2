//! The Clerk and Resend webhooks (notifications-email-webhooks.md §9): signature check,
//! the `processed_webhooks` ledger, and each event's effect. Blocking (repository work):
//! async callers run it on the blocking pool.

mod clerk;
mod resend;
pub mod signature;

pub(crate) use clerk::plan_of_items;
pub use signature::{SignatureError, SignatureHeaders};

use crate::fleet::PlanCaps;
use crate::fleet_directory::FleetDirectory;
use crate::live::LivePipeline;
use crate::notifications::Notifier;
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_domain::text::make_nul_free;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::org_directory::OrgDirectory;
use sentinel_ports::driven::repos::{
    EmailOutboxRepo, GdprRepo, RepoError, SettingsRepo, WebhookLedgerRepo,
};
use serde_json::Value;
use std::sync::Arc;

/// Which provider a delivery claims to come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookSource {
    Clerk,
    Resend,
}

/// Drops an org's cached recipient lists (after a membership change).
pub type RecipientInvalidator = Arc<dyn Fn(&OrgId) + Send + Sync>;

/// Everything the webhooks touch.
pub struct WebhookPorts {
    /// `CLERK_WEBHOOK_SECRET` (empty: the Clerk endpoint is unavailable).
    pub clerk_secret: String,
    /// `RESEND_WEBHOOK_SECRET` (empty: the Resend endpoint is unavailable).
    pub resend_secret: String,
    pub ledger: Arc<dyn WebhookLedgerRepo>,
    pub outbox: Arc<dyn EmailOutboxRepo>,
    pub settings: Arc<dyn SettingsRepo>,
    pub gdpr: Arc<dyn GdprRepo>,
    pub caps: Arc<PlanCaps>,
    pub fleet_directory: Arc<FleetDirectory>,
    pub live: Arc<LivePipeline>,
    pub notifier: Arc<Notifier>,
    pub invalidate_recipients: RecipientInvalidator,
    /// Clerk's Backend API: member limits and the live billing subscription.
    pub directory: Arc<dyn OrgDirectory>,
    pub clock: Arc<dyn Clock>,
}

/// What the endpoint answers when the delivery was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookReply {
    /// Processed now: `{"received": true}`.
    Received,
    /// Already in the ledger, nothing done: `{"status": "duplicate", "svix_id"}`.
    Duplicate { msg_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The provider's secret is not configured.
    #[error("Webhook processing unavailable")]
    Unavailable,
    /// Missing headers, bad signature, stale timestamp or a body that is not JSON.
    #[error("Invalid signature")]
    InvalidSignature,
    /// Signed JSON that is no event: answered as a malformed body, and not recorded.
    #[error(transparent)]
    NotAnEvent(#[from] NotAnEvent),
    /// A business write failed: answered 5xx so the provider retries.
    #[error(transparent)]
    Storage(#[from] RepoError),
}

pub struct WebhookService {
    ports: WebhookPorts,
}

impl WebhookService {
    pub fn new(ports: WebhookPorts) -> Self {
        Self { ports }
    }

    /// Verifies, deduplicates and applies one delivery. Blocking.
    pub fn handle(
        &self,
        source: WebhookSource,
        headers: &SignatureHeaders,
        body: &[u8],
    ) -> Result<WebhookReply, WebhookError> {
        let secret = match source {
            WebhookSource::Clerk => &self.ports.clerk_secret,
            WebhookSource::Resend => &self.ports.resend_secret,
        };
        if secret.is_empty() {
            return Err(WebhookError::Unavailable);
        }
        let msg_id =
            signature::verify(secret, headers, body, self.ports.clock.now()).map_err(|error| {
                tracing::warn!(?source, %error, "webhook rejected");
                WebhookError::InvalidSignature
            })?;
        let mut payload: Value =
            serde_json::from_slice(body).map_err(|_| WebhookError::InvalidSignature)?;
        // Its strings reach the ledger and org lookups, which PostgreSQL text must hold.
        make_nul_free(&mut payload);
        let Event { event_type, data } = read_event(&payload)?;
        if self.ports.ledger.is_processed(&msg_id)? {
            tracing::info!(?source, msg_id, "duplicate webhook ignored");
            return Ok(WebhookReply::Duplicate { msg_id });
        }
        match source {
            WebhookSource::Clerk => {
                clerk::apply(&self.ports, event_type, data)?;
                self.record(&msg_id, event_type)?;
            }
            WebhookSource::Resend => {
                resend::apply(&self.ports, event_type, data);
                if let Err(error) = self.record(&msg_id, event_type) {
                    tracing::warn!(msg_id, %error, "resend webhook not recorded in the ledger");
                }
            }
        }
        Ok(WebhookReply::Received)
    }

    /// The hourly plan reconcile (plans-and-auth.md §1.7), over the same Clerk directory.
    /// Blocking (call it from the blocking pool). Returns the orgs whose plan changed.
    pub fn reconcile_plans(&self) -> Result<Vec<(OrgId, Plan)>, RepoError> {
        clerk::reconcile_plans(&self.ports)
    }

    fn record(&self, msg_id: &str, event_type: &str) -> Result<(), RepoError> {
        let at = self.ports.clock.now().naive_utc();
        if !self.ports.ledger.record_processed(msg_id, event_type, at)? {
            tracing::info!(msg_id, "webhook recorded concurrently");
        }
        Ok(())
    }
}

/// A provider's event: `{"type": <text>, "data": <object>, ...}`; other top-level fields
/// (`object`, `timestamp`, `created_at`, ...) are the provider's and ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event<'a> {
    /// Dispatched on; one no handler knows is acknowledged and ignored.
    pub event_type: &'a str,
    /// Always a JSON object.
    pub data: &'a Value,
}

/// Why a verified body is no [`Event`], worded as the 422 envelope words a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct NotAnEvent {
    /// The field at fault; `None` for the body itself.
    pub field: Option<&'static str>,
    pub message: &'static str,
    /// Absent (rather than of the wrong type).
    pub missing: bool,
}

/// Every Svix delivery of Clerk and Resend carries a string `type` and an object `data`;
/// anything else was not sent by them, so it is refused rather than acknowledged unread.
pub fn read_event(payload: &Value) -> Result<Event<'_>, NotAnEvent> {
    const OBJECT: &str = "Input should be a valid dictionary";
    const STRING: &str = "Input should be a valid string";
    const REQUIRED: &str = "Field required";
    let refused = |field, message, missing| NotAnEvent {
        field,
        message,
        missing,
    };
    let object = payload.as_object().ok_or(refused(None, OBJECT, false))?;
    let event_type = match object.get("type") {
        None => return Err(refused(Some("type"), REQUIRED, true)),
        Some(value) => value.as_str().ok_or(refused(Some("type"), STRING, false))?,
    };
    let data = match object.get("data") {
        None => return Err(refused(Some("data"), REQUIRED, true)),
        Some(value) if value.is_object() => value,
        Some(_) => return Err(refused(Some("data"), OBJECT, false)),
    };
    Ok(Event { event_type, data })
}

/// `value[path...]` as a non-empty string.
fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |node, key| node.get(key))
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_event_is_a_string_type_and_an_object_data() {
        let payload = json!({"type": "user.created", "data": {"id": "u"}, "object": "event"});
        let event = read_event(&payload).unwrap();
        assert_eq!(event.event_type, "user.created");
        assert_eq!(event.data, &json!({"id": "u"}));
    }

    #[test]
    fn anything_else_names_what_is_wrong() {
        let refused = |payload: Value| {
            let error = read_event(&payload).unwrap_err();
            (error.field, error.message, error.missing)
        };
        assert_eq!(
            refused(json!([])),
            (None, "Input should be a valid dictionary", false)
        );
        assert_eq!(
            refused(json!({"data": {}})),
            (Some("type"), "Field required", true)
        );
        assert_eq!(
            refused(json!({"type": 1, "data": {}})),
            (Some("type"), "Input should be a valid string", false)
        );
        assert_eq!(
            refused(json!({"type": "user.created"})),
            (Some("data"), "Field required", true)
        );
        assert_eq!(
            refused(json!({"type": "user.created", "data": null})),
            (Some("data"), "Input should be a valid dictionary", false)
        );
    }
}
