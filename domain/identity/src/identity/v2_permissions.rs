//! V2 session tokens pack org permissions into three strings (§2.3):
//! `fea` = comma-separated `scope:feature` entries, `o.per` = permission names (bit j ↔
//! name j), `o.fpm` = one decimal bit mask per feature. The original decodes them twice,
//! once in Clerk's SDK and once in the app; the two agree on well-formed tokens but not on
//! odd ones, so both are kept exactly.

use sentinel_domain_kernel::python_int::PyInt;
use serde_json::{Map, Value};

/// Clerk SDK's `_compute_org_permissions`: runs for `"v": 2` tokens during verification.
/// A feature entry must be exactly `scope:name` with `o` somewhere in the scope; a
/// non-integer mask skips only its own feature.
pub(super) fn sdk_org_permissions(claims: &Map<String, Value>) -> Vec<String> {
    let Some(Value::String(features)) = claims.get("fea") else {
        return Vec::new();
    };
    let Some(Value::Object(org)) = claims.get("o") else {
        return Vec::new();
    };
    let (Some(Value::String(names)), Some(Value::String(masks))) = (org.get("per"), org.get("fpm"))
    else {
        return Vec::new();
    };
    let names: Vec<&str> = names.split(',').collect();

    let mut permissions = Vec::new();
    for (entry, mask) in features.split(',').zip(masks.split(',')) {
        let mut parts = entry.split(':');
        let (Some(scope), Some(feature), None) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if !scope.contains('o') {
            continue;
        }
        let Some(mask) = PyInt::parse(mask) else {
            continue;
        };
        for (j, name) in names.iter().enumerate() {
            if mask.magnitude_bit(j) {
                permissions.push(format!("org:{feature}:{name}"));
            }
        }
    }
    permissions
}

/// The app's `decode_v2_permissions`: the last fallback when neither V1 claims nor the SDK
/// produced permissions. Every `fea` entry keeps its position (a leading `o:` is stripped,
/// other scopes stay); one non-integer mask empties the whole result.
pub(super) fn app_org_permissions(claims: &Map<String, Value>) -> Vec<String> {
    let Some(Value::Object(org)) = claims.get("o") else {
        return Vec::new();
    };
    let Some(Value::String(features)) = claims.get("fea") else {
        return Vec::new();
    };
    let Some(Value::String(names)) = org.get("per") else {
        return Vec::new();
    };
    if org.is_empty() || features.is_empty() || names.is_empty() {
        return Vec::new();
    }
    let masks = match org.get("fpm") {
        Some(Value::String(masks)) => masks.as_str(),
        // The original reads a missing `fpm` as "", which is not an integer.
        _ => return Vec::new(),
    };
    let Some(masks) = masks
        .split(',')
        .map(PyInt::parse)
        .collect::<Option<Vec<_>>>()
    else {
        return Vec::new();
    };
    let names: Vec<&str> = names.split(',').collect();

    let mut permissions = Vec::new();
    for (entry, mask) in features.split(',').zip(&masks) {
        let feature = entry.strip_prefix("o:").unwrap_or(entry);
        for (j, name) in names.iter().enumerate() {
            if mask.twos_complement_bit(j) {
                permissions.push(format!("org:{feature}:{name}"));
            }
        }
    }
    permissions
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("claims must be an object"),
        }
    }

    fn both(value: Value) -> (Vec<String>, Vec<String>) {
        let map = claims(value);
        (sdk_org_permissions(&map), app_org_permissions(&map))
    }

    #[test]
    fn spec_admin_example_decodes_the_same_in_both_variants() {
        let (sdk, app) = both(json!({
            "v": 2, "sub": "user_1",
            "o": {"id": "org_2xyz", "rol": "admin", "per": "manage_cameras,view_cameras", "fpm": "3,2"},
            "fea": "o:cameras,o:admin", "pla": "o:pro"
        }));
        let expected = [
            "org:cameras:manage_cameras",
            "org:cameras:view_cameras",
            "org:admin:view_cameras",
        ];
        assert_eq!(sdk, expected);
        assert_eq!(app, expected);
    }

    #[test]
    fn spec_member_example_ignores_the_user_scoped_feature() {
        let (sdk, app) = both(json!({
            "v": 2, "sub": "user_1",
            "o": {"id": "org_2xyz", "rol": "member", "per": "manage_cameras,view_cameras", "fpm": "2"},
            "fea": "o:cameras,u:beta", "pla": "o:pro"
        }));
        assert_eq!(sdk, ["org:cameras:view_cameras"]);
        assert_eq!(app, ["org:cameras:view_cameras"]);
    }

    #[test]
    fn a_non_org_feature_still_consumes_its_mask_position() {
        // `u:beta` holds mask 3; `o:cameras` gets mask 2.
        let (sdk, app) = both(json!({
            "o": {"per": "manage_cameras,view_cameras", "fpm": "3,2"},
            "fea": "u:beta,o:cameras"
        }));
        assert_eq!(sdk, ["org:cameras:view_cameras"]);
        // The app keeps the `u:` entry and decodes it under its full name.
        assert_eq!(
            app,
            [
                "org:u:beta:manage_cameras",
                "org:u:beta:view_cameras",
                "org:cameras:view_cameras"
            ]
        );
    }

    #[test]
    fn a_malformed_mask_skips_one_feature_in_the_sdk_but_empties_the_app_result() {
        let (sdk, app) = both(json!({
            "o": {"per": "manage_cameras,view_cameras", "fpm": "x,2"},
            "fea": "o:cameras,o:admin"
        }));
        assert_eq!(sdk, ["org:admin:view_cameras"]);
        assert!(app.is_empty());
    }

    #[test]
    fn extra_masks_and_extra_features_are_ignored() {
        let (sdk, app) = both(json!({
            "o": {"per": "read", "fpm": "1,1,1"},
            "fea": "o:a"
        }));
        assert_eq!(sdk, ["org:a:read"]);
        assert_eq!(app, ["org:a:read"]);
        let (sdk, app) = both(json!({
            "o": {"per": "read", "fpm": "1"},
            "fea": "o:a,o:b"
        }));
        assert_eq!(sdk, ["org:a:read"]);
        assert_eq!(app, ["org:a:read"]);
    }

    #[test]
    fn bits_beyond_the_permission_names_are_ignored() {
        let (sdk, app) = both(json!({"o": {"per": "read", "fpm": "7"}, "fea": "o:a"}));
        assert_eq!(sdk, ["org:a:read"]);
        assert_eq!(app, ["org:a:read"]);
    }

    #[test]
    fn sdk_requires_an_exact_scope_and_name_pair_with_o_in_the_scope() {
        let map = claims(json!({
            "o": {"per": "read", "fpm": "1,1,1,1"},
            "fea": "cameras,o:x:y,uo:shared,u:beta"
        }));
        // `cameras` has no scope, `o:x:y` has three parts, `u:beta` has no `o`; `uo` counts.
        assert_eq!(sdk_org_permissions(&map), ["org:shared:read"]);
    }

    #[test]
    fn app_strips_only_a_leading_o_prefix_and_does_not_trim() {
        let map = claims(json!({"o": {"per": "read", "fpm": "1,1"}, "fea": "o:a, o:b"}));
        assert_eq!(app_org_permissions(&map), ["org:a:read", "org: o:b:read"]);
    }

    #[test]
    fn app_needs_org_features_and_names() {
        for value in [
            json!({"o": {}, "fea": "o:a"}),
            json!({"o": {"per": "read", "fpm": "1"}, "fea": ""}),
            json!({"o": {"per": "", "fpm": "1"}, "fea": "o:a"}),
            json!({"o": {"per": "read"}, "fea": "o:a"}),
            json!({"fea": "o:a"}),
        ] {
            assert!(
                app_org_permissions(&claims(value.clone())).is_empty(),
                "{value}"
            );
        }
    }

    #[test]
    fn sdk_needs_fea_and_string_per_and_fpm() {
        for value in [
            json!({"o": {"per": "read", "fpm": "1"}}),
            json!({"o": {"per": "read", "fpm": 1}, "fea": "o:a"}),
            json!({"o": {"fpm": "1"}, "fea": "o:a"}),
        ] {
            assert!(
                sdk_org_permissions(&claims(value.clone())).is_empty(),
                "{value}"
            );
        }
    }

    #[test]
    fn negative_masks_read_as_magnitude_in_the_sdk_and_twos_complement_in_the_app() {
        let (sdk, app) = both(json!({"o": {"per": "a,b,c", "fpm": "-2"}, "fea": "o:f"}));
        assert_eq!(sdk, ["org:f:b"]);
        assert_eq!(app, ["org:f:b", "org:f:c"]);
    }
}
