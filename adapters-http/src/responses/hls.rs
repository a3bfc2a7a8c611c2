//! The live pipeline's node-facing answers (docs/rest-api.md §3).

use serde::Serialize;
use utoipa::ToSchema;

/// A segment was cached.
#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentPushed {
    pub success: bool,
    /// How many segments of this camera are cached now.
    pub cached_segments: usize,
}

/// A push that was taken: `Playlist updated` or `Codec updated`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PushAccepted {
    pub success: bool,
    pub message: &'static str,
}

impl PushAccepted {
    pub const fn new(message: &'static str) -> Self {
        Self {
            success: true,
            message,
        }
    }
}

/// A motion report's answer (always 200 once the node and camera check out: the node never
/// retries motion).
#[derive(Debug, Serialize, ToSchema)]
pub struct MotionReported {
    pub success: bool,
    pub ingested: bool,
    /// Only when `ingested` is `false`: `ingestion_disabled` (the org switched motion
    /// ingestion off; the body is not read), `missing_score`, `invalid_score` or
    /// `missing_camera_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

impl MotionReported {
    pub const fn ingested() -> Self {
        Self {
            success: true,
            ingested: true,
            reason: None,
        }
    }

    pub const fn dropped(reason: &'static str) -> Self {
        Self {
            success: true,
            ingested: false,
            reason: Some(reason),
        }
    }
}
