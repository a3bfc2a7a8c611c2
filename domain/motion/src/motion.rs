//! Motion events as CloudNodes report them (rest-api.md §3 "POST motion",
//! integration-and-sentinel.md §4.5): how a raw report becomes a stored event, and what a
//! stored event is. Pure: the server's "now" comes in as an argument.
//!
//! The report is read the way the original read it, with Python's `int()` on JSON values:
//! - `score` is required; numbers are truncated toward zero (`99.9` → 99), numeric
//!   strings are accepted (`"88"`, `" 88 "`, `"8_8"`) but not decimal ones (`"88.9"`),
//!   `true`/`false` count as 1/0; the result is clamped to 0..=100. `null`, a missing key,
//!   or anything else is a rejection.
//! - `segment_seq` is optional and read the same way; anything unreadable (or beyond 64
//!   bits) is `None`.
//! - `timestamp` is an ISO-8601 string whose offset is **dropped without conversion**
//!   (`12:00+02:00` is stored as `12:00`); absent or unreadable, it is `now`. Times keep
//!   microseconds, as Python's `datetime` does.
//!
//! Python's `int()` also accepts non-ASCII decimal digits (`"٣"`); these are rejected here.

use crate::ids::{CameraId, NodeId, OrgId};
use crate::plans::parse_iso_datetime;
use chrono::{NaiveDateTime, Timelike};
use sentinel_domain_kernel::python_int::PyInt;
use serde_json::Value;

/// The lowest and highest score stored.
pub const MIN_SCORE: i32 = 0;
pub const MAX_SCORE: i32 = 100;

/// A motion report that passed the checks, normalised for storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MotionReading {
    /// 0..=100.
    pub score: i32,
    pub segment_seq: Option<i64>,
    /// Naive: the node's wall-clock time with any offset dropped, or the server's `now`.
    pub timestamp: NaiveDateTime,
}

/// Why a report is dropped (logged, never stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MotionRejection {
    #[error("camera_id is missing")]
    MissingCameraId,
    #[error("score is missing")]
    MissingScore,
    #[error("score is not an integer")]
    NonNumericScore,
}

impl MotionRejection {
    /// A stable machine-readable name.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingCameraId => "missing_camera_id",
            Self::MissingScore => "missing_score",
            Self::NonNumericScore => "invalid_score",
        }
    }
}

/// Reads `score`, `segment_seq` and `timestamp` from a report's JSON object (a value that
/// is not an object has no score).
pub fn read_motion(report: &Value, now: NaiveDateTime) -> Result<MotionReading, MotionRejection> {
    let score = match report.get("score") {
        None | Some(Value::Null) => return Err(MotionRejection::MissingScore),
        Some(raw) => python_int(raw).ok_or(MotionRejection::NonNumericScore)?,
    };
    let score = score.clamp(i128::from(MIN_SCORE), i128::from(MAX_SCORE));
    let segment_seq = report
        .get("segment_seq")
        .and_then(python_int)
        .and_then(|seq| i64::try_from(seq).ok());
    let timestamp = report
        .get("timestamp")
        .and_then(Value::as_str)
        .and_then(parse_iso_datetime)
        .map_or(now, |at| at.naive_local());
    Ok(MotionReading {
        score: i32::try_from(score).unwrap_or(MAX_SCORE),
        segment_seq,
        timestamp: to_micros(timestamp),
    })
}

/// The camera of a WebSocket `motion_detected` payload: a non-empty string (Python's
/// `if not camera_id` rejects `""` too).
pub fn socket_camera_id(payload: &Value) -> Result<CameraId, MotionRejection> {
    payload
        .get("camera_id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(CameraId::new)
        .ok_or(MotionRejection::MissingCameraId)
}

/// A `motion_events` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionEvent {
    pub id: i64,
    pub org_id: OrgId,
    pub camera_id: CameraId,
    /// The reporting node's public id.
    pub node_id: NodeId,
    pub score: i32,
    pub segment_seq: Option<i64>,
    /// Nullable in the schema; every row this server writes has one.
    pub timestamp: Option<NaiveDateTime>,
}

/// A motion event to store (the org comes separately, as for every repository call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMotionEvent {
    pub camera_id: CameraId,
    pub node_id: NodeId,
    pub reading: MotionReading,
}

/// A page of the org's motion events: newest first, optionally one camera's, since a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionQuery {
    pub camera_id: Option<CameraId>,
    /// Events at or after this time.
    pub since: NaiveDateTime,
    pub limit: i64,
    pub offset: i64,
}

/// One page of motion events and how many match the query overall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionPage {
    pub total: i64,
    pub events: Vec<MotionEvent>,
}

/// Python's `int(value)` on a decoded JSON value (saturated to `i128`); `None` where
/// Python raises.
fn python_int(value: &Value) -> Option<i128> {
    match value {
        Value::Bool(flag) => Some(i128::from(*flag)),
        Value::Number(number) => number
            .as_i64()
            .map(i128::from)
            .or_else(|| number.as_u64().map(i128::from))
            // `as` truncates toward zero and saturates, like `int(float)` then a clamp.
            .or_else(|| number.as_f64().map(|float| float.trunc() as i128)),
        Value::String(text) => PyInt::parse(text).map(|n| n.saturating_i128()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Drops sub-microsecond digits (Python's `fromisoformat` reads at most six).
fn to_micros(at: NaiveDateTime) -> NaiveDateTime {
    let micros = at.nanosecond() / 1_000;
    at.with_nanosecond(micros * 1_000).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    fn score_of(raw: Value) -> Result<i32, MotionRejection> {
        read_motion(&json!({ "score": raw }), now()).map(|reading| reading.score)
    }

    #[test]
    fn scores_clamp_to_zero_through_a_hundred() {
        assert_eq!(score_of(json!(250)), Ok(100));
        assert_eq!(score_of(json!(-10)), Ok(0));
        assert_eq!(score_of(json!(42)), Ok(42));
        assert_eq!(score_of(json!(u64::MAX)), Ok(100));
        assert_eq!(score_of(json!(1e300)), Ok(100));
        assert_eq!(score_of(json!(-1e300)), Ok(0));
    }

    #[test]
    fn scores_are_read_like_python_int() {
        assert_eq!(score_of(json!(99.9)), Ok(99), "floats truncate");
        assert_eq!(score_of(json!(-0.5)), Ok(0));
        assert_eq!(score_of(json!("88")), Ok(88));
        assert_eq!(score_of(json!(" 88 ")), Ok(88));
        assert_eq!(score_of(json!("8_8")), Ok(88));
        assert_eq!(score_of(json!("999999999999999999999999999")), Ok(100));
        assert_eq!(score_of(json!(true)), Ok(1));
        assert_eq!(score_of(json!(false)), Ok(0));
    }

    #[test]
    fn a_non_numeric_score_is_rejected() {
        for raw in [
            json!("88.9"),
            json!("high"),
            json!(""),
            json!([5]),
            json!({"v": 5}),
        ] {
            assert_eq!(
                score_of(raw.clone()),
                Err(MotionRejection::NonNumericScore),
                "{raw}"
            );
        }
    }

    #[test]
    fn a_missing_score_is_rejected() {
        assert_eq!(score_of(Value::Null), Err(MotionRejection::MissingScore));
        assert_eq!(
            read_motion(&json!({"segment_seq": 3}), now()),
            Err(MotionRejection::MissingScore)
        );
        assert_eq!(
            read_motion(&json!([1, 2]), now()),
            Err(MotionRejection::MissingScore),
            "not an object: no score"
        );
    }

    #[test]
    fn an_unreadable_or_absent_timestamp_is_now() {
        for report in [
            json!({"score": 5}),
            json!({"score": 5, "timestamp": null}),
            json!({"score": 5, "timestamp": "not-a-date"}),
            json!({"score": 5, "timestamp": ""}),
            json!({"score": 5, "timestamp": 1_764_244_800}),
            json!({"score": 5, "timestamp": "2026-13-01T00:00:00"}),
        ] {
            assert_eq!(
                read_motion(&report, now()).unwrap().timestamp,
                now(),
                "{report}"
            );
        }
    }

    #[test]
    fn an_iso_timestamp_is_kept_with_its_offset_dropped() {
        let at = |raw: &str| {
            read_motion(&json!({"score": 5, "timestamp": raw}), now())
                .unwrap()
                .timestamp
                .format("%Y-%m-%dT%H:%M:%S%.f")
                .to_string()
        };
        assert_eq!(at("2026-11-26T23:39:06"), "2026-11-26T23:39:06");
        assert_eq!(
            at("2026-11-26T23:39:06.694811208+00:00"),
            "2026-11-26T23:39:06.694811",
            "what the CloudNode sends: nanoseconds cut to microseconds"
        );
        assert_eq!(
            at("2026-11-26T23:39:06+05:00"),
            "2026-11-26T23:39:06",
            "not converted to UTC"
        );
        assert_eq!(at("2026-11-26T23:39:06.5-08:00"), "2026-11-26T23:39:06.500");
        assert_eq!(at("2026-11-26T23:39:06Z"), "2026-11-26T23:39:06");
    }

    #[test]
    fn segment_seq_is_an_integer_or_none() {
        let seq = |raw: Value| {
            read_motion(&json!({"score": 5, "segment_seq": raw}), now())
                .unwrap()
                .segment_seq
        };
        assert_eq!(seq(json!(17)), Some(17));
        assert_eq!(seq(json!("17")), Some(17));
        assert_eq!(seq(json!(17.9)), Some(17));
        assert_eq!(seq(json!("seventeen")), None);
        assert_eq!(seq(json!("17.5")), None);
        assert_eq!(seq(json!(null)), None);
        assert_eq!(seq(json!([17])), None);
        assert_eq!(seq(json!(u64::MAX)), None, "beyond 64 bits");
        assert_eq!(
            read_motion(&json!({"score": 5}), now())
                .unwrap()
                .segment_seq,
            None
        );
    }

    #[test]
    fn the_socket_payload_names_its_camera() {
        assert_eq!(
            socket_camera_id(&json!({"camera_id": "abcd1234_cam0"})),
            Ok(CameraId::new("abcd1234_cam0"))
        );
        for payload in [
            json!({}),
            json!({"camera_id": ""}),
            json!({"camera_id": null}),
            json!({"camera_id": 7}),
            json!("abcd1234_cam0"),
        ] {
            assert_eq!(
                socket_camera_id(&payload),
                Err(MotionRejection::MissingCameraId),
                "{payload}"
            );
        }
    }

    #[test]
    fn rejections_have_stable_codes() {
        assert_eq!(MotionRejection::MissingScore.code(), "missing_score");
        assert_eq!(MotionRejection::NonNumericScore.code(), "invalid_score");
        assert_eq!(MotionRejection::MissingCameraId.code(), "missing_camera_id");
    }
}
