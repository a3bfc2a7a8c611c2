//! Route groups, each registered by a `configure`-style function.

pub mod audit;
pub mod cameras;
pub mod docs;
pub mod downloads;
pub mod groups;
pub mod health;
pub mod hls;
pub mod local_session;
pub mod nodes;
pub mod public_files;
pub mod settings;

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

#[cfg(test)]
mod tests {
    use super::truthy;
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
