//! Org-wide settings: timezone, inbox notification toggles, motion ingestion.

use crate::audit_trail::{self, Actor};
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::settings::{
    self, CAMERA_TRANSITION_NOTIFICATIONS, DEFAULT_TIMEZONE, MOTION_INGESTION_ENABLED,
    MOTION_NOTIFICATIONS, NODE_TRANSITION_NOTIFICATIONS, TIMEZONE,
};
use sentinel_ports::driven::repos::{AuditRepo, RepoResult, Repositories, SettingsRepo};
use serde_json::json;
use std::sync::Arc;

/// The three inbox toggles of `/api/settings/notifications`; absent means on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationToggles {
    pub motion: bool,
    pub camera_transitions: bool,
    pub node_transitions: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("`timezone` is required (IANA name like 'America/Los_Angeles' or 'UTC')")]
    TimezoneRequired,
    #[error(
        "Unknown timezone '{0}'. Use an IANA name like 'America/Los_Angeles', 'Europe/London', or 'UTC'."
    )]
    UnknownTimezone(String),
    #[error(transparent)]
    Repo(#[from] sentinel_ports::driven::repos::RepoError),
}

/// An org's settings: timezone, notification toggles, motion ingestion.
pub struct OrgSettings {
    audit: Arc<dyn AuditRepo>,
    settings: Arc<dyn SettingsRepo>,
}

impl OrgSettings {
    pub fn new(repos: &Repositories) -> Self {
        Self {
            audit: repos.audit.clone(),
            settings: repos.settings.clone(),
        }
    }

    /// Whether billing reports the org's payment past due (no grace: new keys wait for
    /// it). **Blocking.**
    pub fn payment_past_due(&self, org: &OrgId) -> RepoResult<bool> {
        let flag = self.settings.get(org, settings::PAYMENT_PAST_DUE)?;
        Ok(settings::is_on(flag.as_deref(), false))
    }

    pub fn timezone(&self, org: &OrgId) -> RepoResult<String> {
        Ok(self
            .settings
            .get(org, TIMEZONE)?
            .filter(|tz| !tz.is_empty())
            .unwrap_or_else(|| DEFAULT_TIMEZONE.to_owned()))
    }

    pub fn set_timezone(
        &self,
        actor: &Actor,
        requested: &str,
        at: NaiveDateTime,
    ) -> Result<String, SettingsError> {
        let name = requested.trim();
        if name.is_empty() {
            return Err(SettingsError::TimezoneRequired);
        }
        if !settings::is_iana_timezone(name) {
            return Err(SettingsError::UnknownTimezone(name.to_owned()));
        }
        self.settings.set(&actor.org_id, TIMEZONE, name, at)?;
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            at,
            "timezone_updated",
            Some(&json!({"timezone": name})),
        );
        Ok(name.to_owned())
    }

    pub fn notification_toggles(&self, org: &OrgId) -> RepoResult<NotificationToggles> {
        let stored = self.settings.get_many(
            org,
            &[
                MOTION_NOTIFICATIONS,
                CAMERA_TRANSITION_NOTIFICATIONS,
                NODE_TRANSITION_NOTIFICATIONS,
            ],
        )?;
        let on = |key: &str| settings::is_on(stored.get(key).map(String::as_str), true);
        Ok(NotificationToggles {
            motion: on(MOTION_NOTIFICATIONS),
            camera_transitions: on(CAMERA_TRANSITION_NOTIFICATIONS),
            node_transitions: on(NODE_TRANSITION_NOTIFICATIONS),
        })
    }

    pub fn set_notification_toggles(
        &self,
        actor: &Actor,
        toggles: NotificationToggles,
        at: NaiveDateTime,
    ) -> RepoResult<()> {
        self.settings.set_many(
            &actor.org_id,
            &[
                (MOTION_NOTIFICATIONS, settings::bool_value(toggles.motion)),
                (
                    CAMERA_TRANSITION_NOTIFICATIONS,
                    settings::bool_value(toggles.camera_transitions),
                ),
                (
                    NODE_TRANSITION_NOTIFICATIONS,
                    settings::bool_value(toggles.node_transitions),
                ),
            ],
            at,
        )?;
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            at,
            "notification_settings_updated",
            Some(&json!({
                "motion_notifications": toggles.motion,
                "camera_transition_notifications": toggles.camera_transitions,
                "node_transition_notifications": toggles.node_transitions,
            })),
        );
        Ok(())
    }

    /// The org's motion-ingestion switch (case-insensitive `"true"`, on by default).
    pub fn motion_ingestion_enabled(&self, org: &OrgId) -> RepoResult<bool> {
        let stored = self.settings.get(org, MOTION_INGESTION_ENABLED)?;
        Ok(settings::is_on_ignoring_case(stored.as_deref(), true))
    }

    pub fn set_motion_ingestion(
        &self,
        actor: &Actor,
        enabled: bool,
        at: NaiveDateTime,
    ) -> RepoResult<bool> {
        self.settings.set(
            &actor.org_id,
            MOTION_INGESTION_ENABLED,
            settings::bool_value(enabled),
            at,
        )?;
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            at,
            "motion_ingestion_toggled",
            Some(&json!({"enabled": enabled})),
        );
        Ok(enabled)
    }
}
