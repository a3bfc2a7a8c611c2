//! Local-mode sign-in (docs/plans-and-auth.md, "Local mode").

use sentinel_ports::driven::identity::LocalSession;
use serde::Serialize;
use utoipa::ToSchema;

/// A session token for the local org.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocalSessionIssued {
    /// The bearer token (a Clerk-shaped session JWT).
    pub token: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub expires_at: String,
    pub user_id: String,
    pub org_id: String,
}

impl From<&LocalSession> for LocalSessionIssued {
    fn from(session: &LocalSession) -> Self {
        Self {
            token: session.token.clone(),
            expires_at: session.expires_at.to_rfc3339(),
            user_id: session.user_id.as_str().to_owned(),
            org_id: session.org_id.as_str().to_owned(),
        }
    }
}
