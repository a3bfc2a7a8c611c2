//! Tokens of the form `<role>:<org>:<user>` (role `admin` or `member`) become users without
//! any signature: for tests about routes, not about verification.

use async_trait::async_trait;
use sentinel_domain::identity::AuthUser;
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::identity::{IdentityError, IdentityVerifier};

#[derive(Debug, Default, Clone, Copy)]
pub struct FakeIdentity;

impl FakeIdentity {
    pub fn token(role: &str, org: &str, user: &str) -> String {
        format!("{role}:{org}:{user}")
    }

    /// A token whose user is on `plan` (the default is `pro_plus`).
    pub fn token_on_plan(role: &str, org: &str, user: &str, plan: &str) -> String {
        format!("{role}:{org}:{user}:{plan}")
    }
}

#[async_trait]
impl IdentityVerifier for FakeIdentity {
    async fn verify(&self, token: &str) -> Result<AuthUser, IdentityError> {
        let mut parts = token.splitn(4, ':');
        let (Some(role), Some(org), Some(user)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(IdentityError::NotAuthenticated);
        };
        if org.is_empty() {
            return Err(IdentityError::NoOrganization);
        }
        let is_admin = match role {
            "admin" => true,
            "member" => false,
            _ => return Err(IdentityError::NotAuthenticated),
        };
        Ok(AuthUser {
            user_id: UserId::new(user),
            org_id: OrgId::new(org),
            org_role: Some(format!("org:{role}")),
            is_admin,
            permissions: Vec::new(),
            features: Vec::new(),
            plan: Plan::new(parts.next().unwrap_or("pro_plus")),
            email: format!("{user}@example.test"),
            username: user.to_owned(),
        })
    }
}
