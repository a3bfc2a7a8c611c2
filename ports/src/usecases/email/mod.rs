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

/// `a***@domain`: an address as logs and audit rows may show it.
pub fn redact_address(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_address;

    #[test]
    fn addresses_are_redacted_to_first_letter_and_domain() {
        assert_eq!(redact_address("alice@example.com"), "a***@example.com");
        assert_eq!(redact_address("nope"), "***");
    }
}
