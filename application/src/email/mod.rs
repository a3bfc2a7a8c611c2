//! The e-mail side-channel of notifications: which kinds e-mail whom (preferences,
//! recipients), the outbox (enqueue, drain worker) and the one-click unsubscribe link.

pub mod enqueue;
pub mod motion_cooldown;
pub mod preferences;
pub mod recipients;
pub mod service;
pub mod unsubscribe;
pub mod worker;

pub use enqueue::{EmailEnqueuer, EnqueuePorts};
pub use preferences::{EmailPreferences, PreferencesUpdate};
pub use recipients::RecipientDirectory;
pub use service::{EmailService, UnsubscribeOutcome};
pub use unsubscribe::{TokenError, UnsubscribeClaims, UnsubscribeTokens};
pub use worker::{DrainSummary, OutboxWorker, WorkerSettings};

pub use sentinel_domain::redaction::redact_address;
