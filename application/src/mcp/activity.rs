//! MCP activity (mcp.md §5, §7): every tool call becomes an event that goes to the
//! in-process ledger (`/recent`, `/sessions`, `/stats`), the live stream's bus and the
//! `mcp_activity_logs` table; and the table's reads for `/logs` and `/logs/stats`.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::mcp::activity::{
    ActivityEvent, ActivityLedger, ActivityStats, ActivityStatus, ERROR_MAX_CHARS, SessionView,
    truncate,
};
use sentinel_ports::driven::mcp_activity_events::McpActivityEvents;
use sentinel_ports::driven::repos::{
    McpActivityPage, McpActivityQuery, McpActivityRepo, McpActivityStats, NewMcpActivity,
    RepoResult,
};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// One finished tool call, as the tracker saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedCall {
    pub tool_name: String,
    /// Empty when the call failed before authentication.
    pub org: OrgId,
    pub key_name: String,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    /// `None` on success; the caller's error text otherwise.
    pub error: Option<String>,
    pub args_summary: Option<String>,
}

pub struct McpActivity {
    ledger: Mutex<ActivityLedger>,
    events: Arc<dyn McpActivityEvents>,
    repo: Arc<dyn McpActivityRepo>,
}

impl McpActivity {
    pub fn new(events: Arc<dyn McpActivityEvents>, repo: Arc<dyn McpActivityRepo>) -> Self {
        Self {
            ledger: Mutex::new(ActivityLedger::new()),
            events,
            repo,
        }
    }

    /// Records a call everywhere: ledger, live stream, table. A storage failure is logged,
    /// never passed on (the call itself has already been answered). **Blocking.**
    pub fn record(&self, call: FinishedCall) {
        let event = event_of(&call);
        self.ledger().record(&event);
        let row = NewMcpActivity {
            tool_name: call.tool_name.clone(),
            key_name: call.key_name.clone(),
            status: event.status.as_str().to_owned(),
            duration_ms: i32::try_from(call.duration_ms)
                .ok()
                .filter(|duration| *duration != 0),
            args_summary: call.args_summary.clone(),
            error: event.error.clone(),
            timestamp: call.started_at.naive_utc(),
        };
        self.events.publish(event);
        if let Err(error) = self.repo.insert(&call.org, &row) {
            tracing::warn!(%error, tool = %call.tool_name, "MCP activity row not written");
        }
    }

    /// The org's newest `limit` events in memory, oldest first.
    pub fn recent(&self, org: &OrgId, limit: usize) -> Vec<ActivityEvent> {
        self.ledger().recent(org.as_str(), limit)
    }

    pub fn sessions(&self, org: &OrgId, now: DateTime<Utc>) -> Vec<SessionView> {
        self.ledger().sessions(org.as_str(), epoch_seconds(now))
    }

    pub fn stats(&self, org: &OrgId, now: DateTime<Utc>) -> ActivityStats {
        self.ledger().stats(org.as_str(), epoch_seconds(now))
    }

    /// A page of stored rows. **Blocking.**
    pub fn logs(&self, org: &OrgId, query: &McpActivityQuery) -> RepoResult<McpActivityPage> {
        self.repo.list(org, query)
    }

    /// Stored rows of the last `days` days, counted (no lower bound: a negative window
    /// finds nothing). **Blocking.**
    pub fn log_stats(
        &self,
        org: &OrgId,
        days: i64,
        now: NaiveDateTime,
    ) -> RepoResult<McpActivityStats> {
        let since = TimeDelta::try_days(days)
            .and_then(|span| now.checked_sub_signed(span))
            .unwrap_or(if days > 0 {
                NaiveDateTime::MIN
            } else {
                NaiveDateTime::MAX
            });
        self.repo.stats(org, since)
    }

    fn ledger(&self) -> MutexGuard<'_, ActivityLedger> {
        // A poisoned ledger only means a panic mid-record: its data is still usable.
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Epoch seconds with microseconds, as Python's `time.time()` reports them.
pub fn epoch_seconds(at: DateTime<Utc>) -> f64 {
    at.timestamp() as f64 + f64::from(at.timestamp_subsec_micros()) / 1_000_000.0
}

fn event_of(call: &FinishedCall) -> ActivityEvent {
    let id: String = uuid::Uuid::new_v4().to_string().chars().take(8).collect();
    ActivityEvent {
        id,
        timestamp: epoch_seconds(call.started_at),
        tool_name: call.tool_name.clone(),
        org_id: call.org.as_str().to_owned(),
        key_name: call.key_name.clone(),
        status: if call.error.is_some() {
            ActivityStatus::Error
        } else {
            ActivityStatus::Completed
        },
        duration_ms: call.error.is_none().then_some(call.duration_ms),
        error: call
            .error
            .as_deref()
            .map(|error| truncate(error, ERROR_MAX_CHARS)),
        args_summary: call.args_summary.clone(),
    }
}
