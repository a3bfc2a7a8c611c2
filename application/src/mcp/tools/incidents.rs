//! The incident tools (mcp.md §4.1–§4.2) over the incident use cases: listing and reading
//! incidents and their evidence, filing, evidence (observations, live snapshots, clips),
//! updates and final reports. [`precheck`] is the argument validation some of them run
//! before authentication.

use super::snapshots::snapshot_error;
use super::{ToolError, ToolResult};
use crate::blocking::unblock;
use crate::incidents::{
    self, AttachedClip, ClipInfo, IncidentDetail, IncidentDraft, IncidentError, IncidentPatch,
    SnapshotImage, check_draft, check_final_report, check_observation_text, check_patch,
};
use crate::live::LiveError;
use chrono::NaiveDateTime;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::incidents::{
    Author, Evidence, IncidentPage, IncidentQuery, Severity, Status, Surface, clip_segment_count,
};

/// Filters and page of `list_incidents`, as given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListRequest {
    pub status: Option<String>,
    pub severity: Option<String>,
    pub camera_id: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The checks a tool runs on its arguments before authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precheck<'a> {
    List(&'a ListRequest),
    Create(&'a IncidentDraft),
    Observation(&'a str),
    Update(&'a IncidentPatch),
    Finalize(&'a str),
}

pub fn precheck(check: Precheck<'_>) -> ToolResult<()> {
    let checked = match check {
        Precheck::List(request) => query(request).map(|_| ()),
        Precheck::Create(draft) => check_draft(draft, Surface::Mcp).map(|_| ()),
        Precheck::Observation(text) => check_observation_text(text).map(|_| ()),
        Precheck::Update(patch) => check_patch(patch, Surface::Mcp).map(|_| ()),
        Precheck::Finalize(report) => check_final_report(report).map(|_| ()),
    };
    checked.map_err(tool_error)
}

impl super::McpTools {
    pub fn list_incidents(&self, org: &OrgId, request: &ListRequest) -> ToolResult<IncidentPage> {
        let query = query(request).map_err(tool_error)?;
        Ok(self.incidents.list_incidents(org, &query)?)
    }

    pub fn get_incident(&self, org: &OrgId, id: i64) -> ToolResult<IncidentDetail> {
        self.incidents.get_incident(org, id).map_err(tool_error)
    }

    pub fn incident_snapshot(
        &self,
        org: &OrgId,
        id: i64,
        evidence_id: i64,
    ) -> ToolResult<SnapshotImage> {
        self.incidents
            .incident_snapshot(org, id, evidence_id)
            .map_err(tool_error)
    }

    pub fn incident_clip(&self, org: &OrgId, id: i64, evidence_id: i64) -> ToolResult<ClipInfo> {
        self.incidents
            .incident_clip_info(org, id, evidence_id)
            .map_err(tool_error)
    }

    pub fn create_incident(
        &self,
        org: &OrgId,
        draft: &IncidentDraft,
        key_name: &str,
        at: NaiveDateTime,
    ) -> ToolResult<IncidentDetail> {
        self.incidents
            .create_incident(org, draft, &author(key_name), at)
            .map_err(tool_error)
    }

    pub fn add_observation(
        &self,
        org: &OrgId,
        id: i64,
        text: &str,
        camera_id: Option<&str>,
        at: NaiveDateTime,
    ) -> ToolResult<Evidence> {
        self.incidents
            .add_observation(org, id, text, camera_id, at)
            .map_err(tool_error)
    }

    /// The incident must be the org's before the camera is asked for a frame.
    pub async fn attach_snapshot(
        &self,
        org: &OrgId,
        id: i64,
        camera_id: &str,
        note: Option<String>,
        at: NaiveDateTime,
    ) -> ToolResult<Evidence> {
        let (incidents, owner) = (self.incidents.clone(), org.clone());
        unblock(move || incidents.require_incident(&owner, id).map_err(tool_error)).await?;
        let camera = CameraId::new(camera_id);
        let snapshot = self
            .snapshots
            .capture(org, &camera)
            .await
            .map_err(snapshot_error)?;
        let (incidents, org) = (self.incidents.clone(), org.clone());
        unblock(move || {
            incidents
                .attach_snapshot(&org, id, &camera, snapshot.jpeg, note.as_deref(), at)
                .map_err(tool_error)
        })
        .await
    }

    /// The incident and camera are checked, the newest segments read through the live
    /// pipeline (from the shared tier when one is attached, so any instance can cut the
    /// clip; never blocking the runtime), and the clip stored.
    pub async fn attach_clip(
        &self,
        org: &OrgId,
        id: i64,
        camera_id: &str,
        duration_seconds: i64,
        note: Option<String>,
        at: NaiveDateTime,
    ) -> ToolResult<AttachedClip> {
        let camera = CameraId::new(camera_id);
        let (incidents, owner, target) = (self.incidents.clone(), org.clone(), camera.clone());
        unblock(move || {
            incidents
                .check_clip_target(&owner, id, &target)
                .map_err(tool_error)
        })
        .await?;
        let segments = self
            .live
            .newest_segments(&camera, clip_segment_count(duration_seconds))
            .await
            .map_err(live_error)?;
        let clip = incidents::clip_from_segments(&camera, segments).map_err(tool_error)?;
        let (incidents, org) = (self.incidents.clone(), org.clone());
        unblock(move || {
            incidents
                .store_clip(&org, id, &camera, clip, note.as_deref(), at)
                .map_err(tool_error)
        })
        .await
    }

    pub fn update_incident(
        &self,
        org: &OrgId,
        id: i64,
        patch: &IncidentPatch,
        key_name: &str,
        at: NaiveDateTime,
    ) -> ToolResult<IncidentDetail> {
        self.incidents
            .update_incident(org, id, patch, &author(key_name), at)
            .map_err(tool_error)
    }

    pub fn finalize_incident(
        &self,
        org: &OrgId,
        id: i64,
        report: &str,
        at: NaiveDateTime,
    ) -> ToolResult<IncidentDetail> {
        self.incidents
            .finalize_incident(org, id, report, at)
            .map_err(tool_error)
    }
}

fn query(request: &ListRequest) -> Result<IncidentQuery, IncidentError> {
    let non_empty = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    Ok(IncidentQuery {
        status: non_empty(&request.status)
            .as_deref()
            .map(Status::parse)
            .transpose()?,
        severity: non_empty(&request.severity)
            .as_deref()
            .map(Severity::parse)
            .transpose()?,
        camera_id: non_empty(&request.camera_id),
        limit: request.limit,
        offset: request.offset,
    })
}

fn author(key_name: &str) -> Author {
    Author::Mcp(key_name.to_owned())
}

/// The use cases' texts are the tools' texts; storage trouble is not the caller's.
/// The only failure of a segment read is the shared live store not answering.
fn live_error(error: LiveError) -> ToolError {
    tracing::warn!(%error, "MCP clip read failed");
    ToolError::Failed("live store temporarily unavailable".to_owned())
}

fn tool_error(error: IncidentError) -> ToolError {
    match error {
        IncidentError::Storage(repo) => ToolError::from(repo),
        other => ToolError::Refused(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prechecks_word_errors_for_mcp() {
        let bad_status = ListRequest {
            status: Some("closed".into()),
            limit: 20,
            ..ListRequest::default()
        };
        assert_eq!(
            precheck(Precheck::List(&bad_status))
                .unwrap_err()
                .to_string(),
            "Invalid status 'closed'. Must be one of: open, acknowledged, resolved, dismissed"
        );
        let draft = IncidentDraft {
            title: "t".into(),
            summary: "s".into(),
            severity: Some("urgent".into()),
            camera_id: None,
        };
        assert!(
            precheck(Precheck::Create(&draft))
                .unwrap_err()
                .to_string()
                .starts_with("Invalid severity 'urgent'.")
        );
        assert!(precheck(Precheck::Observation("   ")).is_err());
        assert!(precheck(Precheck::Finalize("report")).is_ok());
    }
}
