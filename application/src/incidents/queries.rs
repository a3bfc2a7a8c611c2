//! Reading incidents and their evidence.

use super::{IncidentDetail, IncidentError};
use sentinel_domain::ids::OrgId;
use sentinel_domain::incidents::{
    Evidence, EvidenceKind, Incident, IncidentCounts, IncidentPage, IncidentQuery, mime_duration,
    mime_essence,
};
use sentinel_ports::driven::repos::RepoResult;

impl super::Incidents {
    /// The org's incidents, newest first, with their evidence counts (no evidence lists).
    pub fn list_incidents(&self, org: &OrgId, query: &IncidentQuery) -> RepoResult<IncidentPage> {
        self.incidents.list(org, query)
    }

    /// `{open, open_critical, open_high, total}`.
    pub fn incident_counts(&self, org: &OrgId) -> RepoResult<IncidentCounts> {
        self.incidents.counts(org)
    }

    /// The org's incident, or [`IncidentError::IncidentNotFound`] (also for another org's).
    pub fn require_incident(
        &self,
        org: &OrgId,
        incident_id: i64,
    ) -> Result<Incident, IncidentError> {
        self.incidents
            .get(org, incident_id)?
            .ok_or(IncidentError::IncidentNotFound(incident_id))
    }

    /// The incident with its evidence, ordered by timestamp.
    pub fn get_incident(
        &self,
        org: &OrgId,
        incident_id: i64,
    ) -> Result<IncidentDetail, IncidentError> {
        let incident = self.require_incident(org, incident_id)?;
        let evidence = self.incidents.evidence(org, incident_id)?;
        Ok(IncidentDetail { incident, evidence })
    }

    /// The raw bytes of an evidence row: [`IncidentError::IncidentNotFound`] first, then
    /// [`IncidentError::EvidenceBlobNotFound`] for an unknown id, another incident's evidence
    /// or one without data (an observation).
    pub fn evidence_download(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> Result<EvidenceDownload, IncidentError> {
        self.require_incident(org, incident_id)?;
        let blob = self
            .incidents
            .evidence_blob(org, incident_id, evidence_id)?
            .filter(|blob| !blob.data.is_empty())
            .ok_or(IncidentError::EvidenceBlobNotFound)?;
        Ok(EvidenceDownload {
            content_type: mime_essence(blob.evidence.data_mime.as_deref())
                .unwrap_or("application/octet-stream")
                .to_owned(),
            data: blob.data,
        })
    }

    /// The synthetic single-segment VOD playlist of a clip: [`IncidentError::IncidentNotFound`]
    /// first, then [`IncidentError::ClipNotFound`] unless the evidence is a clip with data.
    pub fn clip_playlist(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> Result<String, IncidentError> {
        self.require_incident(org, incident_id)?;
        let evidence = self
            .incidents
            .get_evidence(org, incident_id, evidence_id)?
            .filter(|e| e.is_kind(EvidenceKind::Clip) && e.data_len.unwrap_or(0) > 0)
            .ok_or(IncidentError::ClipNotFound)?;
        Ok(sentinel_domain::incidents::clip_playlist(
            incident_id,
            evidence_id,
            evidence.data_mime.as_deref(),
        ))
    }

    /// MCP `get_incident_snapshot`: the incident, the evidence on it, and a snapshot with data.
    pub fn incident_snapshot(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> Result<SnapshotImage, IncidentError> {
        let evidence = self.evidence_on_incident(org, incident_id, evidence_id)?;
        if !evidence.is_kind(EvidenceKind::Snapshot) || evidence.data_len.unwrap_or(0) == 0 {
            return Err(IncidentError::NotASnapshot(evidence_id));
        }
        let blob = self
            .incidents
            .evidence_blob(org, incident_id, evidence_id)?
            .ok_or(IncidentError::NotASnapshot(evidence_id))?;
        let format = match mime_essence(blob.evidence.data_mime.as_deref()) {
            Some("image/png") => "png",
            Some("image/webp") => "webp",
            _ => "jpeg",
        };
        Ok(SnapshotImage {
            data: blob.data,
            format,
        })
    }

    /// MCP `get_incident_clip`: the clip's evidence with its mime, duration and size.
    pub fn incident_clip_info(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> Result<ClipInfo, IncidentError> {
        let evidence = self.evidence_on_incident(org, incident_id, evidence_id)?;
        if !evidence.is_kind(EvidenceKind::Clip) || evidence.data_len.unwrap_or(0) == 0 {
            return Err(IncidentError::NotAClip(evidence_id));
        }
        let mime = evidence.data_mime.as_deref();
        Ok(ClipInfo {
            mime: mime_essence(mime).unwrap_or("video/mp2t").to_owned(),
            approx_duration_seconds: mime_duration(mime),
            bytes: evidence.data_len.unwrap_or(0),
            evidence,
        })
    }

    /// The org's incident, then the evidence on it (MCP wording when it is not).
    fn evidence_on_incident(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> Result<Evidence, IncidentError> {
        self.require_incident(org, incident_id)?;
        self.incidents
            .get_evidence(org, incident_id, evidence_id)?
            .ok_or(IncidentError::EvidenceNotOnIncident {
                incident_id,
                evidence_id,
            })
    }
}

/// An evidence blob as the REST download serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceDownload {
    /// `data_mime` without parameters, else `application/octet-stream`.
    pub content_type: String,
    pub data: Vec<u8>,
}

/// A snapshot's image, for MCP `get_incident_snapshot`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotImage {
    pub data: Vec<u8>,
    /// `jpeg`, `png` or `webp` (anything unknown is served as JPEG).
    pub format: &'static str,
}

/// What MCP `get_incident_clip` tells about a clip (the video itself is for humans, in the
/// dashboard).
#[derive(Debug, Clone, PartialEq)]
pub struct ClipInfo {
    pub evidence: Evidence,
    /// The mime type without parameters (`video/mp2t` when none is stored).
    pub mime: String,
    /// The stored `duration=` parameter, when readable.
    pub approx_duration_seconds: Option<f64>,
    pub bytes: i64,
}
