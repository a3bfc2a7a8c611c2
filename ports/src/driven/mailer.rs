//! Sending one e-mail, and rendering a notification into one. The transport (Resend) and
//! the templates (askama) live in `adapters-resend`; tests use a recording fake.

use async_trait::async_trait;
use sentinel_domain::notifications::NotificationKind;
use serde_json::Value;

/// One outbox row on its way out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The notification kind (the `event` tag).
    pub kind: String,
    /// `outbox-<row id>`: the same for every retry of a row, so the provider drops repeats.
    pub idempotency_key: String,
}

/// A send the transport accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// The provider took it and gave it this id.
    Sent { message_id: String },
    /// The `EMAIL_ENABLED` kill switch is off: logged as "would have sent", nothing sent.
    Skipped,
}

/// Why a send failed, as the outbox row's `error` records it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SendFailure(pub String);

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &OutgoingEmail) -> Result<SendOutcome, SendFailure>;
}

/// What the templates see of a notification.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailContext {
    /// Picks the template set; kinds without one get the generic fallback.
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub severity: String,
    pub link: Option<String>,
    pub camera_id: Option<String>,
    pub node_id: Option<String>,
    /// The parsed `meta` object (`{}` when absent).
    pub meta: Value,
    /// `FRONTEND_URL` without a trailing `/`.
    pub dashboard_url: String,
    pub unsubscribe_url: String,
}

/// A rendered e-mail: subject, plain text, full HTML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub trait EmailRenderer: Send + Sync {
    /// Never fails: a kind without templates gets the generic fallback.
    fn render(&self, context: &EmailContext) -> RenderedEmail;
}
