//! The organisations local mode signs sessions for. Ids are derived from the slug, so a
//! slug always names the same org and users across restarts, and two slugs never share
//! an org or a user.

use super::OrgRole;
use crate::ids::{OrgId, UserId};

/// The org a fresh local install signs into.
pub const DEFAULT_LOCAL_ORG_SLUG: &str = "local";

const MAX_SLUG_LEN: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Invalid organization slug: use 1-32 characters of a-z, 0-9 and -.")]
pub struct InvalidLocalOrgSlug;

/// A validated local org slug and the ids that follow from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalOrg {
    slug: String,
}

impl LocalOrg {
    /// 1–32 characters of `[a-z0-9-]`.
    pub fn from_slug(slug: &str) -> Result<Self, InvalidLocalOrgSlug> {
        let valid = !slug.is_empty()
            && slug.len() <= MAX_SLUG_LEN
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Self {
                slug: slug.to_owned(),
            })
        } else {
            Err(InvalidLocalOrgSlug)
        }
    }

    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// `org_local` for the default slug, `org_local_<slug>` otherwise.
    pub fn org_id(&self) -> OrgId {
        if self.is_default() {
            OrgId::new("org_local")
        } else {
            OrgId::new(format!("org_local_{}", self.slug))
        }
    }

    /// `user_local_<role>` in the default org, `user_local_<slug>_<role>` otherwise.
    pub fn user_id(&self, role: OrgRole) -> UserId {
        if self.is_default() {
            UserId::new(format!("user_local_{}", role.as_str()))
        } else {
            UserId::new(format!("user_local_{}_{}", self.slug, role.as_str()))
        }
    }

    fn is_default(&self) -> bool {
        self.slug == DEFAULT_LOCAL_ORG_SLUG
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_slug_gives_the_plain_local_ids() {
        let org = LocalOrg::from_slug("local").unwrap();
        assert_eq!(org.org_id().as_str(), "org_local");
        assert_eq!(org.user_id(OrgRole::Admin).as_str(), "user_local_admin");
        assert_eq!(org.user_id(OrgRole::Member).as_str(), "user_local_member");
    }

    #[test]
    fn other_slugs_get_their_own_org_and_users() {
        let org = LocalOrg::from_slug("acme-2").unwrap();
        assert_eq!(org.org_id().as_str(), "org_local_acme-2");
        assert_eq!(
            org.user_id(OrgRole::Admin).as_str(),
            "user_local_acme-2_admin"
        );
        assert_eq!(
            org.user_id(OrgRole::Member).as_str(),
            "user_local_acme-2_member"
        );
    }

    #[test]
    fn slugs_are_validated() {
        assert!(LocalOrg::from_slug(&"a".repeat(32)).is_ok());
        for bad in ["", "Acme", "a_b", "a b", "ä", "a/b", &"a".repeat(33)] {
            assert_eq!(
                LocalOrg::from_slug(bad),
                Err(InvalidLocalOrgSlug),
                "{bad:?}"
            );
        }
    }
}
