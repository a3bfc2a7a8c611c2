//! `incidents` and `incident_evidence` (data-model.md §1.9–§1.10). Evidence is reached
//! through its incident, so every call is scoped by the incident's org: another org's
//! incident (or evidence) is indistinguishable from a missing one.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::incidents::{
    Evidence, EvidenceBlob, Incident, IncidentCounts, IncidentPage, IncidentQuery, IncidentState,
    NewEvidence, NewIncident,
};

#[ambassador::delegatable_trait]
pub trait IncidentRepo: Send + Sync {
    /// Stores an `open` incident created (and updated) `at`.
    fn create(
        &self,
        org: &OrgId,
        incident: &NewIncident,
        at: NaiveDateTime,
    ) -> RepoResult<Incident>;

    fn get(&self, org: &OrgId, incident_id: i64) -> RepoResult<Option<Incident>>;

    /// Newest `created_at` first (then id), filtered and paged; `total` counts every match.
    fn list(&self, org: &OrgId, query: &IncidentQuery) -> RepoResult<IncidentPage>;

    fn counts(&self, org: &OrgId) -> RepoResult<IncidentCounts>;

    /// Incidents (any author) created at or after `since`: the MCP daily cap.
    fn count_created_since(&self, org: &OrgId, since: NaiveDateTime) -> RepoResult<i64>;

    /// Writes the mutable fields; `updated_at = at` only when one of them changed.
    /// `NotFound` for another org's or a missing incident.
    fn update(
        &self,
        org: &OrgId,
        incident_id: i64,
        state: &IncidentState,
        at: NaiveDateTime,
    ) -> RepoResult<Incident>;

    /// Deletes the incident and (cascade) its evidence. `NotFound` as for `update`.
    fn delete(&self, org: &OrgId, incident_id: i64) -> RepoResult<()>;

    /// The incident's evidence without blobs, ordered by timestamp (then id).
    fn evidence(&self, org: &OrgId, incident_id: i64) -> RepoResult<Vec<Evidence>>;

    /// One evidence row without its blob, only if it belongs to that incident of the org.
    fn get_evidence(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> RepoResult<Option<Evidence>>;

    /// The evidence row with its bytes; `None` also when it has no data.
    fn evidence_blob(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence_id: i64,
    ) -> RepoResult<Option<EvidenceBlob>>;

    /// Attaches evidence stamped `at` and touches the incident's `updated_at`.
    /// `NotFound` for another org's or a missing incident.
    fn add_evidence(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence: &NewEvidence,
        at: NaiveDateTime,
    ) -> RepoResult<Evidence>;
}
