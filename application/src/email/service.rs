//! What the HTTP edge asks of e-mail: the org's preferences and the one-click unsubscribe.
//! Synchronous (repositories); handlers call it off the async runtime.

use super::preferences::{self, EmailPreferences, PreferencesUpdate};
use super::redact_address;
use super::unsubscribe::UnsubscribeTokens;
use crate::audit_trail::Actor;
use chrono::NaiveDateTime;
use sentinel_domain::audit::NewAuditEntry;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{
    AuditRepo, EmailOutboxRepo, RepoResult, SettingsRepo, Suppression,
};
use serde_json::json;
use std::sync::Arc;

pub struct EmailService {
    pub settings: Arc<dyn SettingsRepo>,
    pub audit: Arc<dyn AuditRepo>,
    pub outbox: Arc<dyn EmailOutboxRepo>,
    pub tokens: UnsubscribeTokens,
    /// `EMAIL_ENABLED`.
    pub globally_enabled: bool,
}

/// The result of following an unsubscribe link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnsubscribeOutcome {
    /// The address is suppressed (now or already); `kind` is the token's kind.
    Unsubscribed { kind: String },
    /// Bad signature, expired, malformed, or no signing key: nothing happened.
    Invalid,
}

impl EmailService {
    pub fn preferences(&self, org: &OrgId) -> RepoResult<EmailPreferences> {
        preferences::preferences(self.settings.as_ref(), org)
    }

    pub fn update_preferences(
        &self,
        actor: &Actor,
        update: &PreferencesUpdate,
        at: NaiveDateTime,
    ) -> RepoResult<(EmailPreferences, Vec<String>)> {
        preferences::update_preferences(
            self.settings.as_ref(),
            self.audit.as_ref(),
            actor,
            update,
            at,
        )
    }

    /// Verifies the token, suppresses its address (idempotent; storage errors are logged
    /// and swallowed) and audits `email_unsubscribed` in the token's org.
    pub fn unsubscribe(&self, token: &str, now: NaiveDateTime) -> UnsubscribeOutcome {
        let claims = match self.tokens.verify(token, now.and_utc().timestamp()) {
            Ok(claims) => claims,
            Err(error) => {
                tracing::info!(%error, "unsubscribe link refused");
                return UnsubscribeOutcome::Invalid;
            }
        };
        let suppression = Suppression {
            address: claims.rcpt.clone(),
            reason: "unsubscribe".to_owned(),
            source: "unsubscribe_link".to_owned(),
        };
        if let Err(error) = self.outbox.suppress_global(&suppression, now) {
            tracing::error!(%error, "unsubscribe suppression not written");
        }
        let details = json!({
            "kind": claims.kind,
            "via_link": true,
            "address": redact_address(&claims.rcpt),
        });
        let entry = NewAuditEntry::new(now, "email_unsubscribed", None, None, None, Some(&details));
        if let Err(error) = self
            .audit
            .append(&OrgId::new(claims.org_id.clone()), &entry)
        {
            tracing::warn!(%error, "email_unsubscribed audit row not written");
        }
        UnsubscribeOutcome::Unsubscribed { kind: claims.kind }
    }
}
