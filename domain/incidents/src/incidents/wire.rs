//! The `Incident` and `IncidentEvidence` dicts (rest-api.md §5, mcp.md §4.1).

use super::model::{Evidence, Incident};
use crate::timestamps::iso_naive;
use serde_json::{Map, Value, json};

/// The incident dict; with `evidence` when given (detail, create and update responses).
pub fn incident_json(incident: &Incident, evidence: Option<&[Evidence]>) -> Value {
    let mut dict = base(incident);
    dict.insert(
        "report".into(),
        json!(incident.report.as_deref().unwrap_or("")),
    );
    if let Some(evidence) = evidence {
        dict.insert(
            "evidence".into(),
            Value::Array(evidence.iter().map(evidence_json).collect()),
        );
    }
    Value::Object(dict)
}

/// A REST list item: the dict with `report`, without the evidence list.
pub fn incident_list_item(incident: &Incident) -> Value {
    incident_json(incident, None)
}

/// An MCP `list_incidents` item: no `report`, but `has_report` (report not blank).
pub fn incident_mcp_list_item(incident: &Incident) -> Value {
    let mut dict = base(incident);
    dict.insert("has_report".into(), json!(incident.has_report()));
    Value::Object(dict)
}

pub fn evidence_json(evidence: &Evidence) -> Value {
    json!({
        "id": evidence.id,
        "incident_id": evidence.incident_id,
        "kind": evidence.kind,
        "text": evidence.text,
        "camera_id": evidence.camera_id,
        "has_data": evidence.has_data(),
        "data_mime": evidence.data_mime,
        "timestamp": evidence.timestamp.map(iso_naive),
    })
}

fn base(incident: &Incident) -> Map<String, Value> {
    let value = json!({
        "id": incident.id,
        "camera_id": incident.camera_id,
        "title": incident.title,
        "summary": incident.summary,
        "severity": incident.severity,
        "status": incident.status,
        "created_by": incident.created_by,
        "created_at": incident.created_at.map(iso_naive),
        "updated_at": incident.updated_at.map(iso_naive),
        "resolved_at": incident.resolved_at.map(iso_naive),
        "resolved_by": incident.resolved_by,
        "evidence_count": incident.evidence_count,
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::OrgId;
    use chrono::NaiveDate;

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
            severity: "high".into(),
            status: "open".into(),
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
        let dict = incident_json(&incident(None), Some(&[]));
        assert_eq!(dict["report"], "");
        assert_eq!(dict["evidence"], json!([]));
        assert_eq!(dict["created_at"], "2026-11-27T12:00:00");
        assert!(
            incident_list_item(&incident(None))
                .get("evidence")
                .is_none()
        );
    }

    #[test]
    fn mcp_items_say_whether_a_report_exists() {
        let item = incident_mcp_list_item(&incident(Some("  ")));
        assert_eq!(item["has_report"], false);
        assert!(item.get("report").is_none());
        assert_eq!(
            incident_mcp_list_item(&incident(Some("done")))["has_report"],
            true
        );
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
        assert_eq!(evidence_json(&evidence)["has_data"], false);
        let clip = Evidence {
            data_mime: Some("video/mp2t;duration=2.0".into()),
            ..evidence
        };
        assert_eq!(evidence_json(&clip)["has_data"], true);
    }
}
