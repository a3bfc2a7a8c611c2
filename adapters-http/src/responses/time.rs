//! Timestamps on the wire: naive UTC in Python's `isoformat()` (`2026-11-27T12:00:00`, with
//! microseconds only when there are any), as the original answered. Use with
//! `#[serde(serialize_with = "crate::responses::time::iso")]` (or `iso_opt`) and
//! `#[schema(value_type = crate::responses::time::IsoTimestamp)]`: `format: date-time` would
//! promise an offset these timestamps do not carry.

use chrono::NaiveDateTime;
use sentinel_domain::timestamps::iso_naive;
use serde::Serializer;
use utoipa::ToSchema;

/// The schema of such a timestamp (documentation only; the value is a `NaiveDateTime`).
#[derive(ToSchema)]
#[schema(value_type = String, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$", example = "2026-11-27T12:00:00")]
pub struct IsoTimestamp(pub String);

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
