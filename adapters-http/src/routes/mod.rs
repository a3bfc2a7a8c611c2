//! Route groups, each registered by a `configure`-style function.

pub(crate) mod api_keys;
pub mod audit;
pub mod cameras;
pub(crate) mod csv_export;
pub mod danger;
pub mod docs;
pub mod downloads;
pub mod email;
pub mod gdpr_export;
pub mod groups;
pub mod health;
pub mod hls;
pub mod incidents;
pub mod integration;
pub mod local_session;
pub mod mcp_activity;
pub mod mcp_keys;
pub mod metrics;
pub mod motion;
pub mod nodes;
pub mod notifications;
pub mod public_files;
pub mod sentinel;
pub mod settings;
pub mod share_links;
pub mod stream_logs;
pub mod usage;
pub mod webhooks;

use serde_json::Value;

/// Python's truthiness, which the original applied to a few free-form flags
/// (`{"recording": "false"}` is true there, and so it stays).
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => !fields.is_empty(),
    }
}

/// Pydantic's `ge`/`le` check of an optional integer query parameter (`min` `None`: no
/// lower bound).
pub(crate) fn within(
    field: &str,
    value: Option<i64>,
    min: Option<i64>,
    max: i64,
) -> Result<(), crate::extract::json::FieldError> {
    use crate::extract::json::FieldError;
    match (value, min) {
        (Some(value), Some(min)) if value < min => Err(FieldError::new(
            field,
            format!("Input should be greater than or equal to {min}"),
        )),
        (Some(value), _) if value > max => Err(FieldError::new(
            field,
            format!("Input should be less than or equal to {max}"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::truthy;
    use super::within;

    #[test]
    fn bounds_use_pydantic_wording() {
        assert!(within("hours", Some(168), Some(1), 168).is_ok());
        assert!(within("hours", None, Some(1), 168).is_ok());
        assert_eq!(
            within("hours", Some(0), Some(1), 168).unwrap_err().message,
            "Input should be greater than or equal to 1"
        );
        assert_eq!(
            within("hours", Some(169), None, 168).unwrap_err().message,
            "Input should be less than or equal to 168"
        );
        assert!(within("hours", Some(-5), None, 168).is_ok());
    }
    use serde_json::json;

    #[test]
    fn follows_python_truthiness() {
        for (value, expected) in [
            (json!(null), false),
            (json!(false), false),
            (json!(0), false),
            (json!(0.0), false),
            (json!(""), false),
            (json!([]), false),
            (json!({}), false),
            (json!(true), true),
            (json!(2), true),
            (json!("false"), true),
            (json!([0]), true),
        ] {
            assert_eq!(truthy(&value), expected, "{value}");
        }
    }
}
