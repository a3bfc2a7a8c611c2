//! The stream access log as the audit dashboard reads it (rest-api.md §4).

use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{
    RepoResult, Repositories, StreamAccessLogRepo, StreamAccessPage, StreamAccessQuery,
    StreamAccessStats,
};
use std::sync::Arc;

/// Who watched which camera, for the audit dashboard.
pub struct StreamLogs {
    stream_logs: Arc<dyn StreamAccessLogRepo>,
}

impl StreamLogs {
    pub fn new(repos: &Repositories) -> Self {
        Self {
            stream_logs: repos.stream_logs.clone(),
        }
    }

    /// A filtered page, newest first. **Blocking.**
    pub fn list(&self, org: &OrgId, query: &StreamAccessQuery) -> RepoResult<StreamAccessPage> {
        self.stream_logs.list_stream_accesses(org, query)
    }

    /// Totals over the last `days` days (no lower bound: a negative window finds nothing).
    /// **Blocking.**
    pub fn stats(
        &self,
        org: &OrgId,
        days: i64,
        now: NaiveDateTime,
    ) -> RepoResult<StreamAccessStats> {
        stats_since(self.stream_logs.as_ref(), org, days, now)
    }
}

fn stats_since(
    repo: &dyn StreamAccessLogRepo,
    org: &OrgId,
    days: i64,
    now: NaiveDateTime,
) -> RepoResult<StreamAccessStats> {
    let since = TimeDelta::try_days(days)
        .and_then(|span| now.checked_sub_signed(span))
        .unwrap_or(if days > 0 {
            NaiveDateTime::MIN
        } else {
            NaiveDateTime::MAX
        });
    repo.stream_access_stats(org, since)
}
