//! The stream access log as the audit dashboard reads it (rest-api.md §4).

use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{
    RepoResult, StreamAccessLogRepo, StreamAccessPage, StreamAccessQuery, StreamAccessStats,
};

/// A filtered page, newest first. **Blocking.**
pub fn list(
    repo: &dyn StreamAccessLogRepo,
    org: &OrgId,
    query: &StreamAccessQuery,
) -> RepoResult<StreamAccessPage> {
    repo.list_stream_accesses(org, query)
}

/// Totals over the last `days` days (no lower bound: a negative window finds nothing).
/// **Blocking.**
pub fn stats(
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
