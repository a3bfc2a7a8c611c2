//! Verified session claims -> [`AuthUser`] (§2.1 SDK enrichment, §2.2 claims, §2.4 roles).

use super::v2_permissions::{app_org_permissions, sdk_org_permissions};
use super::{AuthUser, ClaimsError, MANAGE_CAMERAS_PERMISSION};
use crate::ids::{OrgId, UserId};
use crate::plans::Plan;
use serde_json::{Map, Value};

/// Reads the claims of a token whose signature, times and `azp` were already verified.
/// Missing `sub` -> [`ClaimsError::NotAuthenticated`]; no org -> [`ClaimsError::NoOrganization`].
pub fn auth_user_from_claims(claims: &Value) -> Result<AuthUser, ClaimsError> {
    let Value::Object(claims) = claims else {
        return Err(ClaimsError::NotAuthenticated);
    };
    let claims = enrich_like_clerk_sdk(claims.clone());
    let org = claims.get("o").and_then(Value::as_object);

    let user_id = non_empty_str(claims.get("sub")).ok_or(ClaimsError::NotAuthenticated)?;
    let org_id = non_empty_str(claims.get("org_id"))
        .or_else(|| non_empty_str(org.and_then(|o| o.get("id"))))
        .ok_or(ClaimsError::NoOrganization)?;
    let org_role = non_empty_str(claims.get("org_role"))
        .or_else(|| non_empty_str(org.and_then(|o| o.get("rol"))))
        .map(str::to_owned);
    let permissions = non_empty_string_list(claims.get("org_permissions"))
        .or_else(|| non_empty_string_list(claims.get("permissions")))
        .unwrap_or_else(|| app_org_permissions(&claims));
    let is_admin = is_admin(org_role.as_deref(), &permissions);

    Ok(AuthUser {
        user_id: UserId::new(user_id),
        org_id: OrgId::new(org_id),
        org_role,
        is_admin,
        permissions,
        features: features(claims.get("fea")),
        plan: plan(claims.get("pla")),
        email: non_empty_str(claims.get("email"))
            .unwrap_or_default()
            .to_owned(),
        username: non_empty_str(claims.get("username"))
            .unwrap_or_default()
            .to_owned(),
    })
}

/// §2.4: an admin role, or the manage-cameras permission.
fn is_admin(org_role: Option<&str>, permissions: &[String]) -> bool {
    matches!(org_role, Some("org:admin" | "admin"))
        || permissions.iter().any(|p| p == MANAGE_CAMERAS_PERMISSION)
}

/// What Clerk's SDK does to a verified V2 payload before the app sees it: a non-empty `o`
/// overwrites `org_id`/`org_role`/`org_slug` (with null when `o` lacks them, hiding any V1
/// values), and the SDK's permission decoding replaces `org_permissions` when non-empty.
fn enrich_like_clerk_sdk(mut claims: Map<String, Value>) -> Map<String, Value> {
    let is_v2 = claims.get("v").and_then(Value::as_f64) == Some(2.0);
    let org = match claims.get("o") {
        Some(Value::Object(org)) if is_v2 && !org.is_empty() => org.clone(),
        _ => return claims,
    };
    let field = |key: &str| org.get(key).cloned().unwrap_or(Value::Null);
    claims.insert("org_id".into(), field("id"));
    claims.insert("org_slug".into(), field("slg"));
    claims.insert("org_role".into(), field("rol"));
    let permissions = sdk_org_permissions(&claims);
    if !permissions.is_empty() {
        let list = permissions.into_iter().map(Value::String).collect();
        claims.insert("org_permissions".into(), Value::Array(list));
    }
    claims
}

/// `pla` is `scope:slug` (`o:pro`): the text after the last `:`; absent or empty -> free.
fn plan(pla: Option<&Value>) -> Plan {
    let slug = non_empty_str(pla)
        .map(|pla| pla.rsplit(':').next().unwrap_or(pla))
        .unwrap_or_default();
    if slug.is_empty() {
        Plan::FREE
    } else {
        Plan::new(slug)
    }
}

/// `fea`: comma-split, trimmed, empties dropped, a leading `o:` stripped (`u:` kept).
fn features(fea: Option<&Value>) -> Vec<String> {
    let Some(fea) = non_empty_str(fea) else {
        return Vec::new();
    };
    fea.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.strip_prefix("o:").unwrap_or(entry).to_owned())
        .collect()
}

fn non_empty_str(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A JSON list's string entries, `None` when that leaves nothing.
fn non_empty_string_list(value: Option<&Value>) -> Option<Vec<String>> {
    let list: Vec<String> = value?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    (!list.is_empty()).then_some(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user(claims: Value) -> AuthUser {
        auth_user_from_claims(&claims).unwrap()
    }

    #[test]
    fn spec_v2_admin_example() {
        let user = user(json!({
            "v": 2, "sub": "user_1",
            "o": {"id": "org_2xyz", "rol": "admin", "per": "manage_cameras,view_cameras", "fpm": "3,2"},
            "fea": "o:cameras,o:admin", "pla": "o:pro"
        }));
        assert_eq!(
            user.permissions,
            [
                "org:cameras:manage_cameras",
                "org:cameras:view_cameras",
                "org:admin:view_cameras"
            ]
        );
        assert_eq!(user.features, ["cameras", "admin"]);
        assert_eq!(user.plan, "pro");
        assert_eq!(user.org_id.as_str(), "org_2xyz");
        assert_eq!(user.user_id.as_str(), "user_1");
        assert_eq!(user.org_role.as_deref(), Some("admin"));
        assert!(user.is_admin);
    }

    #[test]
    fn spec_v2_member_example() {
        let user = user(json!({
            "v": 2, "sub": "user_1",
            "o": {"id": "org_2xyz", "rol": "member", "per": "manage_cameras,view_cameras", "fpm": "2"},
            "fea": "o:cameras,u:beta", "pla": "o:pro"
        }));
        assert_eq!(user.permissions, ["org:cameras:view_cameras"]);
        assert_eq!(user.features, ["cameras", "u:beta"]);
        assert!(!user.is_admin);
    }

    #[test]
    fn v1_claims_are_read_directly() {
        let user = user(json!({
            "sub": "user_v1", "org_id": "org_v1", "org_role": "org:member",
            "org_permissions": ["org:cameras:view_cameras"],
            "email": "a@example.com", "username": "alice", "pla": "u:pro_plus"
        }));
        assert_eq!(user.org_id.as_str(), "org_v1");
        assert_eq!(user.org_role.as_deref(), Some("org:member"));
        assert_eq!(user.permissions, ["org:cameras:view_cameras"]);
        assert_eq!(user.email, "a@example.com");
        assert_eq!(user.username, "alice");
        assert_eq!(user.plan, "pro_plus");
        assert!(!user.is_admin);
    }

    #[test]
    fn v1_org_admin_role_is_admin() {
        let user = user(json!({"sub": "u", "org_id": "o", "org_role": "org:admin"}));
        assert!(user.is_admin);
        assert!(user.permissions.is_empty());
    }

    #[test]
    fn manage_cameras_permission_makes_an_admin_without_an_admin_role() {
        let user = user(json!({
            "sub": "u", "org_id": "o", "org_role": "org:operator",
            "permissions": ["org:cameras:manage_cameras"]
        }));
        assert!(user.is_admin);
        assert_eq!(user.permissions, ["org:cameras:manage_cameras"]);
    }

    #[test]
    fn other_roles_are_not_admin() {
        for role in ["member", "org:member", "Admin", "org:admins", "owner"] {
            let user = user(json!({"sub": "u", "org_id": "o", "org_role": role}));
            assert!(!user.is_admin, "{role}");
        }
    }

    #[test]
    fn missing_sub_is_not_authenticated() {
        for claims in [
            json!({"org_id": "o"}),
            json!({"sub": "", "org_id": "o"}),
            json!({"sub": 7, "org_id": "o"}),
            json!("not an object"),
        ] {
            assert_eq!(
                auth_user_from_claims(&claims),
                Err(ClaimsError::NotAuthenticated)
            );
        }
    }

    #[test]
    fn missing_org_is_no_organization() {
        for claims in [
            json!({"sub": "u"}),
            json!({"sub": "u", "org_id": ""}),
            json!({"sub": "u", "o": {}}),
            json!({"v": 2, "sub": "u", "o": {"rol": "admin"}}),
        ] {
            assert_eq!(
                auth_user_from_claims(&claims),
                Err(ClaimsError::NoOrganization),
                "{claims}"
            );
        }
    }

    #[test]
    fn v2_org_object_overrides_v1_org_fields() {
        let user = user(json!({
            "v": 2, "sub": "u", "org_id": "org_v1", "org_role": "org:admin",
            "o": {"id": "org_v2", "rol": "member"}
        }));
        assert_eq!(user.org_id.as_str(), "org_v2");
        assert_eq!(user.org_role.as_deref(), Some("member"));
        assert!(!user.is_admin);
    }

    #[test]
    fn without_v2_marker_v1_fields_win_and_o_is_a_fallback() {
        let user = user(json!({
            "sub": "u", "org_id": "org_v1",
            "o": {"id": "org_v2", "rol": "admin"}
        }));
        assert_eq!(user.org_id.as_str(), "org_v1");
        assert_eq!(user.org_role.as_deref(), Some("admin"));
        let user = auth_user_from_claims(&json!({"sub": "u", "o": {"id": "org_v2"}})).unwrap();
        assert_eq!(user.org_id.as_str(), "org_v2");
    }

    #[test]
    fn v2_without_org_id_hides_the_v1_org_id() {
        // The SDK writes `org_id = o.id` (null) before the app reads the claims.
        let claims = json!({"v": 2, "sub": "u", "org_id": "org_v1", "o": {"rol": "admin"}});
        assert_eq!(
            auth_user_from_claims(&claims),
            Err(ClaimsError::NoOrganization)
        );
    }

    #[test]
    fn sdk_permissions_replace_v1_permissions_on_v2_tokens() {
        let user = user(json!({
            "v": 2, "sub": "u",
            "org_permissions": ["org:cameras:manage_cameras"],
            "o": {"id": "o", "rol": "member", "per": "view_cameras", "fpm": "1"},
            "fea": "o:cameras"
        }));
        assert_eq!(user.permissions, ["org:cameras:view_cameras"]);
        assert!(!user.is_admin);
    }

    #[test]
    fn v1_permissions_stay_when_the_sdk_decodes_nothing() {
        let user = user(json!({
            "v": 2, "sub": "u",
            "org_permissions": ["org:cameras:manage_cameras"],
            "o": {"id": "o", "rol": "member"}
        }));
        assert_eq!(user.permissions, ["org:cameras:manage_cameras"]);
        assert!(user.is_admin);
    }

    #[test]
    fn app_decoding_is_the_fallback_for_tokens_without_the_v2_marker() {
        let user = user(json!({
            "sub": "u",
            "o": {"id": "o", "per": "manage_cameras,view_cameras", "fpm": "1"},
            "fea": "o:cameras"
        }));
        assert_eq!(user.permissions, ["org:cameras:manage_cameras"]);
        assert!(user.is_admin);
    }

    #[test]
    fn malformed_fpm_gives_no_permissions_and_no_admin() {
        let user = user(json!({
            "v": 2, "sub": "u",
            "o": {"id": "o", "rol": "member", "per": "manage_cameras", "fpm": "one"},
            "fea": "o:cameras"
        }));
        assert!(user.permissions.is_empty());
        assert!(!user.is_admin);
    }

    #[test]
    fn malformed_fpm_in_one_position_falls_to_the_sdk_result() {
        // SDK skips only the bad feature; its non-empty result wins over the app's empty one.
        let user = user(json!({
            "v": 2, "sub": "u",
            "o": {"id": "o", "per": "manage_cameras,view_cameras", "fpm": "bad,1"},
            "fea": "o:admin,o:cameras"
        }));
        assert_eq!(user.permissions, ["org:cameras:manage_cameras"]);
        assert!(user.is_admin);
    }

    #[test]
    fn v2_as_float_counts_as_v2() {
        let user = user(json!({"v": 2.0, "sub": "u", "org_id": "old", "o": {"id": "new"}}));
        assert_eq!(user.org_id.as_str(), "new");
    }

    #[test]
    fn plan_is_the_text_after_the_last_colon() {
        let plan_of = |pla: Value| user(json!({"sub": "u", "org_id": "o", "pla": pla})).plan;
        assert_eq!(plan_of(json!("o:pro")), "pro");
        assert_eq!(plan_of(json!("pro_plus")), "pro_plus");
        assert_eq!(plan_of(json!("a:b:c")), "c");
        assert_eq!(plan_of(json!("")), "free_org");
        assert_eq!(plan_of(json!("o:")), "free_org");
        assert_eq!(plan_of(json!(null)), "free_org");
        assert_eq!(user(json!({"sub": "u", "org_id": "o"})).plan, "free_org");
    }

    #[test]
    fn features_are_trimmed_and_only_the_org_scope_is_stripped() {
        let user = user(json!({
            "sub": "u", "org_id": "o", "fea": " o:cameras , ,u:beta,o:admin,plain,"
        }));
        assert_eq!(user.features, ["cameras", "u:beta", "admin", "plain"]);
        assert!(user.has_feature("admin"));
        assert!(!user.has_feature("beta"));
    }

    #[test]
    fn email_and_username_default_to_empty() {
        let user = user(json!({"sub": "u", "org_id": "o"}));
        assert_eq!(user.email, "");
        assert_eq!(user.username, "");
        assert_eq!(user.org_role, None);
    }
}
