//! Who belongs to an org, with their e-mail and role (Clerk's organization memberships, or
//! the local-mode directory).

use async_trait::async_trait;
use sentinel_domain::ids::OrgId;

/// One membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMember {
    /// The member's primary identifier (an e-mail address, or a username / phone number).
    pub identifier: String,
    /// The role as the provider spells it (`org:admin`, `admin`, `org:member`, ...).
    pub role: String,
}

impl OrgMember {
    pub fn is_admin(&self) -> bool {
        matches!(self.role.as_str(), "org:admin" | "admin")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("org directory unavailable: {0}")]
pub struct DirectoryError(pub String);

#[async_trait]
pub trait OrgDirectory: Send + Sync {
    /// The org's members (first page of up to 100).
    async fn members(&self, org: &OrgId) -> Result<Vec<OrgMember>, DirectoryError>;

    /// Sets the org's `max_allowed_memberships` (billing webhooks). Directories without
    /// member limits accept and ignore it.
    async fn set_member_limit(&self, _org: &OrgId, _limit: u32) -> Result<(), DirectoryError> {
        Ok(())
    }

    /// The org's live billing subscription items (plans-and-auth.md §1.2 step 3), as the
    /// provider returns them (`[{status, plan: {slug}, period_end}]`). Directories without
    /// billing fail, and callers fall back as the spec says.
    async fn subscription_items(
        &self,
        _org: &OrgId,
    ) -> Result<Vec<serde_json::Value>, DirectoryError> {
        Err(DirectoryError("no billing provider".to_owned()))
    }
}

/// A fixed member list for every org: local mode, demos, tests.
#[derive(Debug, Clone, Default)]
pub struct StaticOrgDirectory {
    members: Vec<OrgMember>,
}

impl StaticOrgDirectory {
    pub fn new(members: Vec<OrgMember>) -> Self {
        Self { members }
    }

    /// Local mode: an admin and a member at `example.com` (never deliverable).
    pub fn local_example() -> Self {
        Self::new(vec![
            OrgMember {
                identifier: "admin@example.com".to_owned(),
                role: "org:admin".to_owned(),
            },
            OrgMember {
                identifier: "member@example.com".to_owned(),
                role: "org:member".to_owned(),
            },
        ])
    }
}

#[async_trait]
impl OrgDirectory for StaticOrgDirectory {
    async fn members(&self, _org: &OrgId) -> Result<Vec<OrgMember>, DirectoryError> {
        Ok(self.members.clone())
    }
}

/// No directory configured (Clerk mode until the Backend API directory lands): every lookup
/// fails, so nothing is enqueued.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnavailableOrgDirectory;

#[async_trait]
impl OrgDirectory for UnavailableOrgDirectory {
    async fn members(&self, _org: &OrgId) -> Result<Vec<OrgMember>, DirectoryError> {
        Err(DirectoryError("no org directory configured".to_owned()))
    }
}
