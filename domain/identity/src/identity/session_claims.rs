//! The claim set of a Clerk V2 session token, as local mode signs it. Shaped like Clerk's
//! own tokens so that local sessions exercise the same decoding as production ones.

use super::{LocalOrg, OrgRole};
use crate::plans::Plan;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// Permission names, in bit order: bit 0 = manage, bit 1 = view.
const PERMISSION_NAMES: &str = "manage_cameras,view_cameras";
/// Plan features, one mask per entry in the same order.
const FEATURES: &str = "o:cameras,o:admin";

/// Everything a local session token says.
#[derive(Debug, Clone)]
pub struct SessionClaimsSpec {
    pub org: LocalOrg,
    pub role: OrgRole,
    /// Sent as `pla: "o:<slug>"`.
    pub plan: Plan,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// `azp`: must equal the verifier's FRONTEND_URL.
    pub authorized_party: String,
}

/// `{v: 2, sub, azp, iat, nbf, exp, o: {id, rol, slg, per, fpm}, fea, pla}`.
/// Admins' masks decode to manage + view on `cameras` (and view on `admin`), members' to
/// view on `cameras` only.
pub fn clerk_v2_session_claims(spec: &SessionClaimsSpec) -> Value {
    let masks = match spec.role {
        OrgRole::Admin => "3,2",
        OrgRole::Member => "2,0",
    };
    let issued_at = spec.issued_at.timestamp();
    json!({
        "v": 2,
        "sub": spec.org.user_id(spec.role).as_str(),
        "azp": spec.authorized_party,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": spec.expires_at.timestamp(),
        "o": {
            "id": spec.org.org_id().as_str(),
            "rol": spec.role.clerk_key(),
            "slg": spec.org.slug(),
            "per": PERMISSION_NAMES,
            "fpm": masks,
        },
        "fea": FEATURES,
        "pla": format!("o:{}", spec.plan),
        "username": format!("{}-{}", spec.org.slug(), spec.role.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::auth_user_from_claims;
    use chrono::TimeZone;

    fn spec(slug: &str, role: OrgRole) -> SessionClaimsSpec {
        let issued_at = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        SessionClaimsSpec {
            org: LocalOrg::from_slug(slug).unwrap(),
            role,
            plan: Plan::PRO_PLUS,
            issued_at,
            expires_at: issued_at + chrono::Duration::hours(1),
            authorized_party: "http://localhost:5173".into(),
        }
    }

    #[test]
    fn admin_claims_have_clerks_v2_shape() {
        let claims = clerk_v2_session_claims(&spec("local", OrgRole::Admin));
        assert_eq!(
            claims,
            json!({
                "v": 2, "sub": "user_local_admin", "azp": "http://localhost:5173",
                "iat": 1_700_000_000, "nbf": 1_700_000_000, "exp": 1_700_003_600,
                "o": {"id": "org_local", "rol": "org:admin", "slg": "local",
                      "per": "manage_cameras,view_cameras", "fpm": "3,2"},
                "fea": "o:cameras,o:admin", "pla": "o:pro_plus", "username": "local-admin"
            })
        );
    }

    #[test]
    fn admin_claims_read_back_as_an_admin() {
        let user = auth_user_from_claims(&clerk_v2_session_claims(&spec("local", OrgRole::Admin)))
            .unwrap();
        assert!(user.is_admin);
        assert!(
            user.permissions
                .iter()
                .any(|p| p == "org:cameras:manage_cameras")
        );
        assert_eq!(user.org_id.as_str(), "org_local");
        assert_eq!(user.org_role.as_deref(), Some("org:admin"));
        assert_eq!(user.plan, "pro_plus");
        assert_eq!(user.features, ["cameras", "admin"]);
    }

    #[test]
    fn member_claims_read_back_as_a_viewer() {
        let user = auth_user_from_claims(&clerk_v2_session_claims(&spec("acme", OrgRole::Member)))
            .unwrap();
        assert!(!user.is_admin);
        assert_eq!(user.permissions, ["org:cameras:view_cameras"]);
        assert_eq!(user.user_id.as_str(), "user_local_acme_member");
        assert_eq!(user.org_id.as_str(), "org_local_acme");
    }
}
