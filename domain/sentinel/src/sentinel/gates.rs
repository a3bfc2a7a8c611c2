//! The dispatch gates of §3.6, each a pure check the dispatcher runs in order (stopping
//! at the first refusal, so later lookups are skipped), and the refusal reasons it logs.

use super::config::SentinelConfig;
use super::runs::TriggerType;
use crate::notifications::NotificationKind;
use chrono::{NaiveDateTime, TimeDelta};
use serde_json::{Map, Value};

/// The fleet-wide controls (`SENTINEL_DISPATCH_ENABLED`, `SENTINEL_GLOBAL_MONTHLY_RUN_CAP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FleetSwitches {
    pub dispatch_enabled: bool,
    /// 0 = unlimited.
    pub global_monthly_run_cap: u64,
}

impl Default for FleetSwitches {
    fn default() -> Self {
        Self {
            dispatch_enabled: true,
            global_monthly_run_cap: 0,
        }
    }
}

/// Why no run was created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DispatchRefusal {
    #[error("sentinel dispatch disabled by kill-switch (SENTINEL_DISPATCH_ENABLED=false)")]
    KillSwitch,
    #[error("global monthly run cap reached ({used}/{cap})")]
    GlobalCap { cap: u64, used: i64 },
    #[error("incident filed by an agent (feedback guard)")]
    FeedbackLoop,
    #[error("no_sentinel_config")]
    NoConfig,
    #[error("sentinel_disabled")]
    Disabled,
    #[error("plan_not_eligible")]
    PlanNotEligible,
    #[error("kind_not_a_sentinel_trigger")]
    NotATrigger,
    #[error("trigger_disabled: {0}=false")]
    TriggerOff(&'static str),
    #[error("camera_out_of_scope")]
    OutOfScope,
    #[error("outside_schedule")]
    OutOfSchedule,
    #[error("motion_cooldown")]
    Cooldown,
    #[error("monthly_cap_reached")]
    MonthlyCap { cap: i64, used: i64 },
}

/// Gate 1: the kill-switch, then the fleet's runs this month against the global cap.
pub fn fleet_gate(
    switches: FleetSwitches,
    fleet_runs_this_month: i64,
) -> Result<(), DispatchRefusal> {
    if !switches.dispatch_enabled {
        return Err(DispatchRefusal::KillSwitch);
    }
    let cap = switches.global_monthly_run_cap;
    if cap > 0 && u64::try_from(fleet_runs_this_month).unwrap_or(0) >= cap {
        return Err(DispatchRefusal::GlobalCap {
            cap,
            used: fleet_runs_this_month,
        });
    }
    Ok(())
}

/// Gate 2: an `incident_created` whose `meta.created_by` starts with `mcp` or `sentinel`
/// was filed by an agent; dispatching on it would loop.
pub fn is_feedback(kind: &NotificationKind, meta: Option<&Value>) -> bool {
    if *kind != NotificationKind::IncidentCreated {
        return false;
    }
    let created_by = match meta.and_then(|m| m.get("created_by")) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    created_by.starts_with("mcp") || created_by.starts_with("sentinel")
}

/// Gate 6: the notification kinds that trigger runs (no other kind, known or not, does).
pub fn trigger_for_kind(kind: &NotificationKind) -> Option<TriggerType> {
    match kind {
        NotificationKind::Motion => Some(TriggerType::Motion),
        NotificationKind::IncidentCreated => Some(TriggerType::IncidentOpened),
        _ => None,
    }
}

impl SentinelConfig {
    /// Gate 7: the trigger's own switch, by field name.
    pub fn trigger_enabled(&self, trigger: TriggerType) -> Result<(), DispatchRefusal> {
        let (on, field) = match trigger {
            TriggerType::Motion => (self.motion_enabled, "motion_enabled"),
            TriggerType::IncidentOpened => {
                (self.incident_opened_enabled, "incident_opened_enabled")
            }
            TriggerType::Manual | TriggerType::Scheduled => (true, "enabled"),
        };
        if on {
            Ok(())
        } else {
            Err(DispatchRefusal::TriggerOff(field))
        }
    }
}

/// Gate 8: no camera, or a camera absent from the scope, is in scope; only an explicit
/// `false` excludes.
pub fn in_camera_scope(scope: &Map<String, Value>, camera_id: Option<&str>) -> bool {
    !matches!(
        camera_id.and_then(|camera| scope.get(camera)),
        Some(Value::Bool(false))
    )
}

/// Gate 10: since when a motion run on the same camera blocks a new one; `None` when the
/// cooldown is off (`<= 0` minutes).
pub fn cooldown_since(now: NaiveDateTime, cooldown_min: i32) -> Option<NaiveDateTime> {
    (cooldown_min > 0).then(|| now - TimeDelta::minutes(i64::from(cooldown_min)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    #[test]
    fn the_fleet_gate_is_open_by_default() {
        assert_eq!(fleet_gate(FleetSwitches::default(), 1_000_000), Ok(()));
    }

    #[test]
    fn the_kill_switch_and_global_cap_close_the_fleet_gate() {
        let off = FleetSwitches {
            dispatch_enabled: false,
            global_monthly_run_cap: 0,
        };
        let refusal = fleet_gate(off, 0).unwrap_err();
        assert!(refusal.to_string().contains("kill-switch"));
        let capped = FleetSwitches {
            dispatch_enabled: true,
            global_monthly_run_cap: 10,
        };
        assert_eq!(fleet_gate(capped, 9), Ok(()));
        let refusal = fleet_gate(capped, 10).unwrap_err();
        assert!(refusal.to_string().contains("global monthly run cap"));
    }

    #[test]
    fn agent_filed_incidents_are_feedback() {
        let incident = NotificationKind::IncidentCreated;
        assert!(is_feedback(&incident, Some(&json!({"created_by": "mcp"}))));
        assert!(is_feedback(
            &incident,
            Some(&json!({"created_by": "sentinel-agent"}))
        ));
        assert!(!is_feedback(&incident, Some(&json!({"incident_id": 1}))));
        assert!(!is_feedback(&incident, None));
        assert!(!is_feedback(
            &NotificationKind::Motion,
            Some(&json!({"created_by": "mcp"}))
        ));
        assert!(!is_feedback(
            &NotificationKind::parse("Incident_Created"),
            Some(&json!({"created_by": "mcp"}))
        ));
    }

    #[test]
    fn only_motion_and_incidents_trigger() {
        assert_eq!(
            trigger_for_kind(&NotificationKind::Motion),
            Some(TriggerType::Motion)
        );
        assert_eq!(
            trigger_for_kind(&NotificationKind::IncidentCreated),
            Some(TriggerType::IncidentOpened)
        );
        assert_eq!(trigger_for_kind(&NotificationKind::CameraOffline), None);
        assert_eq!(
            trigger_for_kind(&NotificationKind::parse("brand_new")),
            None
        );
        assert_eq!(
            DispatchRefusal::NotATrigger.to_string(),
            "kind_not_a_sentinel_trigger"
        );
    }

    #[test]
    fn trigger_switches_name_their_field() {
        let at = NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let mut config = SentinelConfig::defaults(at);
        assert_eq!(config.trigger_enabled(TriggerType::Motion), Ok(()));
        config.motion_enabled = false;
        let refusal = config.trigger_enabled(TriggerType::Motion).unwrap_err();
        assert!(refusal.to_string().contains("motion_enabled"));
        assert_eq!(config.trigger_enabled(TriggerType::IncidentOpened), Ok(()));
        config.incident_opened_enabled = false;
        assert!(
            config
                .trigger_enabled(TriggerType::IncidentOpened)
                .unwrap_err()
                .to_string()
                .contains("incident_opened_enabled")
        );
    }

    #[test]
    fn only_an_explicit_false_takes_a_camera_out_of_scope() {
        let scope = json!({"cam1": false, "cam2": true});
        let scope = scope.as_object().unwrap();
        assert!(!in_camera_scope(scope, Some("cam1")));
        assert!(in_camera_scope(scope, Some("cam2")));
        assert!(in_camera_scope(scope, Some("cam3")));
        assert!(in_camera_scope(scope, None));
    }

    #[test]
    fn cooldown_windows() {
        let now = NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(cooldown_since(now, 5), Some(now - TimeDelta::minutes(5)));
        assert_eq!(cooldown_since(now, 0), None);
    }
}
