//! Incidents for both surfaces: the REST API (`/api/incidents`, integration-and-sentinel.md
//! §2, rest-api.md §5) and the MCP tools (mcp.md §4.1–§4.2). One set of use cases; where the
//! surfaces differ (text limits, the daily cap, wording, the notification's `created_by`
//! marker) the [`Author`] decides, and the `check_*` functions expose the MCP tools'
//! pre-authentication argument checks on their own.
//!
//! Every function is **blocking** (repository work): call it through `crate::blocking::unblock` from
//! async code. Errors carry data, not HTTP: [`IncidentError`]'s `Display` is the MCP tool
//! text; the REST handlers map variants to their status and wording.
//!
//! [`Incidents`] holds the use cases (create, update, finalize, delete, list, counts,
//! evidence); the pre-authentication checks ([`check_draft`], [`check_patch`],
//! [`check_final_report`], [`check_observation_text`]) and the clip cutters
//! ([`cut_clip`], [`clip_from_segments`]) need no ports and stay free functions.

mod evidence;
mod lifecycle;
mod queries;

pub use evidence::{AttachedClip, ClipCut, clip_from_segments, cut_clip};
pub use lifecycle::{
    CheckedDraft, CheckedPatch, IncidentDraft, IncidentPatch, check_draft, check_final_report,
    check_observation_text, check_patch,
};
pub use queries::{ClipInfo, EvidenceDownload, SnapshotImage};

use crate::notifications::Notifier;
use sentinel_ports::driven::repos::{CameraRepo, IncidentRepo, Repositories};
use std::sync::Arc;

/// The incident use cases of both surfaces.
pub struct Incidents {
    incidents: Arc<dyn IncidentRepo>,
    cameras: Arc<dyn CameraRepo>,
    notifier: Arc<Notifier>,
}

impl Incidents {
    pub fn new(repos: &Repositories, notifier: Arc<Notifier>) -> Self {
        Self {
            incidents: repos.incidents.clone(),
            cameras: repos.cameras.clone(),
            notifier,
        }
    }
}

use sentinel_domain::incidents::{Evidence, Incident, InvalidSeverity, InvalidStatus, TextError};
use sentinel_ports::driven::repos::RepoError;

pub use sentinel_domain::incidents::{Author, Surface};

/// An incident with its evidence (metadata only, ordered by timestamp).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub evidence: Vec<Evidence>,
}

/// Why an incident operation failed. `Display` is the MCP tools' text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IncidentError {
    /// REST wording: the inner error's `Display` (`Invalid severity: <x>`).
    #[error("{}", .0.mcp_message())]
    InvalidSeverity(InvalidSeverity),
    /// REST wording: the inner error's `Display` (`Invalid status: <x>`).
    #[error("{}", .0.mcp_message())]
    InvalidStatus(InvalidStatus),
    #[error(transparent)]
    Text(#[from] TextError),
    /// MCP only: 200 incidents per org per UTC day.
    #[error(
        "Daily incident-creation cap reached (200/day). Update or add evidence to an existing incident instead; the cap resets at 00:00 UTC."
    )]
    DailyCapReached,
    /// `create_incident` (both surfaces; REST answers 400).
    #[error("Camera '{0}' not found")]
    CameraNotFound(String),
    /// `add_observation`'s wording.
    #[error("Camera '{0}' not found in this organization")]
    CameraNotInOrg(String),
    /// REST wording `Incident not found` (404).
    #[error("Incident {0} not found")]
    IncidentNotFound(i64),
    /// REST: no such evidence on the incident, or it has no data (404).
    #[error("Evidence blob not found")]
    EvidenceBlobNotFound,
    /// REST: the playlist of something that is not a clip with data (404).
    #[error("Clip not found")]
    ClipNotFound,
    #[error("Evidence {evidence_id} not found on incident {incident_id}")]
    EvidenceNotOnIncident { incident_id: i64, evidence_id: i64 },
    #[error("Evidence {0} is not a snapshot with attached image data")]
    NotASnapshot(i64),
    #[error("Evidence {0} is not a clip with attached video data")]
    NotAClip(i64),
    #[error(
        "Incident {0} already has a report. Use update_incident with the full revised text to change it."
    )]
    AlreadyHasReport(i64),
    #[error(
        "No buffered segments for camera '{0}'. The stream must be live (the CameraNode pushing video) for a clip to be cut; check the camera status and try again."
    )]
    NoBufferedSegments(String),
    #[error("Buffer entries for '{0}' were evicted while the clip was being cut; try again.")]
    BufferEvicted(String),
    #[error(transparent)]
    Storage(#[from] RepoError),
}

impl From<InvalidSeverity> for IncidentError {
    fn from(error: InvalidSeverity) -> Self {
        Self::InvalidSeverity(error)
    }
}

impl From<InvalidStatus> for IncidentError {
    fn from(error: InvalidStatus) -> Self {
        Self::InvalidStatus(error)
    }
}
