//! Camera, group, node and recording-policy tools (mcp.md §4.1, §4.2).

use super::{ToolError, ToolResult};
use sentinel_domain::fleet::{
    CameraGroupListing, CameraListing, HhMm, NodeListing, RecordingPolicy,
};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};

impl super::McpTools {
    pub fn list_cameras(&self, org: &OrgId) -> ToolResult<Vec<CameraListing>> {
        Ok(self.cameras.list(org)?)
    }

    /// The org's camera, or `Camera '<id>' not found`.
    pub fn get_camera(&self, org: &OrgId, camera_id: &str) -> ToolResult<CameraListing> {
        self.cameras
            .get_listing(org, &CameraId::new(camera_id))?
            .ok_or_else(|| camera_not_found(camera_id))
    }

    pub fn stream_url(&self, org: &OrgId, camera_id: &str) -> ToolResult<StreamUrl> {
        let listing = self.get_camera(org, camera_id)?;
        let camera_id = listing.camera.camera_id.into_inner();
        Ok(StreamUrl {
            stream_url: format!("/api/cameras/{camera_id}/stream.m3u8"),
            camera_id,
            format: "HLS",
            note: "Fetching the stream requires an Authorization: Bearer <session token> header \
                   (a signed-in dashboard user); MCP keys do not open it.",
        })
    }

    pub fn list_groups(&self, org: &OrgId) -> ToolResult<Vec<CameraGroupListing>> {
        Ok(self.groups.list(org)?)
    }

    pub fn list_nodes(&self, org: &OrgId) -> ToolResult<Vec<NodeListing>> {
        Ok(self.nodes.list(org)?)
    }

    /// The org's node, or `Node '<id>' not found`.
    pub fn get_node(&self, org: &OrgId, node_id: &str) -> ToolResult<NodeListing> {
        self.nodes
            .get_listing(org, &NodeId::new(node_id))?
            .ok_or_else(|| ToolError::refused(format!("Node '{node_id}' not found")))
    }

    /// A camera's policy; `None` for an unknown camera (reported as a result, not an error).
    pub fn recording_policy(
        &self,
        org: &OrgId,
        camera_id: &str,
    ) -> ToolResult<Option<RecordingPolicy>> {
        Ok(self
            .cameras
            .get(org, &CameraId::new(camera_id))?
            .map(|camera| camera.recording))
    }

    /// Applies `change` to the org's camera (times are the org's local `HH:MM`, stored as
    /// given), refusing a bad time or both modes on.
    pub fn set_recording_policy(
        &self,
        org: &OrgId,
        camera_id: &str,
        change: &PolicyChange,
    ) -> ToolResult<PolicyOutcome> {
        let id = CameraId::new(camera_id);
        let Some(camera) = self.cameras.get(org, &id)? else {
            return Ok(PolicyOutcome::CameraNotFound);
        };
        for (field, value) in [
            ("scheduled_start", &change.scheduled_start),
            ("scheduled_end", &change.scheduled_end),
        ] {
            if let Some(time) = value.as_deref().filter(|time| !time.is_empty())
                && !HhMm::is_valid(time)
            {
                return Ok(PolicyOutcome::InvalidTime {
                    field,
                    value: time.to_owned(),
                });
            }
        }
        let current = camera.recording;
        let clearable = |value: &Option<String>, current: Option<String>| match value {
            None => current,
            Some(time) if time.is_empty() => None,
            Some(time) => Some(time.clone()),
        };
        let policy = RecordingPolicy {
            continuous_24_7: change.continuous_24_7.unwrap_or(current.continuous_24_7),
            scheduled_recording: change
                .scheduled_recording
                .unwrap_or(current.scheduled_recording),
            scheduled_start: clearable(&change.scheduled_start, current.scheduled_start),
            scheduled_end: clearable(&change.scheduled_end, current.scheduled_end),
        };
        if policy.has_conflicting_modes() {
            return Ok(PolicyOutcome::ModesConflict);
        }
        self.cameras.set_recording_policy(org, &id, &policy)?;
        Ok(PolicyOutcome::Updated(policy))
    }
}

/// Where a camera's live HLS playlist is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamUrl {
    pub camera_id: String,
    pub stream_url: String,
    pub format: &'static str,
    pub note: &'static str,
}

/// A partial policy change: `None` leaves a field alone; an empty time clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyChange {
    pub continuous_24_7: Option<bool>,
    pub scheduled_recording: Option<bool>,
    pub scheduled_start: Option<String>,
    pub scheduled_end: Option<String>,
}

/// What `set_camera_recording_policy` did; only `Updated` wrote anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyOutcome {
    Updated(RecordingPolicy),
    CameraNotFound,
    InvalidTime { field: &'static str, value: String },
    ModesConflict,
}

pub const MODES_CONFLICT: &str = "continuous_24_7 and scheduled_recording cannot both be true. \
     Pick one mode, or turn the other off in the same call.";

fn camera_not_found(camera_id: &str) -> ToolError {
    ToolError::refused(format!("Camera '{camera_id}' not found"))
}
