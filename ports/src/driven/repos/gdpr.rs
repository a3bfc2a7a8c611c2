//! GDPR erasure (Art. 17) and export (Art. 20) over every org-scoped table, plus the danger
//! zone's log wipe. `processed_webhooks` and `email_suppression` are global by design and
//! never touched.

use super::RepoResult;
use sentinel_domain::ids::OrgId;

/// Tables `delete_org_data` reports, in the order it deletes them (`cameras` first: its
/// count is taken before anything is deleted). `incident_evidence` has no entry: it goes with
/// its incident.
pub const DELETED_TABLES: [&str; 20] = [
    "cameras",
    "incidents",
    "camera_nodes",
    "settings",
    "audit_log",
    "stream_access_logs",
    "mcp_activity_logs",
    "mcp_api_keys",
    "org_monthly_usage",
    "org_daily_usage",
    "email_log",
    "email_outbox",
    "user_notification_state",
    "notifications",
    "motion_events",
    "camera_groups",
    "member_access",
    "sentinel_config",
    "sentinel_runs",
    "share_links",
];

/// Tables the export writes, in archive order (each as `<table>.json`, then `manifest.json`).
pub const EXPORTED_TABLES: [&str; 21] = [
    "settings",
    "audit_log",
    "stream_access_logs",
    "mcp_activity_logs",
    "mcp_api_keys",
    "org_monthly_usage",
    "org_daily_usage",
    "email_log",
    "email_outbox",
    "user_notification_state",
    "notifications",
    "motion_events",
    "camera_groups",
    "member_access",
    "sentinel_config",
    "sentinel_runs",
    "share_links",
    "incidents",
    "incident_evidence",
    "camera_nodes",
    "cameras",
];

/// Rows per table, in a fixed order (serialises as a JSON object in that order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableCounts(Vec<(&'static str, u64)>);

impl TableCounts {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends (or overwrites) `table`'s count, keeping first-insertion order.
    pub fn set(&mut self, table: &'static str, rows: u64) {
        match self.0.iter_mut().find(|(name, _)| *name == table) {
            Some(entry) => entry.1 = rows,
            None => self.0.push((table, rows)),
        }
    }

    /// `table`'s count; 0 for a table not listed.
    pub fn get(&self, table: &str) -> u64 {
        self.0
            .iter()
            .find(|(name, _)| *name == table)
            .map_or(0, |(_, rows)| *rows)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        self.0.iter().copied()
    }

    pub fn total(&self) -> u64 {
        self.0.iter().map(|(_, rows)| rows).sum()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl serde::Serialize for TableCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, rows) in &self.0 {
            map.serialize_entry(name, rows)?;
        }
        map.end()
    }
}

/// One table of an export: its rows as JSON objects (column → value; datetimes ISO 8601,
/// blobs never included).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedTable {
    pub name: &'static str,
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// What the danger zone's log wipe removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WipedLogs {
    pub stream_logs: u64,
    pub mcp_logs: u64,
}

#[ambassador::delegatable_trait]
pub trait GdprRepo: Send + Sync {
    /// Deletes every row of `org` from every org-scoped table in one transaction, in an
    /// order the foreign keys accept (incidents with their evidence, cameras — grouped,
    /// node-attached or orphaned — before their nodes and groups). Returns rows per table in
    /// [`DELETED_TABLES`] order (`cameras` = the org's cameras before the deletion).
    /// Idempotent: a second run reports zeros.
    fn delete_org_data(&self, org: &OrgId) -> RepoResult<TableCounts>;

    /// Every [`EXPORTED_TABLES`] table's rows of `org`, in that order. `cameras` holds only
    /// cameras attached to one of the org's nodes; `incident_evidence` only the org's
    /// incidents' evidence, without blob bytes; secrets (key hashes) are left out.
    fn export_org_data(&self, org: &OrgId) -> RepoResult<Vec<ExportedTable>>;

    /// Deletes all of `org`'s `stream_access_logs` and `mcp_activity_logs` in one transaction.
    fn wipe_access_logs(&self, org: &OrgId) -> RepoResult<WipedLogs>;
}
