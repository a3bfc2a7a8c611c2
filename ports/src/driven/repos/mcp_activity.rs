//! `mcp_activity_logs`: one row per MCP tool call (mcp.md §5, §7 `/logs`).

use super::RepoResult;
use chrono::{NaiveDate, NaiveDateTime};
use sentinel_domain::ids::OrgId;

#[ambassador::delegatable_trait]
pub trait McpActivityRepo: Send + Sync {
    /// Stores one call. `org` is empty for calls that failed before authentication (those
    /// rows belong to no org and are never listed).
    fn insert(&self, org: &OrgId, row: &NewMcpActivity) -> RepoResult<()>;

    /// Newest first (by timestamp, then id), filtered and paged; `total` counts every match.
    fn list(&self, org: &OrgId, query: &McpActivityQuery) -> RepoResult<McpActivityPage>;

    /// Counts over the org's rows at or after `since`.
    fn stats(&self, org: &OrgId, since: NaiveDateTime) -> RepoResult<McpActivityStats>;
}

/// A call about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMcpActivity {
    pub tool_name: String,
    pub key_name: String,
    pub status: String,
    /// `None` when the call took 0 ms.
    pub duration_ms: Option<i32>,
    pub args_summary: Option<String>,
    pub error: Option<String>,
    /// When the call started.
    pub timestamp: NaiveDateTime,
}

/// Filters and page of a log listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpActivityQuery {
    /// Exact tool name.
    pub tool_name: Option<String>,
    /// Case-insensitive substring of the key name, matched literally (`%`, `_` escaped).
    pub key_contains: Option<String>,
    /// Exact status.
    pub status: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// A stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpActivityRow {
    pub id: i64,
    pub org_id: OrgId,
    pub tool_name: String,
    pub key_name: String,
    pub status: String,
    pub duration_ms: Option<i32>,
    pub args_summary: Option<String>,
    pub error: Option<String>,
    pub timestamp: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpActivityPage {
    pub total: i64,
    pub rows: Vec<McpActivityRow>,
}

/// Totals of a window: per tool and per key (count descending), per day (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpActivityStats {
    pub total_calls: i64,
    pub total_errors: i64,
    pub by_tool: Vec<(String, i64)>,
    pub by_key: Vec<(String, i64)>,
    pub by_day: Vec<(NaiveDate, i64)>,
}
