//! The per-org Sentinel config (§3.2): defaults, how stored JSON columns read back, the
//! dict the API returns, and PATCH validation. Type errors are 422 (the request model's);
//! value errors are 400 with the original's messages.

use super::schedule::check_hhmm;
use crate::python::python_str;
use chrono::NaiveDateTime;
use serde_json::{Map, Value, json};

/// Weekday keys, Monday first.
pub const ALL_DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleMode {
    Always,
    Scheduled,
    Off,
}

impl ScheduleMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Always => "always",
            Self::Scheduled => "scheduled",
            Self::Off => "off",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Always, Self::Scheduled, Self::Off]
            .into_iter()
            .find(|mode| mode.as_str() == raw)
    }
}

/// A `sentinel_config` row as the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentinelConfig {
    pub enabled: bool,
    pub motion_enabled: bool,
    pub incident_opened_enabled: bool,
    pub motion_cooldown_min: i32,
    /// `always`, `scheduled` or `off` for every row this server writes.
    pub schedule_mode: String,
    pub schedule_start: String,
    pub schedule_end: String,
    /// Weekday keys; a NULL or unreadable column reads as all seven, `[]` as none.
    pub active_days: Vec<String>,
    /// camera id → in scope; only an explicit `false` excludes a camera.
    pub camera_scope: Map<String, Value>,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
}

impl SentinelConfig {
    /// A fresh row's values.
    pub fn defaults(at: NaiveDateTime) -> Self {
        Self {
            enabled: true,
            motion_enabled: true,
            incident_opened_enabled: true,
            motion_cooldown_min: 5,
            schedule_mode: ScheduleMode::Always.as_str().to_owned(),
            schedule_start: "22:00".to_owned(),
            schedule_end: "06:00".to_owned(),
            active_days: ALL_DAYS.iter().map(|d| (*d).to_owned()).collect(),
            camera_scope: Map::new(),
            created_at: Some(at),
            updated_at: Some(at),
        }
    }

    /// Applies the patch's fields that differ from the config; returns `field=value` for
    /// each change (Python's `str()` of the value), in field order.
    pub fn apply(&mut self, patch: &ConfigPatch) -> Vec<String> {
        let mut changes = Vec::new();
        let mut note = |field: &str, value: Value| {
            changes.push(format!("{field}={}", python_str(&value)));
        };
        if let Some(v) = patch.enabled.filter(|v| *v != self.enabled) {
            self.enabled = v;
            note("enabled", json!(v));
        }
        if let Some(v) = patch.motion_enabled.filter(|v| *v != self.motion_enabled) {
            self.motion_enabled = v;
            note("motion_enabled", json!(v));
        }
        if let Some(v) = patch
            .incident_opened_enabled
            .filter(|v| *v != self.incident_opened_enabled)
        {
            self.incident_opened_enabled = v;
            note("incident_opened_enabled", json!(v));
        }
        if let Some(v) = patch
            .motion_cooldown_min
            .filter(|v| *v != self.motion_cooldown_min)
        {
            self.motion_cooldown_min = v;
            note("motion_cooldown_min", json!(v));
        }
        if let Some(v) = patch
            .schedule_mode
            .filter(|v| v.as_str() != self.schedule_mode)
        {
            self.schedule_mode = v.as_str().to_owned();
            note("schedule_mode", json!(v.as_str()));
        }
        if let Some(v) = patch
            .schedule_start
            .as_ref()
            .filter(|v| **v != self.schedule_start)
        {
            self.schedule_start.clone_from(v);
            note("schedule_start", json!(v));
        }
        if let Some(v) = patch
            .schedule_end
            .as_ref()
            .filter(|v| **v != self.schedule_end)
        {
            self.schedule_end.clone_from(v);
            note("schedule_end", json!(v));
        }
        if let Some(v) = patch
            .active_days
            .as_ref()
            .filter(|v| **v != self.active_days)
        {
            self.active_days.clone_from(v);
            note("active_days", json!(v));
        }
        if let Some(v) = patch
            .camera_scope
            .as_ref()
            .filter(|v| **v != self.camera_scope)
        {
            self.camera_scope.clone_from(v);
            note("camera_scope", Value::Object(v.clone()));
        }
        changes
    }
}

/// `active_days` as stored: a JSON list; NULL or unreadable → all seven days.
pub fn read_active_days(stored: Option<&str>) -> Vec<String> {
    match stored.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Array(items))) => items
            .into_iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => ALL_DAYS.iter().map(|d| (*d).to_owned()).collect(),
    }
}

/// `camera_scope` as stored: a JSON object (values read as booleans); anything else `{}`.
pub fn read_camera_scope(stored: Option<&str>) -> Map<String, Value> {
    match stored.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(fields))) => fields
            .into_iter()
            .map(|(camera, value)| (camera, Value::Bool(truthy(&value))))
            .collect(),
        _ => Map::new(),
    }
}

/// A validated PATCH: only the fields present and non-null.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConfigPatch {
    pub enabled: Option<bool>,
    pub motion_enabled: Option<bool>,
    pub incident_opened_enabled: Option<bool>,
    pub motion_cooldown_min: Option<i32>,
    pub schedule_mode: Option<ScheduleMode>,
    pub schedule_start: Option<String>,
    pub schedule_end: Option<String>,
    pub active_days: Option<Vec<String>>,
    pub camera_scope: Option<Map<String, Value>>,
}

/// Why a PATCH body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// A type or bound failure of the request model: 422, naming the field.
    #[error("{message} ({field})")]
    Unprocessable {
        field: &'static str,
        message: String,
    },
    /// A value rule: 400 with this text.
    #[error("{0}")]
    BadRequest(String),
}

/// Reads a PATCH body: first the request model's types and bounds (422), then the value
/// rules in field order (400). Unknown fields are ignored; `null` means "leave as is".
pub fn read_patch(body: &Value) -> Result<ConfigPatch, PatchError> {
    let Value::Object(fields) = body else {
        return Err(PatchError::Unprocessable {
            field: "body",
            message: "Input should be a valid dictionary".to_owned(),
        });
    };
    let field = |name: &str| fields.get(name).filter(|v| !v.is_null());
    let mut patch = ConfigPatch {
        enabled: field("enabled")
            .map(|v| lax_bool("enabled", v))
            .transpose()?,
        motion_enabled: field("motion_enabled")
            .map(|v| lax_bool("motion_enabled", v))
            .transpose()?,
        incident_opened_enabled: field("incident_opened_enabled")
            .map(|v| lax_bool("incident_opened_enabled", v))
            .transpose()?,
        motion_cooldown_min: field("motion_cooldown_min")
            .map(cooldown_minutes)
            .transpose()?,
        ..ConfigPatch::default()
    };
    let schedule_mode = field("schedule_mode")
        .map(|v| strict_str("schedule_mode", v))
        .transpose()?;
    let schedule_start = field("schedule_start")
        .map(|v| strict_str("schedule_start", v))
        .transpose()?;
    let schedule_end = field("schedule_end")
        .map(|v| strict_str("schedule_end", v))
        .transpose()?;

    if let Some(mode) = schedule_mode {
        patch.schedule_mode =
            Some(ScheduleMode::parse(mode).ok_or_else(|| {
                PatchError::BadRequest(format!("invalid schedule_mode: '{mode}'"))
            })?);
    }
    if let Some(start) = schedule_start {
        check_hhmm("schedule_start", start).map_err(PatchError::BadRequest)?;
        patch.schedule_start = Some(start.to_owned());
    }
    if let Some(end) = schedule_end {
        check_hhmm("schedule_end", end).map_err(PatchError::BadRequest)?;
        patch.schedule_end = Some(end.to_owned());
    }
    if let Some(days) = field("active_days") {
        let Value::Array(items) = days else {
            return Err(PatchError::BadRequest(
                "active_days must be a list".to_owned(),
            ));
        };
        patch.active_days = Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .filter(|day| ALL_DAYS.contains(day))
                .map(str::to_owned)
                .collect(),
        );
    }
    if let Some(scope) = field("camera_scope") {
        let Value::Object(entries) = scope else {
            return Err(PatchError::BadRequest(
                "camera_scope must be an object".to_owned(),
            ));
        };
        patch.camera_scope = Some(
            entries
                .iter()
                .map(|(camera, value)| (camera.clone(), Value::Bool(truthy(value))))
                .collect(),
        );
    }
    Ok(patch)
}

/// Pydantic's lax bool: booleans, 0/1, and the usual words.
fn lax_bool(field: &'static str, value: &Value) -> Result<bool, PatchError> {
    let parsed = match value {
        Value::Bool(flag) => Some(*flag),
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => Some(false),
            Some(1.0) => Some(true),
            _ => None,
        },
        Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
            "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    };
    parsed.ok_or_else(|| PatchError::Unprocessable {
        field,
        message: "Input should be a valid boolean".to_owned(),
    })
}

/// An integer 1..=60 (numbers without a fraction and numeric strings accepted).
fn cooldown_minutes(value: &Value) -> Result<i32, PatchError> {
    const FIELD: &str = "motion_cooldown_min";
    let parsed = match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64)),
        Value::String(text) => text.trim().parse::<i64>().ok(),
        Value::Bool(flag) => Some(i64::from(*flag)),
        _ => None,
    };
    let minutes = parsed.ok_or_else(|| PatchError::Unprocessable {
        field: FIELD,
        message: "Input should be a valid integer".to_owned(),
    })?;
    if minutes < 1 {
        return Err(PatchError::Unprocessable {
            field: FIELD,
            message: "Input should be greater than or equal to 1".to_owned(),
        });
    }
    if minutes > 60 {
        return Err(PatchError::Unprocessable {
            field: FIELD,
            message: "Input should be less than or equal to 60".to_owned(),
        });
    }
    i32::try_from(minutes).map_err(|_| PatchError::Unprocessable {
        field: FIELD,
        message: "Input should be less than or equal to 60".to_owned(),
    })
}

fn strict_str<'a>(field: &'static str, value: &'a Value) -> Result<&'a str, PatchError> {
    value.as_str().ok_or_else(|| PatchError::Unprocessable {
        field,
        message: "Input should be a valid string".to_owned(),
    })
}

/// Python's truthiness.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => !fields.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn noon() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let config = SentinelConfig::defaults(noon());
        assert!(config.enabled && config.motion_enabled && config.incident_opened_enabled);
        assert_eq!(config.motion_cooldown_min, 5);
        assert_eq!(config.schedule_mode, "always");
        assert_eq!(config.schedule_start, "22:00");
        assert_eq!(config.schedule_end, "06:00");
        assert_eq!(config.active_days, ALL_DAYS);
        assert_eq!(config.camera_scope, Map::new());
        assert_eq!(config.created_at, Some(noon()));
    }

    #[test]
    fn stored_columns_read_back_leniently() {
        assert_eq!(read_active_days(None).len(), 7);
        assert_eq!(read_active_days(Some("not json")).len(), 7);
        assert!(read_active_days(Some("[]")).is_empty());
        assert_eq!(read_active_days(Some(r#"["mon"]"#)), ["mon"]);
        assert_eq!(read_camera_scope(None), Map::new());
        assert_eq!(
            Value::Object(read_camera_scope(Some(r#"{"a": 0, "b": "x"}"#))),
            json!({"a": false, "b": true})
        );
    }

    #[test]
    fn a_partial_patch_changes_only_its_fields() {
        let mut config = SentinelConfig::defaults(noon());
        let patch = read_patch(&json!({
            "enabled": false, "motion_cooldown_min": 5, "schedule_mode": null,
            "active_days": ["mon", "xyz", "fri"], "camera_scope": {"cam1": 0, "cam2": true},
            "unknown": 1
        }))
        .unwrap();
        let changes = config.apply(&patch);
        assert_eq!(
            changes,
            [
                "enabled=False",
                "active_days=['mon', 'fri']",
                "camera_scope={'cam1': False, 'cam2': True}"
            ]
        );
        assert!(!config.enabled);
        assert_eq!(config.schedule_mode, "always");
        assert!(config.apply(&patch).is_empty(), "nothing left to change");
    }

    #[test]
    fn value_rules_answer_400_with_the_original_messages() {
        let bad = |body: Value| read_patch(&body).unwrap_err();
        assert_eq!(
            bad(json!({"schedule_mode": "sometimes"})),
            PatchError::BadRequest("invalid schedule_mode: 'sometimes'".into())
        );
        assert_eq!(
            bad(json!({"schedule_start": "9:00"})),
            PatchError::BadRequest("schedule_start must be HH:MM".into())
        );
        assert_eq!(
            bad(json!({"schedule_end": "24:00"})),
            PatchError::BadRequest("schedule_end out of range".into())
        );
        assert_eq!(
            bad(json!({"active_days": "mon"})),
            PatchError::BadRequest("active_days must be a list".into())
        );
        assert_eq!(
            bad(json!({"camera_scope": ["cam"]})),
            PatchError::BadRequest("camera_scope must be an object".into())
        );
        let empty = read_patch(&json!({"active_days": []})).unwrap();
        assert_eq!(
            empty.active_days,
            Some(Vec::new()),
            "[] means no active day"
        );
    }

    #[test]
    fn type_and_bound_failures_are_422() {
        for body in [
            json!({"motion_cooldown_min": 0}),
            json!({"motion_cooldown_min": 61}),
            json!({"motion_cooldown_min": "soon"}),
            json!({"enabled": "maybe"}),
            json!({"schedule_mode": 3}),
            json!([]),
        ] {
            assert!(
                matches!(read_patch(&body), Err(PatchError::Unprocessable { .. })),
                "{body}"
            );
        }
        let lax = read_patch(&json!({"enabled": "false", "motion_cooldown_min": "10"})).unwrap();
        assert_eq!(lax.enabled, Some(false));
        assert_eq!(lax.motion_cooldown_min, Some(10));
    }
}
