//! Stream access tools: who watched which camera (mcp.md §4.1).

use super::ToolResult;
use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_ports::driven::repos::{StreamAccessEntry, StreamAccessQuery, StreamViewCounts};

impl super::McpTools {
    /// The org's newest `limit` accesses, one camera's when `camera_id` is non-empty.
    pub fn stream_logs(
        &self,
        org: &OrgId,
        camera_id: Option<&str>,
        limit: i64,
    ) -> ToolResult<Vec<StreamAccessEntry>> {
        let query = StreamAccessQuery {
            camera_id: camera_id.filter(|id| !id.is_empty()).map(CameraId::new),
            user_contains: None,
            limit,
            offset: 0,
        };
        Ok(self.stream_logs.list_stream_accesses(org, &query)?.entries)
    }

    /// Views per camera and per user over the last `days` days.
    pub fn stream_stats(
        &self,
        org: &OrgId,
        days: i64,
        now: NaiveDateTime,
    ) -> ToolResult<StreamViewCounts> {
        let since = now - TimeDelta::days(days);
        Ok(self.stream_logs.stream_view_counts(org, since)?)
    }
}
