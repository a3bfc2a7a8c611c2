//! Per-org settings: the known keys of the `settings` key/value table (data-model.md §1.3)
//! and how their string values read. Every value is a string; a boolean setting is on iff
//! its value is exactly `"true"`.

use crate::ids::{CameraId, NodeId};

/// Plan slug (`free_org`, `pro`, `pro_plus`, or any Clerk slug); absent means free.
pub const ORG_PLAN: &str = "org_plan";
pub const PAYMENT_PAST_DUE: &str = "payment_past_due";
/// ISO timestamp (may end in `Z`) of when the payment went past due.
pub const PAYMENT_PAST_DUE_AT: &str = "payment_past_due_at";
pub const PLAN_CANCEL_PENDING: &str = "plan_cancel_pending";
/// IANA timezone name; see [`DEFAULT_TIMEZONE`].
pub const TIMEZONE: &str = "timezone";
/// Motion kill switch; read case-insensitively, see [`is_on_ignoring_case`].
pub const MOTION_INGESTION_ENABLED: &str = "motion_ingestion_enabled";

// Inbox toggles (default on).
pub const MOTION_NOTIFICATIONS: &str = "motion_notifications";
pub const CAMERA_TRANSITION_NOTIFICATIONS: &str = "camera_transition_notifications";
pub const NODE_TRANSITION_NOTIFICATIONS: &str = "node_transition_notifications";
pub const MCP_KEY_AUDIT_NOTIFICATIONS: &str = "mcp_key_audit_notifications";
pub const CAMERANODE_DISK_NOTIFICATIONS: &str = "cameranode_disk_notifications";
pub const MEMBER_AUDIT_NOTIFICATIONS: &str = "member_audit_notifications";
pub const WELCOME_NOTIFICATIONS: &str = "welcome_notifications";

// E-mail gates (default on, except `email_motion`).
pub const EMAIL_CAMERA_OFFLINE: &str = "email_camera_offline";
pub const EMAIL_NODE_OFFLINE: &str = "email_node_offline";
pub const EMAIL_INCIDENT_CREATED: &str = "email_incident_created";
pub const EMAIL_MCP_KEY_AUDIT: &str = "email_mcp_key_audit";
pub const EMAIL_CAMERANODE_DISK_LOW: &str = "email_cameranode_disk_low";
pub const EMAIL_MEMBER_AUDIT: &str = "email_member_audit";
pub const EMAIL_WELCOME: &str = "email_welcome";
/// The one e-mail gate that defaults to off.
pub const EMAIL_MOTION: &str = "email_motion";
/// Integer string; see [`motion_email_cooldown_minutes`].
pub const EMAIL_MOTION_COOLDOWN_MINUTES: &str = "email_motion_cooldown_minutes";

/// Naive ISO timestamp of the last plan-limit notification (throttled to one per hour).
pub const PLAN_LIMIT_NOTIF_LAST_AT: &str = "plan_limit_notif_last_at";

/// Prefix of the per-camera motion e-mail cooldown anchors.
pub const MOTION_EMAIL_COOLDOWN_START_PREFIX: &str = "motion_email_cooldown_start:";
/// Prefix of the per-node disk-low emit stamps.
pub const CAMERANODE_DISK_LOW_EMIT_AT_PREFIX: &str = "cameranode_disk_low_emit_at:";

/// Timezone of an org that never set one.
pub const DEFAULT_TIMEZONE: &str = "UTC";
/// Motion e-mail cooldown when unset or unparsable.
pub const DEFAULT_EMAIL_MOTION_COOLDOWN_MINUTES: u32 = 15;

/// `motion_email_cooldown_start:<camera_id>`: the cooldown anchor of one camera.
pub fn motion_email_cooldown_start_key(camera_id: &CameraId) -> String {
    format!("{MOTION_EMAIL_COOLDOWN_START_PREFIX}{camera_id}")
}

/// `cameranode_disk_low_emit_at:<node_id>`: when the disk-low alert last fired for a node.
pub fn cameranode_disk_low_emit_at_key(node_id: &NodeId) -> String {
    format!("{CAMERANODE_DISK_LOW_EMIT_AT_PREFIX}{node_id}")
}

/// How a boolean setting is stored.
pub fn bool_value(on: bool) -> &'static str {
    if on { "true" } else { "false" }
}

/// A boolean setting: `default` when absent, else on iff the value is exactly `"true"`
/// (so `"True"`, `"1"` or `"yes"` are off).
pub fn is_on(value: Option<&str>, default: bool) -> bool {
    value.map_or(default, |v| v == "true")
}

/// The motion-ingestion switch's reading: like [`is_on`] but case-insensitive.
pub fn is_on_ignoring_case(value: Option<&str>, default: bool) -> bool {
    value.map_or(default, |v| v.eq_ignore_ascii_case("true"))
}

/// `email_motion_cooldown_minutes`: `max(1, int(value))`, 15 when absent or unparsable.
pub fn motion_email_cooldown_minutes(value: Option<&str>) -> u32 {
    match value.map(|v| v.trim().parse::<i64>()) {
        Some(Ok(minutes)) => u32::try_from(minutes.clamp(1, i64::from(u32::MAX))).unwrap_or(1),
        _ => DEFAULT_EMAIL_MOTION_COOLDOWN_MINUTES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boolean_settings_are_on_only_for_exact_true() {
        assert!(is_on(Some("true"), false));
        for off in ["True", "TRUE", "1", "yes", "", "false"] {
            assert!(!is_on(Some(off), true), "{off}");
        }
    }

    #[test]
    fn absent_boolean_setting_takes_the_default() {
        assert!(is_on(None, true));
        assert!(!is_on(None, false));
    }

    #[test]
    fn motion_ingestion_reads_case_insensitively() {
        assert!(is_on_ignoring_case(Some("TRUE"), false));
        assert!(!is_on_ignoring_case(Some("nope"), true));
        assert!(is_on_ignoring_case(None, true));
    }

    #[test]
    fn bool_values_round_trip() {
        assert!(is_on(Some(bool_value(true)), false));
        assert!(!is_on(Some(bool_value(false)), true));
    }

    #[test]
    fn prefixed_keys_embed_the_id() {
        assert_eq!(
            motion_email_cooldown_start_key(&CameraId::new("ab12cd34_video0")),
            "motion_email_cooldown_start:ab12cd34_video0"
        );
        assert_eq!(
            cameranode_disk_low_emit_at_key(&NodeId::new("ab12cd34")),
            "cameranode_disk_low_emit_at:ab12cd34"
        );
    }

    #[test]
    fn cooldown_minutes_default_to_fifteen_and_floor_at_one() {
        assert_eq!(motion_email_cooldown_minutes(None), 15);
        assert_eq!(motion_email_cooldown_minutes(Some("abc")), 15);
        assert_eq!(motion_email_cooldown_minutes(Some("0")), 1);
        assert_eq!(motion_email_cooldown_minutes(Some("-4")), 1);
        assert_eq!(motion_email_cooldown_minutes(Some("30")), 30);
    }
}

/// Whether `name` is a timezone of the IANA database (`UTC`, `Europe/London`, ...).
pub fn is_iana_timezone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

/// Every name [`is_iana_timezone`] accepts (spelled canonically).
pub fn iana_timezones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect()
}

#[cfg(test)]
mod timezone_tests {
    use super::is_iana_timezone;

    #[test]
    fn knows_iana_names_only() {
        assert!(is_iana_timezone("UTC"));
        assert!(is_iana_timezone("America/Los_Angeles"));
        assert!(!is_iana_timezone("Mars/Olympus_Mons"));
        assert!(!is_iana_timezone(""));
    }
}

/// Settings key prefix: `motion_email_cooldown_start:<camera_id>` = naive UTC ISO time of
/// the camera's last immediate motion e-mail.
pub const MOTION_EMAIL_ANCHOR_PREFIX: &str = "motion_email_cooldown_start:";
