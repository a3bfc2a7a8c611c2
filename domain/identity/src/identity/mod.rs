//! Who is calling: the signed-in user of a Clerk session token, as the rest of the app sees
//! it. Pure rules only: the adapter verifies the token, this module reads its claims
//! (spec `plans-and-auth.md` §2.1–§2.4) and builds the claim sets local mode signs.

mod claims;
mod local_org;
mod session_claims;
mod v2_permissions;

pub use claims::auth_user_from_claims;
pub use local_org::{DEFAULT_LOCAL_ORG_SLUG, InvalidLocalOrgSlug, LocalOrg};
pub use session_claims::{SessionClaimsSpec, clerk_v2_session_claims};

use crate::ids::{OrgId, UserId};
use crate::plans::Plan;
use serde::{Deserialize, Serialize};

/// The permission that makes a member an admin even without an admin role.
pub const MANAGE_CAMERAS_PERMISSION: &str = "org:cameras:manage_cameras";

/// A verified caller, always inside an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthUser {
    pub user_id: UserId,
    pub org_id: OrgId,
    pub org_role: Option<String>,
    /// Role `org:admin`/`admin`, or the `org:cameras:manage_cameras` permission (§2.4).
    pub is_admin: bool,
    pub permissions: Vec<String>,
    /// Plan features from `fea`, without their `o:` scope.
    pub features: Vec<String>,
    /// Plan slug from `pla` (`free_org` when absent).
    pub plan: Plan,
    pub email: String,
    pub username: String,
}

impl AuthUser {
    pub fn has_feature(&self, feature: &str) -> bool {
        self.features.iter().any(|f| f == feature)
    }
}

/// Why verified claims do not make an [`AuthUser`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    /// No `sub`: not a user session.
    #[error("Not authenticated")]
    NotAuthenticated,
    /// Signed in, but no active organisation in the session.
    #[error("No organization selected. Please create or join an organization.")]
    NoOrganization,
}

/// The two roles a session can carry in local mode (Clerk's default org roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgRole {
    Admin,
    Member,
}

impl OrgRole {
    /// Clerk's role key, as it appears in `org_role` / `o.rol`.
    pub fn clerk_key(self) -> &'static str {
        match self {
            Self::Admin => "org:admin",
            Self::Member => "org:member",
        }
    }

    /// `admin` / `member`, with or without Clerk's `org:` prefix.
    pub fn parse(text: &str) -> Option<Self> {
        match text.strip_prefix("org:").unwrap_or(text) {
            "admin" => Some(Self::Admin),
            "member" => Some(Self::Member),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Member => "member",
        }
    }
}
