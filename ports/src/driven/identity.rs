//! Bearer token -> [`AuthUser`], and the local-mode session issuer.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sentinel_domain::identity::{AuthUser, ClaimsError, InvalidLocalOrgSlug, OrgRole};
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_domain::plans::Plan;

/// Verifies a session token (Clerk's, or local mode's through the same code).
#[async_trait]
pub trait IdentityVerifier: Send + Sync {
    async fn verify(&self, token: &str) -> Result<AuthUser, IdentityError>;
}

/// Why a request has no user. `Display` is the wire message; [`IdentityError::status_code`]
/// the HTTP status (spec `plans-and-auth.md` §2.1–§2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// Exactly one of the two Clerk keys is set.
    #[error("Clerk authentication not configured. Set CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY.")]
    NotConfigured,
    /// No token, or a token that failed any verification step.
    #[error("Not authenticated")]
    NotAuthenticated,
    /// Verification could not run (the JWKS could not be fetched or read).
    #[error("Authentication failed")]
    Failed,
    /// A valid session without an active organisation.
    #[error("No organization selected. Please create or join an organization.")]
    NoOrganization,
}

impl IdentityError {
    pub fn status_code(&self) -> u16 {
        match self {
            Self::NotConfigured => 503,
            Self::NotAuthenticated | Self::Failed => 401,
            Self::NoOrganization => 400,
        }
    }
}

impl From<ClaimsError> for IdentityError {
    fn from(error: ClaimsError) -> Self {
        match error {
            ClaimsError::NotAuthenticated => Self::NotAuthenticated,
            ClaimsError::NoOrganization => Self::NoOrganization,
        }
    }
}

/// Signs session tokens for local orgs. Exists only in local mode (no Clerk keys at all).
pub trait LocalSessionIssuer: Send + Sync {
    /// A session for the admin or member of the local org named by `org_slug`
    /// (1–32 characters of `a-z0-9-`; `local` is the default org).
    fn issue(&self, org_slug: &str, role: OrgRole) -> Result<LocalSession, LocalSessionError>;

    /// The same session carrying `plan` instead of `LOCAL_PLAN` (an org whose plan was set
    /// otherwise, by a webhook or an operator, keeps it).
    fn issue_on_plan(
        &self,
        org_slug: &str,
        role: OrgRole,
        plan: &Plan,
    ) -> Result<LocalSession, LocalSessionError>;

    /// The public signing key as a JWKS document (`{"keys": [...]}`).
    fn public_jwks(&self) -> serde_json::Value;
}

/// A freshly signed local session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalSession {
    /// The bearer token (a Clerk-shaped V2 session JWT).
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user_id: UserId,
    pub org_id: OrgId,
    pub role: OrgRole,
    /// The plan the token carries (`LOCAL_PLAN` unless issued on another plan).
    pub plan: Plan,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalSessionError {
    /// -> 400 with this message.
    #[error(transparent)]
    InvalidOrgSlug(#[from] InvalidLocalOrgSlug),
    /// Signing failed: a server fault (500).
    #[error("could not sign the local session: {0}")]
    Signing(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_carries_its_wire_status_and_message() {
        let cases = [
            (
                IdentityError::NotConfigured,
                503,
                "Clerk authentication not configured. Set CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY.",
            ),
            (IdentityError::NotAuthenticated, 401, "Not authenticated"),
            (IdentityError::Failed, 401, "Authentication failed"),
            (
                IdentityError::NoOrganization,
                400,
                "No organization selected. Please create or join an organization.",
            ),
        ];
        for (error, status, message) in cases {
            assert_eq!(error.status_code(), status);
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn claims_errors_map_to_their_identity_errors() {
        assert_eq!(
            IdentityError::from(ClaimsError::NotAuthenticated),
            IdentityError::NotAuthenticated
        );
        assert_eq!(
            IdentityError::from(ClaimsError::NoOrganization),
            IdentityError::NoOrganization
        );
    }
}
