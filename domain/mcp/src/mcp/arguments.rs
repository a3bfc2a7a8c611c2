//! A `tools/call`'s arguments checked against the tool's schema (FastMCP validates them
//! before the tool body runs): required present, types right, integer bounds kept,
//! defaults filled. Unknown arguments are ignored, as pydantic does.

use super::catalog::{DefaultValue, Param, ParamKind, ToolSpec};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Why the arguments do not fit the tool; the text is what the caller sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Input validation error for tool '{tool}': {field}: {message}")]
pub struct ArgumentError {
    pub tool: String,
    pub field: String,
    pub message: String,
}

/// Arguments that fit their tool, defaults filled in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BoundArguments {
    values: HashMap<&'static str, Value>,
}

impl BoundArguments {
    /// A text argument; `None` when null or absent.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(Value::as_str)
    }

    /// An integer argument (bounded ones always have a value).
    pub fn integer(&self, name: &str) -> Option<i64> {
        self.values.get(name).and_then(Value::as_i64)
    }

    /// An optional boolean argument.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.values.get(name).and_then(Value::as_bool)
    }

    /// `(name, value)` of every non-null argument, in the tool's parameter order (for the
    /// activity log's summary).
    pub fn present<'a>(&'a self, spec: &'a ToolSpec) -> Vec<(&'static str, &'a Value)> {
        spec.params
            .iter()
            .filter_map(|param| {
                self.values
                    .get(param.name)
                    .filter(|value| !value.is_null())
                    .map(|value| (param.name, value))
            })
            .collect()
    }
}

impl ToolSpec {
    /// Checks `arguments` (a JSON object or absent) against the parameters.
    pub fn bind(&self, arguments: Option<&Value>) -> Result<BoundArguments, ArgumentError> {
        let empty = Map::new();
        let given = match arguments {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(fields)) => fields,
            Some(_) => return Err(self.error("arguments", "Input should be an object")),
        };
        let mut values = HashMap::new();
        for param in self.params {
            let value = match given.get(param.name) {
                Some(value) => self.coerce(param, value)?,
                None if param.is_required() => {
                    return Err(self.error(param.name, "Field required"));
                }
                None => default_of(param),
            };
            values.insert(param.name, value);
        }
        Ok(BoundArguments { values })
    }

    fn coerce(&self, param: &Param, value: &Value) -> Result<Value, ArgumentError> {
        match (param.kind, value) {
            (ParamKind::OptionalText | ParamKind::OptionalFlag, Value::Null) => Ok(Value::Null),
            (ParamKind::Text | ParamKind::OptionalText, Value::String(_)) => Ok(value.clone()),
            (ParamKind::Text | ParamKind::OptionalText, _) => {
                Err(self.error(param.name, "Input should be a valid string"))
            }
            (ParamKind::OptionalFlag, Value::Bool(_)) => Ok(value.clone()),
            (ParamKind::OptionalFlag, _) => {
                Err(self.error(param.name, "Input should be a valid boolean"))
            }
            (ParamKind::Integer, _) => {
                let number = integer_of(value)
                    .ok_or_else(|| self.error(param.name, "Input should be a valid integer"))?;
                self.check_bounds(param, number)?;
                Ok(Value::from(number))
            }
        }
    }

    fn check_bounds(&self, param: &Param, number: i64) -> Result<(), ArgumentError> {
        if let Some(minimum) = param.minimum
            && number < minimum
        {
            return Err(self.error(
                param.name,
                &format!("Input should be greater than or equal to {minimum}"),
            ));
        }
        if let Some(maximum) = param.maximum
            && number > maximum
        {
            return Err(self.error(
                param.name,
                &format!("Input should be less than or equal to {maximum}"),
            ));
        }
        Ok(())
    }

    fn error(&self, field: &str, message: &str) -> ArgumentError {
        ArgumentError {
            tool: self.name.to_owned(),
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// Pydantic's lax integers: whole numbers, whole floats and numeric strings.
fn integer_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn default_of(param: &Param) -> Value {
    match param.default {
        Some(DefaultValue::Integer(value)) => Value::from(value),
        Some(DefaultValue::Text(value)) => Value::from(value),
        None => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalog::find_tool;
    use serde_json::json;

    #[test]
    fn defaults_are_filled_and_bounds_enforced() {
        let watch = find_tool("watch_camera").unwrap();
        let bound = watch.bind(Some(&json!({"camera_id": "c1"}))).unwrap();
        assert_eq!(bound.text("camera_id"), Some("c1"));
        assert_eq!(bound.integer("count"), Some(3));
        assert_eq!(bound.integer("interval_seconds"), Some(5));
        let error = watch
            .bind(Some(&json!({"camera_id": "c1", "count": 11})))
            .unwrap_err();
        assert_eq!(error.field, "count");
        assert_eq!(error.message, "Input should be less than or equal to 10");
        assert!(
            watch
                .bind(Some(&json!({"camera_id": "c1", "count": "4"})))
                .is_ok()
        );
    }

    #[test]
    fn required_and_typed_arguments_are_checked() {
        let get = find_tool("get_camera").unwrap();
        assert_eq!(get.bind(None).unwrap_err().message, "Field required");
        assert_eq!(
            get.bind(Some(&json!({"camera_id": 5})))
                .unwrap_err()
                .message,
            "Input should be a valid string"
        );
        let policy = find_tool("set_camera_recording_policy").unwrap();
        let bound = policy
            .bind(Some(
                &json!({"camera_id": "c", "continuous_24_7": true, "extra": 1}),
            ))
            .unwrap();
        assert_eq!(bound.flag("continuous_24_7"), Some(true));
        assert_eq!(bound.flag("scheduled_recording"), None);
        assert_eq!(bound.present(policy).len(), 2);
    }
}
