//! Filing, changing, finalising and deleting incidents.

use super::{Author, IncidentDetail, IncidentError, Surface};
use chrono::NaiveDateTime;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::incidents::{
    IncidentState, MAX_OBSERVATION_CHARS, MAX_REPORT_CHARS, MAX_SUMMARY_CHARS,
    MCP_DAILY_INCIDENT_CAP, NewIncident, Severity, Status, TextError, char_len, resolve_transition,
    stored_title,
};
use sentinel_domain::notifications::kinds;
use sentinel_ports::driven::repos::RepoError;

/// What a caller asks to file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentDraft {
    pub title: String,
    pub summary: String,
    /// `None` means `medium`.
    pub severity: Option<String>,
    pub camera_id: Option<String>,
}

/// A draft that passed the argument checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDraft {
    pub title: String,
    pub summary: String,
    pub severity: Severity,
    pub camera_id: Option<CameraId>,
}

/// What a caller asks to change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncidentPatch {
    /// Ours, REST only: the original could not retitle an incident.
    pub title: Option<String>,
    pub status: Option<String>,
    pub severity: Option<String>,
    pub summary: Option<String>,
    pub report: Option<String>,
}

/// A patch whose enums parsed (texts are checked against the incident's surface later).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckedPatch {
    /// Trimmed and cut to 200 characters, not blank.
    pub title: Option<String>,
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    pub summary: Option<String>,
    pub report: Option<String>,
}

/// The argument checks of filing, in the surfaces' order: severity, title, summary (and,
/// on MCP, the summary's 2 000-character cap). Runs before authentication on MCP.
pub fn check_draft(draft: &IncidentDraft, surface: Surface) -> Result<CheckedDraft, IncidentError> {
    let severity = Severity::parse(draft.severity.as_deref().unwrap_or("medium"))?;
    let title = stored_title(&draft.title);
    if title.is_empty() {
        return Err(TextError::TitleRequired.into());
    }
    let summary = draft.summary.trim();
    if summary.is_empty() {
        return Err(TextError::SummaryRequired.into());
    }
    if surface == Surface::Mcp && char_len(&draft.summary) > MAX_SUMMARY_CHARS {
        return Err(TextError::SummaryTooLong(char_len(&draft.summary)).into());
    }
    Ok(CheckedDraft {
        title,
        summary: summary.to_owned(),
        severity,
        camera_id: draft
            .camera_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map(CameraId::new),
    })
}

impl super::Incidents {
    /// Files an incident: checks the draft, then (MCP) the org's daily cap, then the camera,
    /// stores it `open` with `created_by` = the author's label, and emits `incident_created`
    /// (MCP-filed ones marked `created_by: "mcp"` so Sentinel never dispatches on them; a
    /// failed notification never fails the filing). Returns it with its (empty) evidence.
    pub fn create_incident(
        &self,
        org: &OrgId,
        draft: &IncidentDraft,
        author: &Author,
        at: NaiveDateTime,
    ) -> Result<IncidentDetail, IncidentError> {
        let draft = check_draft(draft, author.surface())?;
        if author.surface() == Surface::Mcp {
            let midnight = at.date().and_time(chrono::NaiveTime::MIN);
            if self.incidents.count_created_since(org, midnight)? >= MCP_DAILY_INCIDENT_CAP {
                return Err(IncidentError::DailyCapReached);
            }
        }
        if let Some(camera_id) = &draft.camera_id
            && self.cameras.get(org, camera_id)?.is_none()
        {
            return Err(IncidentError::CameraNotFound(camera_id.as_str().to_owned()));
        }
        let incident = self.incidents.create(
            org,
            &NewIncident {
                camera_id: draft.camera_id,
                title: draft.title,
                summary: draft.summary,
                severity: draft.severity,
                created_by: author.label(),
            },
            at,
        )?;
        let notification = kinds::incident_created(
            incident.id,
            &incident.title,
            &incident.summary,
            incident.severity.as_str(),
            incident.camera_id.as_deref(),
            author.is_mcp(),
        );
        self.notifier.create(org, notification, at);
        Ok(IncidentDetail {
            incident,
            evidence: Vec::new(),
        })
    }

    /// Applies a patch. A status change closes (stamps `resolved_at`/`resolved_by` with the
    /// author's label), reopens (clears them) or keeps them. REST stores summary and report
    /// verbatim; MCP requires a non-blank summary of at most 2 000 characters and a report of
    /// at most 64 000, both stored trimmed. Any failure writes nothing. `updated_at` moves only
    /// when something changed. Returns the incident with its evidence.
    pub fn update_incident(
        &self,
        org: &OrgId,
        incident_id: i64,
        patch: &IncidentPatch,
        author: &Author,
        at: NaiveDateTime,
    ) -> Result<IncidentDetail, IncidentError> {
        let surface = author.surface();
        let patch = check_patch(patch, surface)?;
        let incident = self.require_incident(org, incident_id)?;
        let mut state = incident.state();
        if let Some(title) = patch.title {
            state.title = title;
        }
        if let Some(status) = patch.status {
            (state.resolved_at, state.resolved_by) =
                resolve_transition(&state, status, &author.label(), at);
            state.status = status;
        }
        if let Some(severity) = patch.severity {
            state.severity = severity;
        }
        if let Some(summary) = patch.summary {
            state.summary = match surface {
                Surface::Rest => summary,
                Surface::Mcp => mcp_summary(&summary)?,
            };
        }
        if let Some(report) = patch.report {
            state.report = Some(match surface {
                Surface::Rest => report,
                Surface::Mcp => bounded_report(&report)?,
            });
        }
        self.save_state(org, incident_id, &state, at)
    }

    /// Writes the incident's final report, once: an incident that already has a non-blank
    /// report is refused (revisions go through `update_incident`).
    pub fn finalize_incident(
        &self,
        org: &OrgId,
        incident_id: i64,
        report: &str,
        at: NaiveDateTime,
    ) -> Result<IncidentDetail, IncidentError> {
        let report = check_final_report(report)?;
        let incident = self.require_incident(org, incident_id)?;
        if incident.has_report() {
            return Err(IncidentError::AlreadyHasReport(incident_id));
        }
        let mut state = incident.state();
        state.report = Some(report);
        self.save_state(org, incident_id, &state, at)
    }

    /// Writes the incident's new state and returns it with its evidence.
    fn save_state(
        &self,
        org: &OrgId,
        incident_id: i64,
        state: &IncidentState,
        at: NaiveDateTime,
    ) -> Result<IncidentDetail, IncidentError> {
        let incident = self
            .incidents
            .update(org, incident_id, state, at)
            .map_err(|error| not_found_as(error, incident_id))?;
        let evidence = self.incidents.evidence(org, incident_id)?;
        Ok(IncidentDetail { incident, evidence })
    }

    /// Deletes the incident and its evidence.
    pub fn delete_incident(&self, org: &OrgId, incident_id: i64) -> Result<(), IncidentError> {
        self.incidents
            .delete(org, incident_id)
            .map_err(|error| not_found_as(error, incident_id))
    }
}

/// The argument checks of an update: status and severity must parse; on MCP a given
/// report must not be blank. Runs before authentication on MCP.
pub fn check_patch(patch: &IncidentPatch, surface: Surface) -> Result<CheckedPatch, IncidentError> {
    let status = patch.status.as_deref().map(Status::parse).transpose()?;
    let severity = patch.severity.as_deref().map(Severity::parse).transpose()?;
    let title = patch.title.as_deref().map(stored_title);
    if title.as_deref().is_some_and(str::is_empty) {
        return Err(TextError::TitleRequired.into());
    }
    if surface == Surface::Mcp && patch.report.as_deref().is_some_and(|r| r.trim().is_empty()) {
        return Err(TextError::ReportEmpty.into());
    }
    Ok(CheckedPatch {
        title,
        status,
        severity,
        summary: patch.summary.clone(),
        report: patch.report.clone(),
    })
}

/// The argument check of `finalize_incident`: a non-blank report of at most 64 000
/// characters; returns it trimmed. Runs before authentication on MCP.
pub fn check_final_report(report: &str) -> Result<String, IncidentError> {
    if report.trim().is_empty() {
        return Err(TextError::ReportRequired.into());
    }
    bounded_report(report)
}

/// The argument check of `add_observation`: non-blank, at most 8 000 characters; returns
/// it trimmed. Runs before authentication on MCP.
pub fn check_observation_text(text: &str) -> Result<String, IncidentError> {
    if text.trim().is_empty() {
        return Err(TextError::TextRequired.into());
    }
    if char_len(text) > MAX_OBSERVATION_CHARS {
        return Err(TextError::TextTooLong(char_len(text)).into());
    }
    Ok(text.trim().to_owned())
}

fn mcp_summary(summary: &str) -> Result<String, IncidentError> {
    if summary.trim().is_empty() {
        return Err(TextError::SummaryRequired.into());
    }
    if char_len(summary) > MAX_SUMMARY_CHARS {
        return Err(TextError::SummaryTooLong(char_len(summary)).into());
    }
    Ok(summary.trim().to_owned())
}

fn bounded_report(report: &str) -> Result<String, IncidentError> {
    if char_len(report) > MAX_REPORT_CHARS {
        return Err(TextError::ReportTooLong(char_len(report)).into());
    }
    Ok(report.trim().to_owned())
}

/// A repository `NotFound` (the incident vanished between read and write) is the
/// incident's not-found.
pub(super) fn not_found_as(error: RepoError, incident_id: i64) -> IncidentError {
    match error {
        RepoError::NotFound(_) => IncidentError::IncidentNotFound(incident_id),
        other => IncidentError::Storage(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, summary: &str, severity: Option<&str>) -> IncidentDraft {
        IncidentDraft {
            title: title.into(),
            summary: summary.into(),
            severity: severity.map(str::to_owned),
            camera_id: None,
        }
    }

    #[test]
    fn drafts_are_checked_severity_first() {
        let error = check_draft(&draft(" ", " ", Some("huge")), Surface::Rest).unwrap_err();
        assert_eq!(
            error,
            IncidentError::InvalidSeverity(sentinel_domain::incidents::InvalidSeverity(
                "huge".into()
            ))
        );
        let error = check_draft(&draft(" ", " ", None), Surface::Rest).unwrap_err();
        assert_eq!(error.to_string(), "title is required");
        let error = check_draft(&draft("t", "\n", None), Surface::Rest).unwrap_err();
        assert_eq!(error.to_string(), "summary is required");
    }

    #[test]
    fn only_mcp_caps_the_summary() {
        let long = "x".repeat(2001);
        assert!(check_draft(&draft("t", &long, None), Surface::Rest).is_ok());
        assert_eq!(
            check_draft(&draft("t", &long, None), Surface::Mcp).unwrap_err(),
            IncidentError::Text(TextError::SummaryTooLong(2001))
        );
    }

    #[test]
    fn checked_drafts_are_trimmed_and_default_to_medium() {
        let checked = check_draft(&draft("  Fire ", " smoke ", None), Surface::Rest).unwrap();
        assert_eq!(checked.title, "Fire");
        assert_eq!(checked.summary, "smoke");
        assert_eq!(checked.severity, Severity::Medium);
    }

    #[test]
    fn mcp_patches_refuse_a_blank_report() {
        let patch = IncidentPatch {
            report: Some("  ".into()),
            ..IncidentPatch::default()
        };
        assert!(check_patch(&patch, Surface::Rest).is_ok());
        assert_eq!(
            check_patch(&patch, Surface::Mcp).unwrap_err(),
            IncidentError::Text(TextError::ReportEmpty)
        );
    }

    #[test]
    fn text_checks_trim_and_bound() {
        assert_eq!(check_final_report(" done ").unwrap(), "done");
        assert_eq!(
            check_final_report(" ").unwrap_err(),
            IncidentError::Text(TextError::ReportRequired)
        );
        assert_eq!(
            check_final_report(&"r".repeat(64_001)).unwrap_err(),
            IncidentError::Text(TextError::ReportTooLong(64_001))
        );
        assert_eq!(check_observation_text(" seen ").unwrap(), "seen");
        assert_eq!(
            check_observation_text(&"o".repeat(8_001)).unwrap_err(),
            IncidentError::Text(TextError::TextTooLong(8_001))
        );
    }
}
