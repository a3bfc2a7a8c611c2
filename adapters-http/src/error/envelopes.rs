//! The error envelopes as types (docs/rest-api.md §0.3, E1–E6): what [`super::ApiError`]
//! serialises, and the schemas `/api/openapi.json` gives every error status.

use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// E1, E2, E5: `{"detail": "<message>"}` or `{"detail": {"error": <code>, "message", …}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub detail: ErrorDetail,
}

/// A plain message, or a coded object (`error`, `message`, and fields particular to the
/// code, such as a plan limit's `limit` and `current`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ErrorDetail {
    Message(String),
    Coded(CodedDetail),
}

/// At least one of `error` and `message` is present.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CodedDetail {
    /// A stable, machine-readable code, e.g. `plan_limit_exceeded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What to show a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub extras: Map<String, Value>,
}

impl CodedDetail {
    /// A detail object from its JSON form: string `error` and `message` become the named
    /// fields, everything else stays as it is.
    pub fn from_value(value: Value) -> Self {
        let mut extras = match value {
            Value::Object(fields) => fields,
            other => Map::from_iter([("value".to_owned(), other)]),
        };
        let mut take = |key: &str| match extras.remove(key) {
            Some(Value::String(text)) => Some(text),
            Some(other) => {
                extras.insert(key.to_owned(), other);
                None
            }
            None => None,
        };
        let (error, message) = (take("error"), take("message"));
        Self {
            error,
            message,
            extras,
        }
    }
}

/// E3: 422 `{"detail": {"error": "validation_failed", "message", "errors"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationErrorBody {
    pub detail: ValidationDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationDetail {
    /// Always `validation_failed`.
    #[schema(example = "validation_failed")]
    pub error: &'static str,
    /// The first error as `"<msg> (<loc without 'body'>)"`, e.g. `Field required (title)`.
    pub message: String,
    #[schema(value_type = Vec<ValidationItem>)]
    pub errors: Vec<Value>,
}

/// One failed field, as Pydantic words it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationItem {
    /// e.g. `missing`, `string_too_long`, `value_error`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Where: `["body", "title"]`, `["query", "limit"]`, `["path", "camera_id"]`; list
    /// positions are numbers (`["body", "cameras", 0, "camera_id"]`).
    pub loc: Vec<Value>,
    pub msg: String,
    /// The rejected value, of whatever type it had, when there was one.
    pub input: Option<Value>,
}

/// E4: 429, sent with `Retry-After`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RateLimitBody {
    /// Always `rate_limit_exceeded`.
    pub error: &'static str,
    pub message: &'static str,
    /// The limit that was hit, e.g. `10 per 1 minute`.
    pub limit: String,
    pub retry_after_seconds: u64,
}
