//! Per-org e-mail preferences (`email_*` settings) and the kind → preference gate.

use crate::audit_trail::{self, Actor};
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::NotificationKind;
use sentinel_ports::driven::repos::{RepoResult, SettingsRepo};
use serde_json::json;
use std::collections::BTreeMap;

// The kernel's keys, the very ones `NotificationKind::email_setting` names.
pub use sentinel_domain::settings::{
    EMAIL_CAMERA_OFFLINE, EMAIL_CAMERANODE_DISK_LOW, EMAIL_INCIDENT_CREATED, EMAIL_MCP_KEY_AUDIT,
    EMAIL_MEMBER_AUDIT, EMAIL_MOTION, EMAIL_NODE_OFFLINE, EMAIL_WELCOME,
};

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

/// The e-mail gate for a kind: kill switch, then the org's preference. Kinds without a
/// preference (inbox-only and unknown ones) are never e-mailed. A lookup failure counts as
/// the default.
pub fn email_enabled_for(
    settings: &dyn SettingsRepo,
    globally_enabled: bool,
    org: &OrgId,
    kind: &NotificationKind,
) -> bool {
    if !globally_enabled {
        return false;
    }
    let Some(key) = kind.email_setting() else {
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
    fn every_e_mailed_kind_has_a_listed_preference() {
        for kind in NotificationKind::ALL {
            if let Some(key) = kind.email_setting() {
                assert!(
                    PREFERENCE_DEFAULTS.iter().any(|(listed, _)| *listed == key),
                    "{kind}: {key}"
                );
            }
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
