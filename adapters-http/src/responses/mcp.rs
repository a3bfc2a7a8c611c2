//! MCP keys, the tool catalog they are scoped from, and MCP activity (mcp.md §6–§7).

use chrono::NaiveDateTime;
use sentinel_domain::api_keys::ApiKey;
use sentinel_domain::mcp::activity::{ActivityEvent, ActivityStats, SessionView};
use sentinel_ports::driven::repos::McpActivityRow;
use serde::Serialize;
use utoipa::ToSchema;

/// A freshly minted key: the only answer that shows the raw key.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpKeyCreated {
    pub id: i64,
    pub name: String,
    /// The raw `osc_` key; not retrievable later.
    pub key: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub created_at: NaiveDateTime,
    /// `all`, `readonly` or `custom`.
    pub scope_mode: &'static str,
    /// The tools of a `custom` key (`[]` otherwise).
    pub scope_tools: Vec<String>,
    /// Save the key now.
    pub warning: &'static str,
}

/// A key as listed (never the key or its hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct McpKeyItem {
    pub id: i64,
    pub name: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked: bool,
    /// `all`, `readonly` or `custom`.
    pub scope_mode: &'static str,
    pub scope_tools: Vec<String>,
    /// Always `mcp` here.
    pub kind: &'static str,
}

impl From<&ApiKey> for McpKeyItem {
    fn from(key: &ApiKey) -> Self {
        Self {
            id: key.id,
            name: key.name.clone(),
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked: key.revoked,
            scope_mode: key.scope_mode.as_str(),
            scope_tools: key.scope_tools.clone(),
            kind: key.kind.as_str(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct McpKeyRevoked {
    /// Always `true`.
    pub success: bool,
    /// The revoked key's id.
    pub revoked: i64,
}

/// The tools a key can be scoped to.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpToolCatalog {
    /// Read tools, by name.
    pub read: Vec<McpToolItem>,
    /// Write tools, by name.
    pub write: Vec<McpToolItem>,
    pub total: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct McpToolItem {
    pub name: &'static str,
    pub description: &'static str,
    /// `read` or `write`.
    pub category: &'static str,
}

/// One tool call, as held in memory; absent fields were null.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpActivityEvent {
    /// 8 characters.
    pub id: String,
    /// Call start, epoch seconds.
    pub timestamp: f64,
    pub tool_name: String,
    /// `""` when the call failed before authentication.
    pub org_id: String,
    pub key_name: String,
    /// `completed` or `error`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args_summary: Option<String>,
}

impl From<&ActivityEvent> for McpActivityEvent {
    fn from(event: &ActivityEvent) -> Self {
        Self {
            id: event.id.clone(),
            timestamp: event.timestamp,
            tool_name: event.tool_name.clone(),
            org_id: event.org_id.clone(),
            key_name: event.key_name.clone(),
            status: event.status.as_str(),
            duration_ms: event.duration_ms,
            error: event.error.clone(),
            args_summary: event.args_summary.clone(),
        }
    }
}

/// A live-stream frame: the event, typed `tool_call`.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpActivityFrame {
    /// Always `tool_call`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub event: McpActivityEvent,
}

impl From<&ActivityEvent> for McpActivityFrame {
    fn from(event: &ActivityEvent) -> Self {
        Self {
            kind: "tool_call",
            event: McpActivityEvent::from(event),
        }
    }
}

/// A key used in the last 5 minutes.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpSession {
    pub key_name: String,
    /// Epoch seconds.
    pub last_active: f64,
    /// Seconds ago.
    pub last_active_ago: i64,
    pub call_count: u64,
    /// `active` (under a minute) or `idle`.
    pub status: &'static str,
}

impl From<&SessionView> for McpSession {
    fn from(session: &SessionView) -> Self {
        Self {
            key_name: session.key_name.clone(),
            last_active: session.last_active,
            last_active_ago: session.last_active_ago,
            call_count: session.call_count,
            status: session.status,
        }
    }
}

/// Counters over this process's memory of the org's calls.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpActivityStats {
    pub total_calls: u64,
    pub calls_per_min: u64,
    pub calls_5m: u64,
    pub error_count: u64,
    pub active_clients: u64,
    pub recent_event_count: u64,
}

impl From<&ActivityStats> for McpActivityStats {
    fn from(stats: &ActivityStats) -> Self {
        Self {
            total_calls: stats.total_calls,
            calls_per_min: stats.calls_per_min,
            calls_5m: stats.calls_5m,
            error_count: stats.error_count,
            active_clients: stats.active_clients,
            recent_event_count: stats.recent_event_count,
        }
    }
}

/// One stored call.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpLogItem {
    pub id: i64,
    pub org_id: String,
    pub tool_name: String,
    pub key_name: String,
    /// `completed` or `error`.
    pub status: String,
    pub duration_ms: Option<i32>,
    pub args_summary: Option<String>,
    pub error: Option<String>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub timestamp: Option<NaiveDateTime>,
}

impl From<&McpActivityRow> for McpLogItem {
    fn from(row: &McpActivityRow) -> Self {
        Self {
            id: row.id,
            org_id: row.org_id.as_str().to_owned(),
            tool_name: row.tool_name.clone(),
            key_name: row.key_name.clone(),
            status: row.status.clone(),
            duration_ms: row.duration_ms,
            args_summary: row.args_summary.clone(),
            error: row.error.clone(),
            timestamp: row.timestamp,
        }
    }
}

/// A page of the stored log, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpLogPage {
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub logs: Vec<McpLogItem>,
}

/// The stored log of the last `days` days.
#[derive(Debug, Serialize, ToSchema)]
pub struct McpLogStats {
    pub days: i64,
    pub total_calls: i64,
    pub total_errors: i64,
    pub by_tool: Vec<ToolCount>,
    pub by_key: Vec<KeyCount>,
    pub by_day: Vec<DayCount>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ToolCount {
    pub tool_name: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KeyCount {
    pub key_name: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: String,
    pub count: i64,
}
