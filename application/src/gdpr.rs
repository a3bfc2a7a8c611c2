//! GDPR erasure of one organisation (Art. 17): used by the danger zone's full reset and the
//! Clerk `organization.deleted` webhook. Blocking (storage is): async callers run it on the
//! blocking pool.
//!
//! Only stored rows are deleted. In-memory state (live segment caches, SSE subscribers,
//! pending viewer-seconds) is left alone; full reset clears the caches of the org's cameras
//! itself.

use crate::audit_trail::{self, Actor};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{AuditRepo, GdprRepo, RepoResult, Repositories, TableCounts};
use std::sync::Arc;

/// Deletes every row of `org` from every org-scoped table (one transaction, foreign-key
/// safe) and returns rows deleted per table, in deletion order: `cameras`, `incidents`,
/// `camera_nodes`, `settings`, `audit_log`, `stream_access_logs`, `mcp_activity_logs`,
/// `mcp_api_keys`, `org_monthly_usage`, `email_log`, `email_outbox`,
/// `user_notification_state`, `notifications`, `motion_events`, `camera_groups`,
/// `sentinel_config`, `sentinel_runs`. `processed_webhooks` and `email_suppression` are
/// global and untouched. Idempotent: running it again reports zeros.
pub fn delete_org_data(gdpr: &dyn GdprRepo, org: &OrgId) -> RepoResult<TableCounts> {
    let counts = gdpr.delete_org_data(org)?;
    tracing::info!(
        org_id = org.as_str(),
        rows = counts.total(),
        "org data deleted (GDPR)"
    );
    Ok(counts)
}

/// What the export manifest's `spec` says.
pub const EXPORT_SPEC: &str = "GDPR Article 20 — data portability export";

/// The export archive of `org`: one pretty-printed `<table>.json` per exported table (in
/// [`EXPORTED_TABLES`](sentinel_ports::driven::repos::EXPORTED_TABLES) order), then `manifest.json`.
/// Never contains blob bytes or key hashes.
pub fn export_archive_members(
    gdpr: &dyn GdprRepo,
    org: &OrgId,
    now: chrono::DateTime<chrono::Utc>,
) -> RepoResult<Vec<(String, Vec<u8>)>> {
    let tables = gdpr.export_org_data(org)?;
    let mut members = Vec::with_capacity(tables.len() + 1);
    let mut listed = Vec::with_capacity(tables.len());
    for table in tables {
        let filename = format!("{}.json", table.name);
        listed.push(serde_json::json!({
            "name": table.name,
            "rows": table.rows.len(),
            "filename": filename,
        }));
        members.push((filename, pretty(&table.rows)?));
    }
    let manifest = serde_json::json!({
        "org_id": org.as_str(),
        "exported_at": aware_iso(now),
        "format_version": 1,
        "spec": EXPORT_SPEC,
        "tables": listed,
        "excluded": {
            "recordings": "Video recordings and live segments are not stored by the cloud service; they stay on your CloudNodes.",
            "incident_evidence_blobs": "Binary evidence attachments (snapshots, clips) are excluded; their metadata is in incident_evidence.json.",
        },
    });
    members.push(("manifest.json".to_owned(), pretty(&manifest)?));
    Ok(members)
}

/// An export ready to be zipped: the archive's file name and its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportArchive {
    pub filename: String,
    pub members: Vec<(String, Vec<u8>)>,
}

/// The Art. 20 export of the actor's org, audited.
pub struct GdprExport {
    gdpr: Arc<dyn GdprRepo>,
    audit: Arc<dyn AuditRepo>,
}

impl GdprExport {
    pub fn new(repos: &Repositories) -> Self {
        Self {
            gdpr: repos.gdpr.clone(),
            audit: repos.audit.clone(),
        }
    }

    /// The archive's file name and members, and a `gdpr_export` audit row. **Blocking.**
    pub fn export(
        &self,
        actor: &Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> RepoResult<ExportArchive> {
        let filename = export_filename(&actor.org_id, now);
        let members = export_archive_members(self.gdpr.as_ref(), &actor.org_id, now)?;
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            now.naive_utc(),
            "gdpr_export",
            Some(&serde_json::json!({"filename": filename})),
        );
        Ok(ExportArchive { filename, members })
    }
}

/// The archive's name: `gdpr-export-<org>-<YYYYMMDD>.zip`.
pub fn export_filename(org: &OrgId, now: chrono::DateTime<chrono::Utc>) -> String {
    format!("gdpr-export-{}-{}.zip", org.as_str(), now.format("%Y%m%d"))
}

fn pretty<T: serde::Serialize>(value: &T) -> RepoResult<Vec<u8>> {
    serde_json::to_vec_pretty(value)
        .map_err(|e| sentinel_ports::driven::repos::RepoError::Storage(format!("export: {e}")))
}

/// Python's `datetime.now(timezone.utc).isoformat()`.
fn aware_iso(at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "{}+00:00",
        sentinel_domain::timestamps::iso_naive(at.naive_utc())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn export_names_and_timestamps_follow_the_original() {
        let at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(
            export_filename(&OrgId::new("org_a"), at),
            "gdpr-export-org_a-20261127.zip"
        );
        assert_eq!(aware_iso(at), "2026-11-27T12:00:00+00:00");
        let later = at + chrono::TimeDelta::microseconds(1500);
        assert_eq!(aware_iso(later), "2026-11-27T12:00:00.001500+00:00");
    }
}
