//! Incidents (rest-api.md §5, mcp.md §4.1): the incident dict, its evidence, a page of
//! them and the open counts. The MCP incident tools answer the same dicts.

use sentinel_application::incidents::{AttachedClip, ClipInfo};
use sentinel_domain::incidents::{Evidence, Incident, IncidentCounts as Counts};
use serde::Serialize;
use utoipa::ToSchema;

/// The severities a request may name (schema only: requests carry them as text, so an
/// unknown one keeps its 400 wording).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Low,
    Medium,
    High,
    Critical,
}

/// The statuses a request may name (schema only, as [`SeverityName`]).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusName {
    Open,
    Acknowledged,
    Resolved,
    Dismissed,
}

/// The fields every incident dict has.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentBase {
    pub id: i64,
    pub camera_id: Option<String>,
    pub title: String,
    pub summary: String,
    /// `low`, `medium`, `high` or `critical`.
    #[schema(example = "high")]
    pub severity: String,
    /// `open`, `acknowledged`, `resolved` or `dismissed`.
    #[schema(example = "open")]
    pub status: String,
    /// `user:<id>`, `mcp:<key name>` or `sentinel`.
    pub created_by: String,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub created_at: Option<chrono::NaiveDateTime>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub updated_at: Option<chrono::NaiveDateTime>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub resolved_at: Option<chrono::NaiveDateTime>,
    pub resolved_by: Option<String>,
    pub evidence_count: i64,
}

impl From<&Incident> for IncidentBase {
    fn from(incident: &Incident) -> Self {
        Self {
            id: incident.id,
            camera_id: incident.camera_id.clone(),
            title: incident.title.clone(),
            summary: incident.summary.clone(),
            severity: incident.severity.as_str().to_owned(),
            status: incident.status.as_str().to_owned(),
            created_by: incident.created_by.clone(),
            created_at: incident.created_at,
            updated_at: incident.updated_at,
            resolved_at: incident.resolved_at,
            resolved_by: incident.resolved_by.clone(),
            evidence_count: incident.evidence_count,
        }
    }
}

/// The incident dict as listed: with its `report` (`""` when none).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentItem {
    #[serde(flatten)]
    pub base: IncidentBase,
    /// Markdown; `""` until one is written.
    pub report: String,
}

impl From<&Incident> for IncidentItem {
    fn from(incident: &Incident) -> Self {
        Self {
            base: IncidentBase::from(incident),
            report: incident.report.clone().unwrap_or_default(),
        }
    }
}

/// The incident dict with its evidence (metadata only, by timestamp).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentDetail {
    #[serde(flatten)]
    pub item: IncidentItem,
    pub evidence: Vec<EvidenceItem>,
}

impl IncidentDetail {
    pub fn new(incident: &Incident, evidence: &[Evidence]) -> Self {
        Self {
            item: IncidentItem::from(incident),
            evidence: evidence.iter().map(EvidenceItem::from).collect(),
        }
    }
}

impl From<&sentinel_application::incidents::IncidentDetail> for IncidentDetail {
    fn from(detail: &sentinel_application::incidents::IncidentDetail) -> Self {
        Self::new(&detail.incident, &detail.evidence)
    }
}

/// An MCP `list_incidents` item: no `report`, but whether one was written.
#[derive(Debug, Clone, Serialize)]
pub struct McpIncidentItem {
    #[serde(flatten)]
    pub base: IncidentBase,
    /// The report is not blank.
    pub has_report: bool,
}

impl From<&Incident> for McpIncidentItem {
    fn from(incident: &Incident) -> Self {
        Self {
            base: IncidentBase::from(incident),
            has_report: incident.has_report(),
        }
    }
}

/// One piece of evidence, without its bytes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceItem {
    pub id: i64,
    pub incident_id: i64,
    /// `observation`, `snapshot` or `clip`.
    #[schema(example = "observation")]
    pub kind: String,
    pub text: Option<String>,
    pub camera_id: Option<String>,
    /// Bytes are attached (snapshots and clips).
    pub has_data: bool,
    /// e.g. `image/jpeg`, `video/mp2t;duration=15.0`.
    pub data_mime: Option<String>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub timestamp: Option<chrono::NaiveDateTime>,
}

impl From<&Evidence> for EvidenceItem {
    fn from(evidence: &Evidence) -> Self {
        Self {
            id: evidence.id,
            incident_id: evidence.incident_id,
            kind: evidence.kind.clone(),
            text: evidence.text.clone(),
            camera_id: evidence.camera_id.clone(),
            has_data: evidence.has_data(),
            data_mime: evidence.data_mime.clone(),
            timestamp: evidence.timestamp,
        }
    }
}

/// A page of the org's incidents, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentList {
    /// Every incident matching the filters.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub incidents: Vec<IncidentItem>,
}

/// Open incidents (all, critical, high) and every incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentCounts {
    pub open: i64,
    pub open_critical: i64,
    pub open_high: i64,
    pub total: i64,
}

impl From<Counts> for IncidentCounts {
    fn from(counts: Counts) -> Self {
        Self {
            open: counts.open,
            open_critical: counts.open_critical,
            open_high: counts.open_high,
            total: counts.total,
        }
    }
}

/// MCP `list_incidents`: a page of items without reports.
#[derive(Debug, Serialize)]
pub struct McpIncidentList {
    pub total: i64,
    /// Items in this page.
    pub returned: usize,
    pub offset: i64,
    pub limit: i64,
    pub incidents: Vec<McpIncidentItem>,
}

/// MCP `attach_clip`: the evidence, how much was cut, and a note when it was cut short.
#[derive(Debug, Serialize)]
pub struct AttachedClipBody {
    #[serde(flatten)]
    pub evidence: EvidenceItem,
    pub segment_count: usize,
    pub approx_duration_seconds: f64,
    pub bytes: usize,
    /// Present (`true`) only when the clip was cut short.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl From<&AttachedClip> for AttachedClipBody {
    fn from(clip: &AttachedClip) -> Self {
        let note = clip.truncated.then(|| {
            format!(
                "Clip truncated to the newest ~{:.1}s to fit the 32 MB evidence cap.",
                clip.approx_duration_seconds
            )
        });
        Self {
            evidence: EvidenceItem::from(&clip.evidence),
            segment_count: clip.segment_count,
            approx_duration_seconds: clip.approx_duration_seconds,
            bytes: clip.bytes,
            truncated: clip.truncated.then_some(true),
            note,
        }
    }
}

/// MCP `get_incident_clip`: the evidence, its mime, duration and size, and where a person
/// can watch it.
#[derive(Debug, Serialize)]
pub struct ClipInfoBody {
    #[serde(flatten)]
    pub evidence: EvidenceItem,
    pub mime: String,
    pub approx_duration_seconds: Option<f64>,
    pub bytes: i64,
    pub playback_hint: String,
}

impl From<&ClipInfo> for ClipInfoBody {
    fn from(info: &ClipInfo) -> Self {
        let incident_id = info.evidence.incident_id;
        Self {
            evidence: EvidenceItem::from(&info.evidence),
            mime: info.mime.clone(),
            approx_duration_seconds: info.approx_duration_seconds,
            bytes: info.bytes,
            playback_hint: format!(
                "This is an MPEG-TS video clip. Humans can play it in the Sentinel dashboard on the incident's page (/incidents/{incident_id})."
            ),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentDeleted {
    /// The deleted incident's id.
    pub deleted: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sentinel_domain::ids::OrgId;
    use serde_json::{json, to_value};

    fn incident(report: Option<&str>) -> Incident {
        let at = NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap();
        Incident {
            id: 3,
            org_id: OrgId::new("org_a"),
            camera_id: None,
            title: "Fire".into(),
            summary: "smoke".into(),
            report: report.map(str::to_owned),
            severity: sentinel_domain::incidents::Severity::High,
            status: sentinel_domain::incidents::Status::Open,
            created_by: "user:u".into(),
            created_at: Some(at),
            updated_at: Some(at),
            resolved_at: None,
            resolved_by: None,
            evidence_count: 0,
        }
    }

    #[test]
    fn a_missing_report_is_an_empty_string() {
        let dict = to_value(IncidentDetail::new(&incident(None), &[])).unwrap();
        assert_eq!(dict["report"], "");
        assert_eq!(dict["evidence"], json!([]));
        assert_eq!(dict["created_at"], "2026-11-27T12:00:00");
        assert_eq!(dict["resolved_at"], json!(null));
        let item = to_value(IncidentItem::from(&incident(None))).unwrap();
        assert!(item.get("evidence").is_none());
    }

    #[test]
    fn mcp_items_say_whether_a_report_exists() {
        let item = to_value(McpIncidentItem::from(&incident(Some("  ")))).unwrap();
        assert_eq!(item["has_report"], false);
        assert!(item.get("report").is_none());
        let done = to_value(McpIncidentItem::from(&incident(Some("done")))).unwrap();
        assert_eq!(done["has_report"], true);
    }

    #[test]
    fn the_truncation_note_is_in_the_tool_result() {
        let evidence = Evidence {
            id: 1,
            incident_id: 2,
            kind: "clip".into(),
            text: None,
            camera_id: Some("cam".into()),
            data_mime: Some("video/mp2t;duration=2.0".into()),
            timestamp: None,
            data_len: Some(5),
        };
        let mut clip = AttachedClip {
            evidence,
            segment_count: 2,
            approx_duration_seconds: 2.0,
            bytes: 5,
            truncated: true,
        };
        let json = to_value(AttachedClipBody::from(&clip)).unwrap();
        assert_eq!(json["truncated"], true);
        assert_eq!(
            json["note"],
            "Clip truncated to the newest ~2.0s to fit the 32 MB evidence cap."
        );
        assert_eq!(json["segment_count"], 2);
        assert_eq!(json["kind"], "clip");
        clip.truncated = false;
        let json = to_value(AttachedClipBody::from(&clip)).unwrap();
        assert!(json.get("truncated").is_none() && json.get("note").is_none());
    }

    #[test]
    fn evidence_has_data_follows_the_mime() {
        let evidence = Evidence {
            id: 1,
            incident_id: 3,
            kind: "observation".into(),
            text: Some("seen".into()),
            camera_id: None,
            data_mime: None,
            timestamp: None,
            data_len: None,
        };
        let observed = to_value(EvidenceItem::from(&evidence)).unwrap();
        assert_eq!(observed["has_data"], false);
        assert_eq!(observed["timestamp"], json!(null));
        let clip = Evidence {
            data_mime: Some("video/mp2t;duration=2.0".into()),
            ..evidence
        };
        assert_eq!(
            to_value(EvidenceItem::from(&clip)).unwrap()["has_data"],
            true
        );
    }
}
