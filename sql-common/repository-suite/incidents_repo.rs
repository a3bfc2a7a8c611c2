//! IncidentRepo: rows as read back (unknown stored words coerced), filters and counts,
//! updates that only move `updated_at` on change, evidence blobs and their sizes, cascade
//! delete, and tenant isolation on every call.

use crate::common::{at, org_a, org_b, temp_database};
use sentinel_domain::ids::CameraId;
use sentinel_domain::incidents::{
    EvidenceKind, IncidentQuery, NewEvidence, NewIncident, Severity, Status,
};
use sentinel_ports::driven::repos::{IncidentRepo, RepoError};

fn new_incident(title: &str, severity: Severity) -> NewIncident {
    NewIncident {
        camera_id: Some(CameraId::new("cam1")),
        title: title.into(),
        summary: format!("{title} summary"),
        severity,
        created_by: "user:u1".into(),
    }
}

fn all() -> IncidentQuery {
    IncidentQuery {
        limit: 50,
        ..IncidentQuery::default()
    }
}

fn clip(bytes: &[u8]) -> NewEvidence {
    NewEvidence {
        kind: EvidenceKind::Clip,
        text: Some("note".into()),
        camera_id: Some("cam1".into()),
        data: Some(bytes.to_vec()),
        data_mime: Some("video/mp2t;duration=2.0".into()),
    }
}

fn observation(text: &str) -> NewEvidence {
    NewEvidence {
        kind: EvidenceKind::Observation,
        text: Some(text.into()),
        camera_id: None,
        data: None,
        data_mime: None,
    }
}

#[test]
fn a_created_incident_reads_back_open_with_every_column() {
    let t = temp_database();
    let created = t
        .store
        .create(&org_a(), &new_incident("Fire", Severity::High), at(9, 0, 0))
        .unwrap();
    let read = t.store.get(&org_a(), created.id).unwrap().unwrap();
    assert_eq!(read, created);
    assert_eq!(read.status, Status::Open);
    assert_eq!(read.severity, Severity::High);
    assert_eq!(read.camera_id.as_deref(), Some("cam1"));
    assert_eq!(read.created_by, "user:u1");
    assert_eq!(read.created_at, Some(at(9, 0, 0)));
    assert_eq!(read.updated_at, Some(at(9, 0, 0)));
    assert_eq!(read.report.as_deref(), Some(""));
    assert_eq!((read.resolved_at, read.resolved_by), (None, None));
    assert_eq!(read.evidence_count, 0);
}

#[test]
fn lists_are_newest_first_filtered_and_counted() {
    let t = temp_database();
    let org = org_a();
    let low = t
        .store
        .create(&org, &new_incident("a", Severity::Low), at(9, 0, 0))
        .unwrap();
    let critical = t
        .store
        .create(&org, &new_incident("b", Severity::Critical), at(10, 0, 0))
        .unwrap();
    let high = t
        .store
        .create(&org, &new_incident("c", Severity::High), at(11, 0, 0))
        .unwrap();
    let mut closed = high.state();
    closed.status = Status::Resolved;
    t.store
        .update(&org, high.id, &closed, at(12, 0, 0))
        .unwrap();
    t.store
        .add_evidence(&org, low.id, &observation("x"), at(12, 0, 0))
        .unwrap();

    let page = t.store.list(&org, &all()).unwrap();
    assert_eq!(page.total, 3);
    let ids: Vec<i64> = page.incidents.iter().map(|i| i.id).collect();
    assert_eq!(ids, [high.id, critical.id, low.id]);
    assert_eq!(page.incidents[2].evidence_count, 1);

    let open = t
        .store
        .list(
            &org,
            &IncidentQuery {
                status: Some(Status::Open),
                limit: 1,
                ..all()
            },
        )
        .unwrap();
    assert_eq!(open.total, 2, "total ignores the page");
    assert_eq!(open.incidents.len(), 1);
    let by_severity = t
        .store
        .list(
            &org,
            &IncidentQuery {
                severity: Some(Severity::Critical),
                camera_id: Some("cam1".into()),
                ..all()
            },
        )
        .unwrap();
    assert_eq!(by_severity.incidents[0].id, critical.id);
    assert_eq!(by_severity.total, 1);

    let counts = t.store.counts(&org).unwrap();
    assert_eq!(
        (
            counts.open,
            counts.open_critical,
            counts.open_high,
            counts.total
        ),
        (2, 1, 0, 3)
    );
    assert_eq!(t.store.count_created_since(&org, at(10, 0, 0)).unwrap(), 2);
    assert_eq!(
        t.store.count_created_since(&org_b(), at(0, 0, 0)).unwrap(),
        0
    );
}

#[test]
fn updated_at_moves_only_when_something_changes() {
    let t = temp_database();
    let org = org_a();
    let incident = t
        .store
        .create(&org, &new_incident("a", Severity::Low), at(9, 0, 0))
        .unwrap();
    let same = t
        .store
        .update(&org, incident.id, &incident.state(), at(10, 0, 0))
        .unwrap();
    assert_eq!(same.updated_at, Some(at(9, 0, 0)));
    let mut changed = incident.state();
    changed.status = Status::Resolved;
    changed.resolved_at = Some(at(10, 0, 0));
    changed.resolved_by = Some("user:u2".into());
    changed.report = Some("done".into());
    let updated = t
        .store
        .update(&org, incident.id, &changed, at(10, 0, 0))
        .unwrap();
    assert_eq!(updated.updated_at, Some(at(10, 0, 0)));
    assert_eq!(updated.state(), changed);
}

#[test]
fn unknown_stored_words_read_as_medium_and_open_everywhere() {
    let t = temp_database();
    let org = org_a();
    let incident = t
        .store
        .create(&org, &new_incident("a", Severity::Critical), at(9, 0, 0))
        .unwrap();
    t.store
        .create(&org, &new_incident("b", Severity::Low), at(9, 0, 0))
        .unwrap();
    {
        use diesel::prelude::*;
        use sentinel_sql_common::schema::incidents;
        let mut conn = t.db.connection().unwrap();
        diesel::update(incidents::table.filter(incidents::id.eq(incident.id)))
            .set((
                incidents::severity.eq("CRITICAL"),
                incidents::status.eq("closed"),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    let read = t.store.get(&org, incident.id).unwrap().unwrap();
    assert_eq!(
        (read.severity, read.status),
        (Severity::Medium, Status::Open)
    );
    assert_eq!(t.store.list(&org, &all()).unwrap().incidents.len(), 2);
    let counts = t.store.counts(&org).unwrap();
    assert_eq!(
        (counts.open, counts.open_critical, counts.total),
        (2, 0, 2),
        "the badge counts what the rows read as"
    );
}

#[test]
fn evidence_keeps_its_blob_apart_and_touches_the_incident() {
    let t = temp_database();
    let org = org_a();
    let incident = t
        .store
        .create(&org, &new_incident("a", Severity::Low), at(9, 0, 0))
        .unwrap();
    let stored = t
        .store
        .add_evidence(&org, incident.id, &clip(b"\x47tsdata"), at(9, 30, 0))
        .unwrap();
    assert_eq!(stored.kind, "clip");
    assert_eq!(stored.data_len, Some(7));
    assert_eq!(stored.timestamp, Some(at(9, 30, 0)));
    let note = t
        .store
        .add_evidence(&org, incident.id, &observation("seen"), at(9, 40, 0))
        .unwrap();
    assert_eq!(note.data_len, None);
    assert!(!note.has_data());

    let listed = t.store.evidence(&org, incident.id).unwrap();
    assert_eq!(listed, vec![stored.clone(), note.clone()]);
    let blob = t
        .store
        .evidence_blob(&org, incident.id, stored.id)
        .unwrap()
        .unwrap();
    assert_eq!(blob.data, b"\x47tsdata");
    assert_eq!(blob.evidence, stored);
    assert!(
        t.store
            .evidence_blob(&org, incident.id, note.id)
            .unwrap()
            .is_none()
    );
    assert_eq!(
        t.store.get(&org, incident.id).unwrap().unwrap().updated_at,
        Some(at(9, 40, 0))
    );
    assert_eq!(
        t.store
            .get(&org, incident.id)
            .unwrap()
            .unwrap()
            .evidence_count,
        2
    );
}

#[test]
fn evidence_of_another_incident_is_not_found_through_this_one() {
    let t = temp_database();
    let org = org_a();
    let first = t
        .store
        .create(&org, &new_incident("a", Severity::Low), at(9, 0, 0))
        .unwrap();
    let second = t
        .store
        .create(&org, &new_incident("b", Severity::Low), at(9, 0, 0))
        .unwrap();
    let evidence = t
        .store
        .add_evidence(&org, second.id, &clip(b"x"), at(9, 0, 0))
        .unwrap();
    assert!(
        t.store
            .get_evidence(&org, first.id, evidence.id)
            .unwrap()
            .is_none()
    );
    assert!(
        t.store
            .evidence_blob(&org, first.id, evidence.id)
            .unwrap()
            .is_none()
    );
}

#[test]
fn deleting_an_incident_deletes_its_evidence() {
    let t = temp_database();
    let org = org_a();
    let incident = t
        .store
        .create(&org, &new_incident("a", Severity::Low), at(9, 0, 0))
        .unwrap();
    let evidence = t
        .store
        .add_evidence(&org, incident.id, &clip(b"x"), at(9, 0, 0))
        .unwrap();
    t.store.delete(&org, incident.id).unwrap();
    assert!(t.store.get(&org, incident.id).unwrap().is_none());
    let remaining: i64 = {
        use diesel::prelude::*;
        let mut conn = t.db.connection().unwrap();
        sentinel_sql_common::schema::incident_evidence::table
            .filter(sentinel_sql_common::schema::incident_evidence::id.eq(evidence.id))
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(remaining, 0);
    assert_eq!(
        t.store.delete(&org, incident.id).unwrap_err(),
        RepoError::NotFound("incident")
    );
}

#[test]
fn another_org_cannot_see_or_touch_an_incident() {
    let t = temp_database();
    let incident = t
        .store
        .create(&org_a(), &new_incident("a", Severity::High), at(9, 0, 0))
        .unwrap();
    let evidence = t
        .store
        .add_evidence(&org_a(), incident.id, &clip(b"x"), at(9, 0, 0))
        .unwrap();
    let b = org_b();
    assert!(t.store.get(&b, incident.id).unwrap().is_none());
    assert_eq!(t.store.list(&b, &all()).unwrap().total, 0);
    assert_eq!(t.store.counts(&b).unwrap().total, 0);
    assert!(t.store.evidence(&b, incident.id).unwrap().is_empty());
    assert!(
        t.store
            .get_evidence(&b, incident.id, evidence.id)
            .unwrap()
            .is_none()
    );
    assert!(
        t.store
            .evidence_blob(&b, incident.id, evidence.id)
            .unwrap()
            .is_none()
    );
    assert_eq!(
        t.store
            .update(&b, incident.id, &incident.state(), at(10, 0, 0))
            .unwrap_err(),
        RepoError::NotFound("incident")
    );
    assert_eq!(
        t.store
            .add_evidence(&b, incident.id, &observation("x"), at(10, 0, 0))
            .unwrap_err(),
        RepoError::NotFound("incident")
    );
    assert_eq!(
        t.store.delete(&b, incident.id).unwrap_err(),
        RepoError::NotFound("incident")
    );
    assert!(t.store.get(&org_a(), incident.id).unwrap().is_some());
    assert_eq!(t.store.evidence(&org_a(), incident.id).unwrap().len(), 1);
}
