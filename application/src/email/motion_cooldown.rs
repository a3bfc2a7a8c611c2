//! Motion e-mail cooldown and digest (§6): at most one immediate motion e-mail per camera
//! per cooldown window, then one digest counting the events that followed it.

use super::preferences::email_enabled_for;
use crate::notifications::Notifier;
use chrono::{Duration, NaiveDateTime};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::notifications as kinds;
use sentinel_ports::driven::repos::{
    CameraRepo, MotionEmailAnchorRepo, RepoResult, Repositories, SettingsRepo,
};
use std::sync::Arc;

/// Per-org setting: the cooldown in minutes (default 15, min 1).
pub const EMAIL_MOTION_COOLDOWN_MINUTES: &str = "email_motion_cooldown_minutes";
pub use sentinel_domain::settings::MOTION_EMAIL_ANCHOR_PREFIX;
pub const DEFAULT_COOLDOWN_MINUTES: i64 = 15;

pub fn cooldown_minutes(settings: &dyn SettingsRepo, org: &OrgId) -> i64 {
    settings
        .get(org, EMAIL_MOTION_COOLDOWN_MINUTES)
        .ok()
        .flatten()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .map_or(DEFAULT_COOLDOWN_MINUTES, |minutes| minutes.max(1))
}

fn parse_anchor(value: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S%.f").ok()
}

fn format_anchor(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// The immediate e-mail's claim (the e-mail gate is already known to be on): `true` →
/// e-mail now (the anchor is written); `false` → silenced by a running cooldown. Without a
/// camera there is no anchor and the e-mail goes out.
pub fn claim_immediate_email(
    settings: &dyn SettingsRepo,
    org: &OrgId,
    camera_id: Option<&str>,
    now: NaiveDateTime,
) -> bool {
    let Some(camera_id) = camera_id.filter(|id| !id.is_empty()) else {
        return true;
    };
    let key = format!("{MOTION_EMAIL_ANCHOR_PREFIX}{camera_id}");
    let cooldown = Duration::minutes(cooldown_minutes(settings, org));
    if let Ok(Some(value)) = settings.get(org, &key)
        && let Some(anchor) = parse_anchor(&value)
        && now - anchor < cooldown
    {
        return false;
    }
    if let Err(error) = settings.set(org, &key, &format_anchor(now), now) {
        tracing::warn!(%error, "motion e-mail anchor not written");
    }
    true
}

/// Motion e-mails held back by the cooldown, sent as one digest.
pub struct MotionDigest {
    notifier: Arc<Notifier>,
    anchors: Arc<dyn MotionEmailAnchorRepo>,
    cameras: Arc<dyn CameraRepo>,
    settings: Arc<dyn SettingsRepo>,
}

impl MotionDigest {
    pub fn new(
        repos: &Repositories,
        anchors: Arc<dyn MotionEmailAnchorRepo>,
        notifier: Arc<Notifier>,
    ) -> Self {
        Self {
            notifier,
            anchors,
            cameras: repos.cameras.clone(),
            settings: repos.settings.clone(),
        }
    }

    /// One digest pass over every org's anchors; returns how many digests were raised.
    /// Per-anchor failures are logged and skipped.
    pub fn run_digest(
        &self,
        email_globally_enabled: bool,
        now: NaiveDateTime,
    ) -> RepoResult<usize> {
        let mut raised = 0;
        for (org, key, value) in self.anchors.anchors_all_orgs()? {
            match self.digest_one(email_globally_enabled, &org, &key, &value, now) {
                Ok(true) => raised += 1,
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, %org, key, "motion digest row failed"),
            }
        }
        Ok(raised)
    }

    #[allow(clippy::too_many_arguments)]
    fn digest_one(
        &self,
        email_globally_enabled: bool,
        org: &OrgId,
        key: &str,
        value: &str,
        now: NaiveDateTime,
    ) -> RepoResult<bool> {
        let camera_id = key.strip_prefix(MOTION_EMAIL_ANCHOR_PREFIX).unwrap_or("");
        let Some(anchor) = parse_anchor(value).filter(|_| !camera_id.is_empty()) else {
            self.settings.delete(org, key)?;
            return Ok(false);
        };
        let minutes = cooldown_minutes(self.settings.as_ref(), org);
        let window_end = anchor + Duration::minutes(minutes);
        if now - anchor < Duration::minutes(minutes) {
            return Ok(false);
        }
        let count = self
            .anchors
            .count_motion_events_between(org, camera_id, anchor, window_end)?;
        let mut raised = false;
        if count > 0
            && email_enabled_for(
                self.settings.as_ref(),
                email_globally_enabled,
                org,
                &kinds::NotificationKind::Motion,
            )
        {
            let name = self
                .cameras
                .get(org, &CameraId::new(camera_id))
                .ok()
                .flatten()
                .map(|camera| camera.name)
                .unwrap_or_default();
            let digest = kinds::motion_digest(
                &name,
                camera_id,
                u32::try_from(count).unwrap_or(u32::MAX),
                &format_anchor(anchor),
                &format_anchor(window_end),
                u32::try_from(minutes).unwrap_or(u32::MAX),
            );
            self.notifier.create(org, digest, now);
            raised = true;
        }
        self.anchors.delete_anchor_if_unchanged(org, key, value)?;
        Ok(raised)
    }
}
