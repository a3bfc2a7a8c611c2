//! Motion views (notifications-email-webhooks.md "Motion REST", §3).
//!
//! Timestamps are naive UTC in Python's `isoformat()` (no offset), so the document gives
//! their pattern: `format: date-time` would demand an offset.

use chrono::NaiveDateTime;
use sentinel_domain::motion::MotionEvent;
use sentinel_ports::driven::motion_events::MotionDetected;
use sentinel_ports::driven::repos::MotionCameraStats;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct MotionEventItem {
    pub id: i64,
    pub org_id: String,
    pub camera_id: String,
    pub node_id: String,
    /// 0–100.
    pub score: i32,
    pub segment_seq: Option<i64>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub timestamp: Option<NaiveDateTime>,
}

impl From<&MotionEvent> for MotionEventItem {
    fn from(event: &MotionEvent) -> Self {
        Self {
            id: event.id,
            org_id: event.org_id.as_str().to_owned(),
            camera_id: event.camera_id.as_str().to_owned(),
            node_id: event.node_id.as_str().to_owned(),
            score: event.score,
            segment_seq: event.segment_seq,
            timestamp: event.timestamp,
        }
    }
}

/// The org's recent events, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MotionEventsPage {
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub hours: i64,
    pub events: Vec<MotionEventItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CameraMotion {
    pub camera_id: String,
    pub event_count: i64,
    pub peak_score: Option<i32>,
    /// The latest event's time.
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub latest: Option<NaiveDateTime>,
}

impl From<&MotionCameraStats> for CameraMotion {
    fn from(camera: &MotionCameraStats) -> Self {
        Self {
            camera_id: camera.camera_id.as_str().to_owned(),
            event_count: camera.event_count,
            peak_score: camera.peak_score,
            latest: camera.latest,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MotionStats {
    pub hours: i64,
    pub cameras: Vec<CameraMotion>,
}

/// A `data:` frame of the motion stream (after the `connected` frame).
#[derive(Debug, Serialize, ToSchema)]
pub struct MotionFrame {
    /// Always `motion`.
    #[serde(rename = "type")]
    pub frame_type: &'static str,
    pub camera_id: String,
    pub node_id: String,
    pub score: i32,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub timestamp: NaiveDateTime,
}

impl From<&MotionDetected> for MotionFrame {
    fn from(event: &MotionDetected) -> Self {
        Self {
            frame_type: "motion",
            camera_id: event.camera_id.as_str().to_owned(),
            node_id: event.node_id.as_str().to_owned(),
            score: event.score,
            timestamp: event.timestamp,
        }
    }
}
