//! `Query<T>`: query strings that fail with the 422 envelope, locations prefixed `query`.

use super::json::{Validate, decode_error, summary, validation};
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::future::{Ready, ready};

#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Validate> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(req.query_string()).map(Query))
    }
}

pub fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query.as_bytes()));
    let parsed: T = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let (kind, at, msg) = decode_error(error.path(), &error.inner().to_string());
        let mut path = vec!["query".to_owned()];
        path.extend(at);
        let loc: Vec<Value> = path.iter().cloned().map(Value::from).collect();
        validation(
            summary(&msg, &path),
            json!({"type": kind, "loc": loc, "msg": msg}),
        )
    })?;
    parsed.validate().map_err(|field| {
        let mut path = vec!["query".to_owned()];
        path.extend(field.loc.iter().cloned());
        let loc: Vec<Value> = path.iter().cloned().map(Value::from).collect();
        validation(
            summary(&field.message, &path),
            json!({"type": "value_error", "loc": loc, "msg": field.message}),
        )
    })?;
    Ok(parsed)
}

fn form_urlencoded_parse(input: &[u8]) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(input)
}
