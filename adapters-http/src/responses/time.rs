//! Timestamps on the wire: naive UTC in Python's `isoformat()` (`2026-11-27T12:00:00`, with
//! microseconds only when there are any), as the original answered. Use with
//! `#[serde(serialize_with = "…")]` and `#[schema(value_type = String, format = DateTime)]`.

use chrono::NaiveDateTime;
use sentinel_domain::timestamps::iso_naive;
use serde::Serializer;

pub fn iso<S: Serializer>(at: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&iso_naive(*at))
}

pub fn iso_opt<S: Serializer>(
    at: &Option<NaiveDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => serializer.serialize_str(&iso_naive(*at)),
        None => serializer.serialize_none(),
    }
}
