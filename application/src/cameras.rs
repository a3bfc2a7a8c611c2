//! Operators managing cameras: listing, recording policy, groups.

use crate::audit_trail::{self, Actor};
use crate::group_changes::GroupChanges;
use chrono::NaiveDateTime;
use sentinel_domain::fleet::{
    CameraGroup, CameraGroupChanges, CameraGroupListing, CameraListing, HhMm, NewCameraGroup,
    RecordingPolicy,
};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_ports::driven::repos::{AuditRepo, CameraRepo, GroupRepo, RepoError, Repositories};
use serde_json::{Value, json};
use std::sync::Arc;

pub const DEFAULT_GROUP_COLOR: &str = "#22c55e";
pub const DEFAULT_GROUP_ICON: &str = "📁";

#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    #[error("Camera not found")]
    CameraNotFound,
    #[error("Group not found")]
    GroupNotFound,
    #[error("Group name already exists")]
    GroupNameTaken,
    #[error(
        "continuous_24_7 and scheduled_recording cannot both be true. Pick one mode — continuous OR scheduled — or turn the existing one off in the same PATCH."
    )]
    BothRecordingModes,
    #[error("{field} must be HH:MM (24 h)")]
    InvalidTime { field: &'static str },
    #[error(transparent)]
    Repo(RepoError),
}

impl From<RepoError> for CameraError {
    fn from(error: RepoError) -> Self {
        match error {
            RepoError::NotFound("camera") => Self::CameraNotFound,
            RepoError::NotFound("group") => Self::GroupNotFound,
            other => Self::Repo(other),
        }
    }
}

pub type CameraResult<T> = Result<T, CameraError>;

/// Listing cameras, their recording policy and groups: the ports it uses, picked from the
/// repository set when the app is wired.
pub struct CameraCatalog {
    cameras: Arc<dyn CameraRepo>,
    groups: Arc<dyn GroupRepo>,
    audit: Arc<dyn AuditRepo>,
    /// Told when cameras move between groups or a group goes.
    group_changes: Arc<GroupChanges>,
}

impl CameraCatalog {
    pub fn new(repos: &Repositories, group_changes: Arc<GroupChanges>) -> Self {
        Self {
            cameras: repos.cameras.clone(),
            groups: repos.groups.clone(),
            audit: repos.audit.clone(),
            group_changes,
        }
    }

    pub fn list_cameras(&self, org: &OrgId) -> CameraResult<Vec<CameraListing>> {
        Ok(self.cameras.list(org)?)
    }

    pub fn get_camera(&self, org: &OrgId, camera_id: &CameraId) -> CameraResult<CameraListing> {
        self.cameras
            .get_listing(org, camera_id)?
            .ok_or(CameraError::CameraNotFound)
    }

    /// The manual record toggle: sets `continuous_24_7` only (like the original, it may leave
    /// both modes on; the PATCH refuses that state).
    pub fn set_continuous_recording(
        &self,
        actor: &Actor,
        camera_id: &CameraId,
        recording: bool,
        at: NaiveDateTime,
    ) -> CameraResult<bool> {
        self.set_continuous_recording_via(actor, camera_id, recording, at, None)
    }

    /// [`Self::set_continuous_recording`] from another surface than the dashboard: `via` (e.g.
    /// `"integration"`) is added to the audit details.
    pub fn set_continuous_recording_via(
        &self,
        actor: &Actor,
        camera_id: &CameraId,
        recording: bool,
        at: NaiveDateTime,
        via: Option<&str>,
    ) -> CameraResult<bool> {
        let camera = self.get_camera(&actor.org_id, camera_id)?.camera;
        let policy = RecordingPolicy {
            continuous_24_7: recording,
            ..camera.recording
        };
        let details = recording_details(camera_id, recording, via);
        self.store_policy(actor, camera_id, &policy, at, "recording_toggled", &details)?;
        Ok(recording)
    }

    pub fn update_recording_policy(
        &self,
        actor: &Actor,
        camera_id: &CameraId,
        patch: &RecordingPolicyPatch,
        at: NaiveDateTime,
    ) -> CameraResult<RecordingPolicy> {
        for (field, value) in [
            ("scheduled_start", &patch.scheduled_start),
            ("scheduled_end", &patch.scheduled_end),
        ] {
            if let Some(Some(time)) = value
                && !HhMm::is_valid(time)
            {
                return Err(CameraError::InvalidTime { field });
            }
        }
        let current = self.get_camera(&actor.org_id, camera_id)?.camera.recording;
        let policy = RecordingPolicy {
            continuous_24_7: patch.continuous_24_7.unwrap_or(current.continuous_24_7),
            scheduled_recording: patch
                .scheduled_recording
                .unwrap_or(current.scheduled_recording),
            scheduled_start: patch
                .scheduled_start
                .clone()
                .unwrap_or(current.scheduled_start),
            scheduled_end: patch.scheduled_end.clone().unwrap_or(current.scheduled_end),
        };
        if policy.has_conflicting_modes() {
            return Err(CameraError::BothRecordingModes);
        }
        let details = json!({
            "camera_id": camera_id,
            "continuous_24_7": policy.continuous_24_7,
            "scheduled_recording": policy.scheduled_recording,
            "scheduled_start": policy.scheduled_start,
            "scheduled_end": policy.scheduled_end,
        });
        self.store_policy(
            actor,
            camera_id,
            &policy,
            at,
            "camera_recording_policy_updated",
            &details,
        )?;
        Ok(policy)
    }

    /// Writes the camera's policy, then its audit row.
    fn store_policy(
        &self,
        actor: &Actor,
        camera_id: &CameraId,
        policy: &RecordingPolicy,
        at: NaiveDateTime,
        event: &str,
        details: &Value,
    ) -> CameraResult<()> {
        self.cameras
            .set_recording_policy(&actor.org_id, camera_id, policy)?;
        audit_trail::record(self.audit.as_ref(), actor, at, event, Some(details));
        Ok(())
    }

    pub fn list_groups(&self, org: &OrgId) -> CameraResult<Vec<CameraGroupListing>> {
        Ok(self.groups.list(org)?)
    }

    /// Creates a group; names are unique within an org.
    pub fn create_group(
        &self,
        org: &OrgId,
        name: &str,
        color: Option<&str>,
        icon: Option<&str>,
        at: NaiveDateTime,
    ) -> CameraResult<(i64, String)> {
        let group = NewCameraGroup {
            name: name.to_owned(),
            color: color.unwrap_or(DEFAULT_GROUP_COLOR).to_owned(),
            icon: icon.unwrap_or(DEFAULT_GROUP_ICON).to_owned(),
            created_at: at,
        };
        match self.groups.create(org, &group) {
            Ok(created) => Ok((created.id, created.name)),
            Err(RepoError::Conflict(_)) => Err(CameraError::GroupNameTaken),
            Err(other) => Err(other.into()),
        }
    }

    /// Changes a group's name, colour or icon (absent fields keep theirs); its cameras stay
    /// in it.
    pub fn update_group(
        &self,
        org: &OrgId,
        group_id: i64,
        changes: &CameraGroupChanges,
    ) -> CameraResult<CameraGroup> {
        match self.groups.update(org, group_id, changes) {
            Ok(group) => Ok(group),
            Err(RepoError::NotFound(_)) => Err(CameraError::GroupNotFound),
            Err(RepoError::Conflict(_)) => Err(CameraError::GroupNameTaken),
            Err(other) => Err(other.into()),
        }
    }

    /// Deletes a group; its cameras become ungrouped. Returns the deleted group's name.
    pub fn delete_group(&self, org: &OrgId, group_id: i64) -> CameraResult<String> {
        // Read before the delete ungroups them: afterwards nothing says which they were. A
        // camera moved into the group between the two reads (an admin racing their own
        // delete) keeps its old group id in the directory until the entry's TTL.
        let members: Vec<CameraId> = self
            .cameras
            .list(org)?
            .into_iter()
            .filter(|listing| listing.camera.group_id == Some(group_id))
            .map(|listing| listing.camera.camera_id)
            .collect();
        match self.groups.delete(org, group_id) {
            Ok(group) => {
                self.group_changes.group_deleted(org, &members);
                Ok(group.name)
            }
            Err(RepoError::NotFound(_)) => Err(CameraError::GroupNotFound),
            Err(other) => Err(other.into()),
        }
    }

    /// Puts a camera in one of the org's groups, or in none.
    pub fn assign_group(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
        group_id: Option<i64>,
    ) -> CameraResult<()> {
        self.get_camera(org, camera_id)?;
        if let Some(group_id) = group_id
            && self.groups.get(org, group_id)?.is_none()
        {
            return Err(CameraError::GroupNotFound);
        }
        self.cameras.set_group(org, camera_id, group_id)?;
        self.group_changes
            .cameras_moved(org, std::slice::from_ref(camera_id));
        Ok(())
    }
}

fn recording_details(camera_id: &CameraId, recording: bool, via: Option<&str>) -> Value {
    let mut details = json!({"camera_id": camera_id, "recording": recording});
    if let (Some(via), Some(fields)) = (via, details.as_object_mut()) {
        fields.insert("via".to_owned(), Value::from(via));
    }
    details
}

/// A partial policy update: `None` leaves a field alone; for the times, `Some(None)` clears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordingPolicyPatch {
    pub continuous_24_7: Option<bool>,
    pub scheduled_recording: Option<bool>,
    pub scheduled_start: Option<Option<String>>,
    pub scheduled_end: Option<Option<String>>,
}
