//! Per-org e-mail preferences (`email_*` settings) and the kind → preference gate.

use crate::audit_trail::{self, Actor};
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{RepoResult, SettingsRepo};
use serde_json::json;
use std::collections::BTreeMap;

pub const EMAIL_CAMERA_OFFLINE: &str = "email_camera_offline";
pub const EMAIL_NODE_OFFLINE: &str = "email_node_offline";
pub const EMAIL_INCIDENT_CREATED: &str = "email_incident_created";
pub const EMAIL_MCP_KEY_AUDIT: &str = "email_mcp_key_audit";
pub const EMAIL_CAMERANODE_DISK_LOW: &str = "email_cameranode_disk_low";
pub const EMAIL_MEMBER_AUDIT: &str = "email_member_audit";
pub const EMAIL_MOTION: &str = "email_motion";
pub const EMAIL_WELCOME: &str = "email_welcome";

/// Every preference key with its default, in the order the API lists them.
pub const PREFERENCE_DEFAULTS: [(&str, bool); 8] = [
    (EMAIL_CAMERA_OFFLINE, true),
    (EMAIL_NODE_OFFLINE, true),
    (EMAIL_INCIDENT_CREATED, true),
    (EMAIL_MCP_KEY_AUDIT, true),
    (EMAIL_CAMERANODE_DISK_LOW, true),
    (EMAIL_MEMBER_AUDIT, true),
    (EMAIL_MOTION, false),
    (EMAIL_WELCOME, true),
];

/// Keys an admin may change (`email_welcome` is not settable).
pub const SETTABLE_KEYS: [&str; 7] = [
    EMAIL_CAMERA_OFFLINE,
    EMAIL_NODE_OFFLINE,
    EMAIL_INCIDENT_CREATED,
    EMAIL_MCP_KEY_AUDIT,
    EMAIL_CAMERANODE_DISK_LOW,
    EMAIL_MEMBER_AUDIT,
    EMAIL_MOTION,
];

pub use sentinel_domain::notifications::EMAIL_KINDS;

/// The preference that gates a kind; `None`: never e-mailed.
pub fn preference_key(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "camera_offline" | "camera_online" => EMAIL_CAMERA_OFFLINE,
        "node_offline" | "node_online" => EMAIL_NODE_OFFLINE,
        "incident_created" => EMAIL_INCIDENT_CREATED,
        "mcp_key_created" | "mcp_key_revoked" => EMAIL_MCP_KEY_AUDIT,
        "cameranode_disk_low" => EMAIL_CAMERANODE_DISK_LOW,
        "member_added"
        | "member_role_changed"
        | "member_removed"
        | "member_promotion_requested" => EMAIL_MEMBER_AUDIT,
        "motion" | "motion_digest" => EMAIL_MOTION,
        "welcome" => EMAIL_WELCOME,
        _ => return None,
    })
}

fn default_for(key: &str) -> bool {
    PREFERENCE_DEFAULTS
        .iter()
        .find(|(k, _)| *k == key)
        .is_some_and(|(_, default)| *default)
}

/// The org's eight preferences (missing row → default; only `"true"` is on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailPreferences(pub BTreeMap<String, bool>);

/// A partial update: absent keys are left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferencesUpdate(pub Vec<(&'static str, bool)>);

pub fn preferences(settings: &dyn SettingsRepo, org: &OrgId) -> RepoResult<EmailPreferences> {
    let keys: Vec<&str> = PREFERENCE_DEFAULTS.iter().map(|(k, _)| *k).collect();
    let stored = settings.get_many(org, &keys)?;
    Ok(EmailPreferences(
        PREFERENCE_DEFAULTS
            .iter()
            .map(|(key, default)| {
                let on = stored.get(*key).map_or(*default, |value| value == "true");
                ((*key).to_owned(), on)
            })
            .collect(),
    ))
}

/// The e-mail gate for a kind: kill switch, then the org's preference. A lookup failure
/// counts as the default.
pub fn email_enabled_for(
    settings: &dyn SettingsRepo,
    globally_enabled: bool,
    org: &OrgId,
    kind: &str,
) -> bool {
    if !globally_enabled {
        return false;
    }
    let Some(key) = preference_key(kind) else {
        return false;
    };
    match settings.get(org, key) {
        Ok(Some(value)) => value == "true",
        Ok(None) => default_for(key),
        Err(error) => {
            tracing::warn!(%error, key, "e-mail preference lookup failed; using the default");
            default_for(key)
        }
    }
}

/// Writes the update; audits `email_prefs_updated` with the changed keys (Python bool
/// spelling) when anything changed. Returns the new preferences and the change list.
pub fn update_preferences(
    settings: &dyn SettingsRepo,
    audit: &dyn sentinel_ports::driven::repos::AuditRepo,
    actor: &Actor,
    update: &PreferencesUpdate,
    at: NaiveDateTime,
) -> RepoResult<(EmailPreferences, Vec<String>)> {
    let before = preferences(settings, &actor.org_id)?;
    let mut changes = Vec::new();
    let mut writes: Vec<(&str, &str)> = Vec::new();
    for (key, value) in &update.0 {
        if before.0.get(*key) != Some(value) {
            changes.push(format!("{key}={}", if *value { "True" } else { "False" }));
        }
        writes.push((key, if *value { "true" } else { "false" }));
    }
    if !writes.is_empty() {
        settings.set_many(&actor.org_id, &writes, at)?;
    }
    if !changes.is_empty() {
        audit_trail::record(
            audit,
            actor,
            at,
            "email_prefs_updated",
            Some(&json!({ "changes": changes })),
        );
    }
    Ok((preferences(settings, &actor.org_id)?, changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_kinds_share_one_key_and_unmapped_kinds_never_mail() {
        assert_eq!(
            preference_key("camera_online"),
            preference_key("camera_offline")
        );
        assert_eq!(preference_key("node_online"), Some(EMAIL_NODE_OFFLINE));
        assert_eq!(preference_key("mcp_key_revoked"), Some(EMAIL_MCP_KEY_AUDIT));
        assert_eq!(preference_key("member_removed"), Some(EMAIL_MEMBER_AUDIT));
        assert_eq!(preference_key("integration_key_created"), None);
        assert_eq!(preference_key("plan_limit_reached"), None);
        for kind in EMAIL_KINDS {
            assert!(preference_key(kind).is_some(), "{kind}");
        }
    }

    #[test]
    fn motion_defaults_off_and_everything_else_on() {
        for (key, default) in PREFERENCE_DEFAULTS {
            assert_eq!(default_for(key), default, "{key}");
            assert_eq!(default, key != EMAIL_MOTION, "{key}");
        }
    }
}
