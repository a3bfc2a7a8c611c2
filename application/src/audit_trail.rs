//! Writing and reading the org audit trail.

use chrono::NaiveDateTime;
use sentinel_domain::audit::{AuditPage, AuditQuery, NewAuditEntry};
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_ports::driven::repos::{AuditRepo, RepoResult, Repositories};
use serde_json::Value;
use std::sync::Arc;

/// Who did something, as the audit row records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub org_id: OrgId,
    pub user_id: UserId,
    /// e-mail, else username, else the user id cut to 32 characters.
    pub display_name: String,
    pub ip: Option<String>,
}

impl Actor {
    pub fn new(
        org_id: OrgId,
        user_id: UserId,
        email: &str,
        username: &str,
        ip: Option<String>,
    ) -> Self {
        let display_name = [email, username]
            .into_iter()
            .find(|name| !name.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| user_id.as_str().chars().take(32).collect());
        Self {
            org_id,
            user_id,
            display_name,
            ip,
        }
    }
}

/// Appends an audit row. A failed write is logged and swallowed: the action it describes
/// has already happened and must not be reported as failed.
pub fn record(
    audit: &dyn AuditRepo,
    actor: &Actor,
    at: NaiveDateTime,
    event: &str,
    details: Option<&Value>,
) {
    let entry = NewAuditEntry::new(
        at,
        event,
        actor.ip.as_deref(),
        Some(&actor.display_name),
        Some(&actor.user_id),
        details,
    );
    if let Err(error) = audit.append(&actor.org_id, &entry) {
        tracing::warn!(%error, event, "audit row not written");
    }
}

/// The org's trail as the audit dashboard reads it.
pub struct AuditTrail {
    audit: Arc<dyn AuditRepo>,
}

impl AuditTrail {
    pub fn new(repos: &Repositories) -> Self {
        Self {
            audit: repos.audit.clone(),
        }
    }

    /// The org's trail, newest first. **Blocking.**
    pub fn list(&self, org: &OrgId, query: &AuditQuery) -> RepoResult<AuditPage> {
        self.audit.list(org, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_prefers_email_then_username_then_short_id() {
        let org = OrgId::new("org");
        let long = UserId::new("user_0123456789abcdefghijklmnopqrstuvwxyz");
        assert_eq!(
            Actor::new(org.clone(), long.clone(), "a@b.c", "al", None).display_name,
            "a@b.c"
        );
        assert_eq!(
            Actor::new(org.clone(), long.clone(), "", "al", None).display_name,
            "al"
        );
        assert_eq!(Actor::new(org, long, "", "", None).display_name.len(), 32);
    }
}
