//! `Json<T>`: a body extractor whose errors name the failing field, like the original's
//! 422 handler (`"<msg> (<loc>)"` plus the full error list).

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use sentinel_domain::text::make_nul_free;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Bodies larger than this are refused before parsing; routes with bigger payloads read
/// raw bytes with their own cap.
const MAX_JSON_BYTES: usize = 256 * 1024;

/// Rules beyond what the type expresses (lengths, formats, cross-field checks). A failure
/// names the field path and the message.
pub trait Validate {
    /// Whether a JSON body of this type must be an object. Every request model's is; serde
    /// would also fill a struct from an array of its fields in order, which the contract
    /// never offers and a client would only send by mistake.
    const OBJECT_BODY: bool = true;

    fn validate(&self) -> Result<(), FieldError> {
        Ok(())
    }
}

/// Free-form bodies (`{"recording": <any>}`) are read as JSON values and coerced by hand;
/// their handlers judge a body that is no object.
impl Validate for Value {
    const OBJECT_BODY: bool = false;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub loc: Vec<String>,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            loc: vec![field.to_owned()],
            message: message.into(),
        }
    }
}

#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> FromRequest for Json<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|error| {
                // The payload limit stops the read before the length check below can.
                let status = error.as_response_error().status_code();
                if status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    body_unreadable()
                }
            })?;
            if bytes.len() > MAX_JSON_BYTES {
                return Err(too_large());
            }
            parse_body(&bytes).map(Json)
        })
    }
}

/// Parses and validates a JSON body into `T`, or builds the 422 envelope.
pub fn parse_body<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.is_empty() {
        return Err(validation(
            "Field required".to_owned(),
            json!({"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}),
        ));
    }
    let mut value: Value = serde_json::from_slice(bytes).map_err(|error| {
        let msg = format!("JSON decode error: {error}");
        validation(
            format!("{msg} (body)"),
            json!({"type": "json_invalid", "loc": ["body", error.column()], "msg": msg, "input": {}}),
        )
    })?;
    // What PostgreSQL can hold, on either backend (`text::nul_free`).
    make_nul_free(&mut value);
    if T::OBJECT_BODY && !value.is_object() {
        // Pydantic's wording for a model given anything but an object.
        let msg = "Input should be a valid dictionary or object to extract fields from";
        return Err(validation(
            msg.to_owned(),
            json!({"type": "model_attributes_type", "loc": ["body"], "msg": msg}),
        ));
    }
    let parsed: T = serde_path_to_error::deserialize(&value).map_err(|error| {
        let (kind, path, msg) = decode_error(error.path(), &error.inner().to_string());
        let summary = summary(&msg, &path);
        let mut loc = vec![Value::from("body")];
        loc.extend(path.iter().cloned().map(Value::from));
        validation(summary, json!({"type": kind, "loc": loc, "msg": msg}))
    })?;
    parsed.validate().map_err(|field| {
        let msg = field.message.clone();
        let mut loc = vec![Value::from("body")];
        loc.extend(field.loc.iter().cloned().map(Value::from));
        validation(
            summary(&msg, &field.loc),
            json!({"type": "value_error", "loc": loc, "msg": msg, "ctx": {"error": field.message}}),
        )
    })?;
    Ok(parsed)
}

/// A deserialisation failure as the 422 envelope reports it: `(type, loc, msg)`. serde
/// reports a missing field at its parent (`missing field \`title\``); the contract (E3)
/// wants Pydantic's shape, the field itself in `loc` and `msg: "Field required"`.
pub(crate) fn decode_error(
    at: &serde_path_to_error::Path,
    message: &str,
) -> (&'static str, Vec<String>, String) {
    let mut path = path_segments(at);
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(field, _)| field);
    match missing {
        Some(field) => {
            path.push(field.to_owned());
            ("missing", path, "Field required".to_owned())
        }
        None => ("value_error", path, capitalise(message)),
    }
}

pub(crate) fn validation(message: String, first: Value) -> ApiError {
    ApiError::Validation {
        message,
        errors: vec![first],
    }
}

pub(crate) fn path_segments(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .map(|segment| segment.to_string())
        .filter(|segment| segment != "?")
        .collect()
}

pub(crate) fn summary(msg: &str, loc: &[String]) -> String {
    if loc.is_empty() {
        msg.to_owned()
    } else {
        format!("{msg} ({})", loc.join("."))
    }
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn too_large() -> ApiError {
    ApiError::detail(
        actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
        format!("Request body too large (max {MAX_JSON_BYTES} bytes)"),
    )
}

fn body_unreadable() -> ApiError {
    ApiError::bad_request("Request body could not be read")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Policy {
        #[allow(dead_code)]
        name: String,
        start: Option<String>,
    }

    impl Validate for Policy {
        fn validate(&self) -> Result<(), FieldError> {
            match &self.start {
                Some(start) if start.len() != 5 => {
                    Err(FieldError::new("start", "Value error, must be HH:MM"))
                }
                _ => Ok(()),
            }
        }
    }

    fn detail(error: ApiError) -> (String, Vec<Value>) {
        match error {
            ApiError::Validation { message, errors } => (message, errors),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn missing_field_names_it() {
        let (message, errors) = detail(parse_body::<Policy>(br#"{"start": "10:00"}"#).unwrap_err());
        assert_eq!(message, "Field required (name)");
        assert_eq!(errors[0]["type"], "missing");
        assert_eq!(errors[0]["loc"], json!(["body", "name"]));
        assert_eq!(errors[0]["msg"], "Field required");
    }

    #[test]
    fn a_missing_query_parameter_names_it() {
        #[derive(Debug, serde::Deserialize)]
        struct Page {
            #[allow(dead_code)]
            t: String,
        }
        impl Validate for Page {}
        let (message, errors) =
            detail(super::super::query::parse_query::<Page>("x=1").unwrap_err());
        assert_eq!(message, "Field required (query.t)");
        assert_eq!(errors[0]["loc"], json!(["query", "t"]));
        assert_eq!(errors[0]["type"], "missing");
    }

    #[test]
    fn wrong_type_names_the_path() {
        let (message, errors) = detail(parse_body::<Policy>(br#"{"name": 5}"#).unwrap_err());
        assert!(message.ends_with("(name)"), "{message}");
        assert_eq!(errors[0]["loc"], json!(["body", "name"]));
    }

    #[test]
    fn malformed_json_is_json_invalid() {
        let (_, errors) = detail(parse_body::<Policy>(b"{nope").unwrap_err());
        assert_eq!(errors[0]["type"], "json_invalid");
    }

    #[test]
    fn custom_rules_emit_a_string_ctx() {
        let (message, errors) =
            detail(parse_body::<Policy>(br#"{"name": "a", "start": "25:000"}"#).unwrap_err());
        assert_eq!(message, "Value error, must be HH:MM (start)");
        assert_eq!(errors[0]["ctx"]["error"], "Value error, must be HH:MM");
    }

    #[test]
    fn a_model_body_must_be_an_object_not_its_fields_in_a_list() {
        for body in [&br#"["a", "10:00"]"#[..], b"5", b"null"] {
            let (message, errors) = detail(parse_body::<Policy>(body).unwrap_err());
            assert_eq!(
                message,
                "Input should be a valid dictionary or object to extract fields from"
            );
            assert_eq!(errors[0]["loc"], json!(["body"]));
        }
        assert_eq!(parse_body::<Value>(b"[1]").unwrap(), json!([1]));
    }

    #[test]
    fn empty_body_is_field_required_without_a_location() {
        let (message, _) = detail(parse_body::<Policy>(b"").unwrap_err());
        assert_eq!(message, "Field required");
    }
}
