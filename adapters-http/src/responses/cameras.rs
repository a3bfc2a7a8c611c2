//! Cameras (docs/rest-api.md §0.6 "Camera object", §1).

use chrono::NaiveDateTime;
use sentinel_domain::fleet::{CameraListing, RecordingPolicy};
use sentinel_domain::ids::{CameraId, NodeId};
use serde::Serialize;
use utoipa::ToSchema;

/// The Camera object of the contract (list, detail, and the MCP camera tools).
#[derive(Debug, Serialize, ToSchema)]
pub struct CameraItem {
    #[schema(value_type = String)]
    pub camera_id: CameraId,
    pub name: String,
    /// The owning node's id; `null` for an orphaned camera.
    #[schema(value_type = Option<String>)]
    pub node_id: Option<NodeId>,
    pub node_name: Option<String>,
    pub node_type: Option<String>,
    /// `[]` when none were reported.
    pub capabilities: Vec<String>,
    pub group_id: Option<i64>,
    /// The group's name.
    pub group: Option<String>,
    /// Effective status: `offline` once the camera went quiet for 90 s, else what the node
    /// reported (`online`, `streaming`, `failed`, ...).
    pub status: String,
    /// Only while the status is `restarting`, `failed` or `error`.
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_seen: Option<NaiveDateTime>,
    pub disabled_by_plan: bool,
    pub recording_policy: RecordingPolicyBody,
}

impl CameraItem {
    /// The camera as seen at `now` (status and error depend on the heartbeat's age).
    pub fn new(listing: &CameraListing, now: NaiveDateTime) -> Self {
        let camera = &listing.camera;
        Self {
            camera_id: camera.camera_id.clone(),
            name: camera.name.clone(),
            node_id: listing.node_id.clone(),
            node_name: listing.node_name.clone(),
            node_type: camera.node_type.clone(),
            capabilities: camera.capability_list(),
            group_id: camera.group_id,
            group: listing.group_name.clone(),
            status: camera.effective_status(now),
            last_error: camera.visible_last_error(now).map(str::to_owned),
            last_seen: camera.last_seen,
            disabled_by_plan: camera.disabled_by_plan,
            recording_policy: RecordingPolicyBody::from(&camera.recording),
        }
    }
}

/// A camera's `recording_policy`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingPolicyBody {
    pub continuous_24_7: bool,
    pub scheduled_recording: bool,
    /// `HH:MM`, or `null` when not configured.
    pub scheduled_start: Option<String>,
    /// `HH:MM`, or `null` when not configured.
    pub scheduled_end: Option<String>,
}

impl From<&RecordingPolicy> for RecordingPolicyBody {
    fn from(policy: &RecordingPolicy) -> Self {
        Self {
            continuous_24_7: policy.continuous_24_7,
            scheduled_recording: policy.scheduled_recording,
            scheduled_start: policy.scheduled_start.clone(),
            scheduled_end: policy.scheduled_end.clone(),
        }
    }
}

/// The manual record toggle's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingToggled {
    pub success: bool,
    #[schema(value_type = String)]
    pub camera_id: CameraId,
    /// The new `continuous_24_7`.
    pub recording: bool,
}

/// The recording policy after a PATCH.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingSettingsUpdated {
    pub success: bool,
    #[schema(value_type = String)]
    pub camera_id: CameraId,
    pub recording_policy: RecordingPolicyBody,
}
