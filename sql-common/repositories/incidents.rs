//! `IncidentRepo` over `incidents` and `incident_evidence`. Evidence is always reached
//! through an incident of the caller's org; blobs are read only by `evidence_blob`.

use super::Backend;
use super::Conn;
use super::Store;
use crate::error::StoreFailure;
use crate::schema::{incident_evidence, incidents};
use chrono::NaiveDateTime;
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use sentinel_domain::ids::OrgId;
use sentinel_domain::incidents::{
    Evidence, EvidenceBlob, Incident, IncidentCounts, IncidentPage, IncidentQuery, IncidentState,
    NewEvidence, NewIncident, Severity, Status,
};
use sentinel_ports::driven::repos::{IncidentRepo, RepoError, RepoResult};
use std::collections::HashMap;

const INCIDENT: &str = "incident";

impl IncidentRepo for Store {
    fn create(
        &self,
        org: &OrgId,
        incident: &NewIncident,
        at: NaiveDateTime,
    ) -> RepoResult<Incident> {
        self.write(|conn| {
            let row = diesel::insert_into(incidents::table)
                .values((
                    incidents::org_id.eq(org.as_str()),
                    incidents::camera_id.eq(incident.camera_id.as_ref().map(|c| c.as_str())),
                    incidents::title.eq(&incident.title),
                    incidents::summary.eq(&incident.summary),
                    incidents::report.eq(Some("")),
                    incidents::severity.eq(incident.severity.as_str()),
                    incidents::status.eq(Status::Open.as_str()),
                    incidents::created_by.eq(&incident.created_by),
                    incidents::created_at.eq(Some(at)),
                    incidents::updated_at.eq(Some(at)),
                ))
                .returning(IncidentRow::as_returning())
                .get_result(conn)?;
            Ok(row.into_incident(0))
        })
    }

    fn get(&self, org: &OrgId, incident_id: i64) -> RepoResult<Option<Incident>> {
        self.read(|conn| find(conn, org, incident_id))
    }

    fn list(&self, org: &OrgId, query: &IncidentQuery) -> RepoResult<IncidentPage> {
        self.read(|conn| {
            let total = matching(org, query).count().get_result(conn)?;
            let rows = matching(org, query)
                .order((incidents::created_at.desc(), incidents::id.desc()))
                .limit(query.limit.max(0))
                .offset(query.offset.max(0))
                .select(IncidentRow::as_select())
                .load(conn)?;
            let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
            let counts = evidence_counts(conn, &ids)?;
            Ok(IncidentPage {
                total,
                incidents: rows
                    .into_iter()
                    .map(|row| {
                        let count = counts.get(&row.id).copied().unwrap_or(0);
                        row.into_incident(count)
                    })
                    .collect(),
            })
        })
    }

    fn counts(&self, org: &OrgId) -> RepoResult<IncidentCounts> {
        self.read(|conn| {
            let by_status_severity: Vec<(String, String, i64)> = incidents::table
                .filter(incidents::org_id.eq(org.as_str()))
                .group_by((incidents::status, incidents::severity))
                .select((incidents::status, incidents::severity, count_star()))
                .load(conn)?;
            let mut counts = IncidentCounts::default();
            // Coerced as the rows themselves read, so the badge agrees with the list.
            for (status, severity, n) in by_status_severity {
                counts.total += n;
                if Status::coerce(&status) == Status::Open {
                    counts.open += n;
                    match Severity::coerce(&severity) {
                        Severity::Critical => counts.open_critical += n,
                        Severity::High => counts.open_high += n,
                        Severity::Low | Severity::Medium => {}
                    }
                }
            }
            Ok(counts)
        })
    }

    fn count_created_since(&self, org: &OrgId, since: NaiveDateTime) -> RepoResult<i64> {
        self.read(|conn| {
            Ok(incidents::table
                .filter(incidents::org_id.eq(org.as_str()))
                .filter(incidents::created_at.ge(since))
                .count()
                .get_result(conn)?)
        })
    }

    fn update(
        &self,
        org: &OrgId,
        incident_id: i64,
        state: &IncidentState,
        at: NaiveDateTime,
    ) -> RepoResult<Incident> {
        self.write(|conn| {
            let current =
                find(conn, org, incident_id)?.ok_or(StoreFailure(RepoError::NotFound(INCIDENT)))?;
            if current.state() != *state {
                diesel::update(owned(org, incident_id))
                    .set((
                        incidents::title.eq(&state.title),
                        incidents::status.eq(state.status.as_str()),
                        incidents::severity.eq(state.severity.as_str()),
                        incidents::summary.eq(&state.summary),
                        incidents::report.eq(state.report.as_deref()),
                        incidents::resolved_at.eq(state.resolved_at),
                        incidents::resolved_by.eq(state.resolved_by.as_deref()),
                        incidents::updated_at.eq(Some(at)),
                    ))
                    .execute(conn)?;
            }
            find(conn, org, incident_id)?.ok_or(StoreFailure(RepoError::NotFound(INCIDENT)))
        })
    }

    fn delete(&self, org: &OrgId, incident_id: i64) -> RepoResult<()> {
        self.write(|conn| {
            // The evidence goes explicitly too: the cascade must not depend on the
            // connection's foreign-key pragma.
            let exists = owned(org, incident_id)
                .select(incidents::id)
                .first::<i64>(conn)
                .optional()?
                .is_some();
            if !exists {
                return Err(StoreFailure(RepoError::NotFound(INCIDENT)));
            }
            diesel::delete(
                incident_evidence::table.filter(incident_evidence::incident_id.eq(incident_id)),
            )
            .execute(conn)?;
            diesel::delete(owned(org, incident_id)).execute(conn)?;
            Ok(())
        })
    }

    fn evidence(&self, org: &OrgId, incident_id: i64) -> RepoResult<Vec<Evidence>> {
        self.read(|conn| {
            let rows = org_evidence(org)
                .filter(incident_evidence::incident_id.eq(incident_id))
                .order((
                    incident_evidence::timestamp.asc(),
                    incident_evidence::id.asc(),
                ))
                .select(EvidenceRow::as_select())
                .load(conn)?;
            Ok(rows.into_iter().map(Evidence::from).collect())
        })
    }

    fn get_evidence(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> RepoResult<Option<Evidence>> {
        self.read(|conn| {
            Ok(org_evidence(org)
                .filter(incident_evidence::incident_id.eq(incident_id))
                .filter(incident_evidence::id.eq(evidence_id))
                .select(EvidenceRow::as_select())
                .first(conn)
                .optional()?
                .map(Evidence::from))
        })
    }

    fn evidence_blob(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> RepoResult<Option<EvidenceBlob>> {
        self.read(|conn| {
            let found: Option<(EvidenceRow, Option<Vec<u8>>)> = org_evidence(org)
                .filter(incident_evidence::incident_id.eq(incident_id))
                .filter(incident_evidence::id.eq(evidence_id))
                .select((EvidenceRow::as_select(), incident_evidence::data))
                .first(conn)
                .optional()?;
            Ok(found.and_then(|(row, data)| {
                data.map(|data| EvidenceBlob {
                    evidence: row.into(),
                    data,
                })
            }))
        })
    }

    fn add_evidence(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence: &NewEvidence,
        at: NaiveDateTime,
    ) -> RepoResult<Evidence> {
        self.write(|conn| {
            let touched = diesel::update(owned(org, incident_id))
                .set(incidents::updated_at.eq(Some(at)))
                .execute(conn)?;
            if touched == 0 {
                return Err(StoreFailure(RepoError::NotFound(INCIDENT)));
            }
            let row = diesel::insert_into(incident_evidence::table)
                .values((
                    incident_evidence::incident_id.eq(incident_id),
                    incident_evidence::kind.eq(evidence.kind.as_str()),
                    incident_evidence::text.eq(evidence.text.as_deref()),
                    incident_evidence::camera_id.eq(evidence.camera_id.as_deref()),
                    incident_evidence::data.eq(evidence.data.as_deref()),
                    incident_evidence::data_mime.eq(evidence.data_mime.as_deref()),
                    incident_evidence::timestamp.eq(Some(at)),
                ))
                .returning(EvidenceRow::as_returning())
                .get_result(conn)?;
            Ok(row.into())
        })
    }
}

/// The org's incident `incident_id`, with its evidence count.
fn find(conn: &mut Conn, org: &OrgId, incident_id: i64) -> Result<Option<Incident>, StoreFailure> {
    let Some(row) = owned(org, incident_id)
        .select(IncidentRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let count = evidence_counts(conn, &[row.id])?
        .get(&row.id)
        .copied()
        .unwrap_or(0);
    Ok(Some(row.into_incident(count)))
}

/// The org's incident `incident_id` (a query usable for select, update and delete).
type OwnedIncident<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<incidents::table, diesel::dsl::Eq<incidents::org_id, &'a str>>,
    diesel::dsl::Eq<incidents::id, i64>,
>;

fn owned(org: &OrgId, incident_id: i64) -> OwnedIncident<'_> {
    incidents::table
        .filter(incidents::org_id.eq(org.as_str()))
        .filter(incidents::id.eq(incident_id))
}

/// Evidence rows whose incident is the org's.
fn org_evidence(org: &OrgId) -> incident_evidence::BoxedQuery<'_, Backend> {
    let org_incidents = incidents::table
        .filter(incidents::org_id.eq(org.as_str()))
        .select(incidents::id);
    incident_evidence::table
        .filter(incident_evidence::incident_id.eq_any(org_incidents))
        .into_boxed()
}

fn evidence_counts(
    conn: &mut Conn,
    incident_ids: &[i64],
) -> Result<HashMap<i64, i64>, StoreFailure> {
    if incident_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let counts: Vec<(i64, i64)> = incident_evidence::table
        .filter(incident_evidence::incident_id.eq_any(incident_ids))
        .group_by(incident_evidence::incident_id)
        .select((incident_evidence::incident_id, count_star()))
        .load(conn)?;
    Ok(counts.into_iter().collect())
}

/// The org's incidents matching the query's filters (no order, no page).
fn matching<'a>(org: &'a OrgId, query: &'a IncidentQuery) -> incidents::BoxedQuery<'a, Backend> {
    let mut matching = incidents::table
        .filter(incidents::org_id.eq(org.as_str()))
        .into_boxed();
    if let Some(status) = query.status {
        matching = matching.filter(incidents::status.eq(status.as_str()));
    }
    if let Some(severity) = query.severity {
        matching = matching.filter(incidents::severity.eq(severity.as_str()));
    }
    if let Some(camera_id) = &query.camera_id {
        matching = matching.filter(incidents::camera_id.eq(camera_id.as_str()));
    }
    matching
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = incidents, check_for_backend(super::Backend))]
struct IncidentRow {
    id: i64,
    org_id: String,
    camera_id: Option<String>,
    title: String,
    summary: String,
    report: Option<String>,
    severity: String,
    status: String,
    created_by: String,
    created_at: Option<NaiveDateTime>,
    updated_at: Option<NaiveDateTime>,
    resolved_at: Option<NaiveDateTime>,
    resolved_by: Option<String>,
}

impl IncidentRow {
    fn into_incident(self, evidence_count: i64) -> Incident {
        Incident {
            id: self.id,
            org_id: OrgId::new(self.org_id),
            camera_id: self.camera_id,
            title: self.title,
            summary: self.summary,
            report: self.report,
            // Rows the original wrote hold the same words; anything else (a hand edit) reads
            // as medium / open rather than failing every listing that includes it.
            severity: Severity::coerce(&self.severity),
            status: Status::coerce(&self.status),
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            resolved_at: self.resolved_at,
            resolved_by: self.resolved_by,
            evidence_count,
        }
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = incident_evidence, check_for_backend(super::Backend))]
struct EvidenceRow {
    id: i64,
    incident_id: i64,
    kind: String,
    text: Option<String>,
    camera_id: Option<String>,
    data_mime: Option<String>,
    timestamp: Option<NaiveDateTime>,
    #[diesel(select_expression = sql::<Nullable<BigInt>>("CAST(length(incident_evidence.data) AS BIGINT)"))]
    #[diesel(select_expression_type = diesel::expression::SqlLiteral<Nullable<BigInt>>)]
    data_len: Option<i64>,
}

impl From<EvidenceRow> for Evidence {
    fn from(row: EvidenceRow) -> Self {
        Self {
            id: row.id,
            incident_id: row.incident_id,
            kind: row.kind,
            text: row.text,
            camera_id: row.camera_id,
            data_mime: row.data_mime,
            timestamp: row.timestamp,
            data_len: row.data_len,
        }
    }
}
