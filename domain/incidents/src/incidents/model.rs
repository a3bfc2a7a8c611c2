//! Incident and evidence rows, queries over them, and the resolve/reopen transition.

use super::enums::{Severity, Status};
use super::evidence::EvidenceKind;
use crate::ids::{CameraId, OrgId};
use chrono::NaiveDateTime;

/// An `incidents` row with its evidence count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub id: i64,
    pub org_id: OrgId,
    pub camera_id: Option<String>,
    pub title: String,
    pub summary: String,
    pub report: Option<String>,
    /// An unknown stored word reads as [`Severity::coerce`] makes it.
    pub severity: Severity,
    /// An unknown stored word reads as [`Status::coerce`] makes it.
    pub status: Status,
    pub created_by: String,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<String>,
    pub evidence_count: i64,
}

impl Incident {
    /// The fields an update may change, as they are now.
    pub fn state(&self) -> IncidentState {
        IncidentState {
            title: self.title.clone(),
            status: self.status,
            severity: self.severity,
            summary: self.summary.clone(),
            report: self.report.clone(),
            resolved_at: self.resolved_at,
            resolved_by: self.resolved_by.clone(),
        }
    }

    /// A report with something other than whitespace in it.
    pub fn has_report(&self) -> bool {
        self.report.as_deref().is_some_and(|r| !r.trim().is_empty())
    }
}

/// The mutable part of an incident; an update writes all of it (`updated_at` only when
/// something differs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentState {
    /// Trimmed and cut to 200 characters, never blank.
    pub title: String,
    pub status: Status,
    pub severity: Severity,
    pub summary: String,
    pub report: Option<String>,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<String>,
}

/// An incident to store: status `open`, timestamps `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncident {
    pub camera_id: Option<CameraId>,
    /// Already trimmed and cut to 200 characters.
    pub title: String,
    pub summary: String,
    pub severity: Severity,
    /// `user:<id>` or `mcp:<key name>`.
    pub created_by: String,
}

/// An `incident_evidence` row without its blob (`data_len` is the blob's size, if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: i64,
    pub incident_id: i64,
    /// Stored text: `observation`, `snapshot` or `clip` for every row this server writes.
    pub kind: String,
    pub text: Option<String>,
    pub camera_id: Option<String>,
    pub data_mime: Option<String>,
    pub timestamp: Option<NaiveDateTime>,
    pub data_len: Option<i64>,
}

impl Evidence {
    /// The API's `has_data`: a mime type is stored (observations have none).
    pub fn has_data(&self) -> bool {
        self.data_mime.is_some()
    }

    pub fn is_kind(&self, kind: EvidenceKind) -> bool {
        self.kind == kind.as_str()
    }
}

/// An evidence row with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceBlob {
    pub evidence: Evidence,
    pub data: Vec<u8>,
}

/// Evidence to attach to an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub kind: EvidenceKind,
    pub text: Option<String>,
    pub camera_id: Option<String>,
    pub data: Option<Vec<u8>>,
    pub data_mime: Option<String>,
}

/// A page of the org's incidents, newest `created_at` first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncidentQuery {
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    pub camera_id: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentPage {
    /// Every incident matching the filters.
    pub total: i64,
    pub incidents: Vec<Incident>,
}

/// The dashboard badge: open incidents, open ones by severity, and all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IncidentCounts {
    pub open: i64,
    pub open_critical: i64,
    pub open_high: i64,
    pub total: i64,
}

/// `resolved_at` / `resolved_by` after a status change: closing an incident that was not
/// closed stamps them, reopening clears them, anything else keeps them.
pub fn resolve_transition(
    current: &IncidentState,
    new_status: Status,
    actor_label: &str,
    now: NaiveDateTime,
) -> (Option<NaiveDateTime>, Option<String>) {
    if new_status.is_terminal() && !current.status.is_terminal() {
        (Some(now), Some(actor_label.to_owned()))
    } else if new_status == Status::Open {
        (None, None)
    } else {
        (current.resolved_at, current.resolved_by.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap()
    }

    fn state(status: Status, resolved: Option<(u32, &str)>) -> IncidentState {
        IncidentState {
            title: "t".into(),
            status,
            severity: Severity::Medium,
            summary: "s".into(),
            report: None,
            resolved_at: resolved.map(|(h, _)| at(h)),
            resolved_by: resolved.map(|(_, by)| by.to_owned()),
        }
    }

    #[test]
    fn closing_an_open_incident_stamps_the_resolver() {
        for closed in [Status::Resolved, Status::Dismissed] {
            assert_eq!(
                resolve_transition(&state(Status::Open, None), closed, "user:u1", at(9)),
                (Some(at(9)), Some("user:u1".to_owned()))
            );
        }
        assert_eq!(
            resolve_transition(
                &state(Status::Acknowledged, None),
                Status::Resolved,
                "mcp:k",
                at(9)
            ),
            (Some(at(9)), Some("mcp:k".to_owned()))
        );
    }

    #[test]
    fn closing_a_closed_incident_keeps_the_first_resolver() {
        let closed = state(Status::Resolved, Some((8, "user:first")));
        assert_eq!(
            resolve_transition(&closed, Status::Dismissed, "user:second", at(9)),
            (Some(at(8)), Some("user:first".to_owned()))
        );
    }

    #[test]
    fn reopening_clears_and_acknowledging_keeps() {
        let closed = state(Status::Resolved, Some((8, "user:first")));
        assert_eq!(
            resolve_transition(&closed, Status::Open, "user:u", at(9)),
            (None, None)
        );
        assert_eq!(
            resolve_transition(&closed, Status::Acknowledged, "user:u", at(9)),
            (Some(at(8)), Some("user:first".to_owned()))
        );
    }
}
