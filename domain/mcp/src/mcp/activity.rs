//! MCP activity (mcp.md §5, §7): one event per tool call, the arguments summarised without
//! echoing long values, and the in-process ledger behind `/recent`, `/sessions` and
//! `/stats` (the last 500 events across orgs, per-org sessions per key, per-org totals).
//! Time is epoch seconds passed in.

use crate::python::python_str;
use serde_json::{Map, Value, json};
use std::collections::{HashMap, VecDeque};

/// Events kept in memory, across every org.
pub const RING_CAPACITY: usize = 500;
/// An argument value longer than this is cut to 27 characters and `...`.
const SUMMARY_VALUE_MAX: usize = 30;
/// A stored error is cut to this many characters.
pub const ERROR_MAX_CHARS: usize = 200;
const ACTIVE_FOR: f64 = 60.0;
const IDLE_FOR: f64 = 300.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    Completed,
    Error,
}

impl ActivityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::Error => "error",
        }
    }
}

/// One tool call as the activity views see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityEvent {
    /// First 8 characters of a UUID4.
    pub id: String,
    /// Call start, epoch seconds.
    pub timestamp: f64,
    pub tool_name: String,
    /// `""` when the call failed before authentication.
    pub org_id: String,
    pub key_name: String,
    pub status: ActivityStatus,
    pub duration_ms: Option<i64>,
    pub error: Option<String>,
    pub args_summary: Option<String>,
}

impl ActivityEvent {
    /// The event dict: null values omitted (`duration_ms: 0` kept).
    pub fn to_json(&self) -> Value {
        let mut fields = Map::new();
        fields.insert("id".into(), json!(self.id));
        fields.insert("timestamp".into(), json!(self.timestamp));
        fields.insert("tool_name".into(), json!(self.tool_name));
        fields.insert("org_id".into(), json!(self.org_id));
        fields.insert("key_name".into(), json!(self.key_name));
        fields.insert("status".into(), json!(self.status.as_str()));
        if let Some(duration) = self.duration_ms {
            fields.insert("duration_ms".into(), json!(duration));
        }
        if let Some(error) = &self.error {
            fields.insert("error".into(), json!(error));
        }
        if let Some(summary) = &self.args_summary {
            fields.insert("args_summary".into(), json!(summary));
        }
        Value::Object(fields)
    }
}

/// `k=v, k=v` over the non-null arguments, long values cut; `None` when there are none.
/// Values are shown as Python's `str()` would (strings bare, booleans `True`/`False`).
pub fn summarise_arguments(arguments: &[(&str, &Value)]) -> Option<String> {
    let parts: Vec<String> = arguments
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(name, value)| format!("{name}={}", shorten(&python_str(value))))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `text` cut to its first `max` characters.
pub fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn shorten(text: &str) -> String {
    if text.chars().count() > SUMMARY_VALUE_MAX {
        format!("{}...", truncate(text, 27))
    } else {
        text.to_owned()
    }
}

/// One key's recent use within an org.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionView {
    pub key_name: String,
    pub last_active: f64,
    pub last_active_ago: i64,
    pub call_count: u64,
    /// `active` (< 60 s) or `idle` (< 300 s); older sessions are not shown.
    pub status: &'static str,
}

/// `/stats` of one org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityStats {
    pub total_calls: u64,
    pub calls_per_min: u64,
    pub calls_5m: u64,
    pub error_count: u64,
    pub active_clients: u64,
    pub recent_event_count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Session {
    last_active: f64,
    call_count: u64,
}

/// The in-process activity state. Not thread-safe by itself: the caller holds the lock.
#[derive(Debug, Clone, Default)]
pub struct ActivityLedger {
    events: VecDeque<ActivityEvent>,
    sessions: HashMap<String, HashMap<String, Session>>,
    totals: HashMap<String, u64>,
}

impl ActivityLedger {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn record(&mut self, event: &ActivityEvent) {
        if self.events.len() == RING_CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back(event.clone());
        let session = self
            .sessions
            .entry(event.org_id.clone())
            .or_default()
            .entry(event.key_name.clone())
            .or_insert(Session {
                last_active: event.timestamp,
                call_count: 0,
            });
        session.last_active = event.timestamp;
        session.call_count += 1;
        *self.totals.entry(event.org_id.clone()).or_insert(0) += 1;
    }

    /// The org's newest `limit` buffered events, oldest first.
    pub fn recent(&self, org: &str, limit: usize) -> Vec<ActivityEvent> {
        let mine: Vec<&ActivityEvent> = self.of(org).collect();
        let skip = mine.len().saturating_sub(limit);
        mine.into_iter().skip(skip).cloned().collect()
    }

    /// The org's keys seen in the last 5 minutes, most recent first.
    pub fn sessions(&self, org: &str, now: f64) -> Vec<SessionView> {
        let mut views: Vec<SessionView> = self
            .sessions
            .get(org)
            .into_iter()
            .flatten()
            .filter_map(|(key_name, session)| {
                let ago = now - session.last_active;
                let status = session_status(ago)?;
                Some(SessionView {
                    key_name: key_name.clone(),
                    last_active: session.last_active,
                    last_active_ago: ago.max(0.0) as i64,
                    call_count: session.call_count,
                    status,
                })
            })
            .collect();
        views.sort_by(|a, b| b.last_active.total_cmp(&a.last_active));
        views
    }

    pub fn stats(&self, org: &str, now: f64) -> ActivityStats {
        let within = |seconds: f64| {
            self.of(org)
                .filter(|event| now - event.timestamp < seconds)
                .count() as u64
        };
        let active_clients = self
            .sessions
            .get(org)
            .map(|keys| {
                keys.values()
                    .filter(|session| now - session.last_active < IDLE_FOR)
                    .count() as u64
            })
            .unwrap_or(0);
        ActivityStats {
            total_calls: self.totals.get(org).copied().unwrap_or(0),
            calls_per_min: within(ACTIVE_FOR),
            calls_5m: within(IDLE_FOR),
            error_count: self
                .of(org)
                .filter(|event| event.status == ActivityStatus::Error)
                .count() as u64,
            active_clients,
            recent_event_count: self.of(org).count() as u64,
        }
    }

    fn of<'a>(&'a self, org: &'a str) -> impl Iterator<Item = &'a ActivityEvent> + 'a {
        self.events.iter().filter(move |event| event.org_id == org)
    }
}

fn session_status(ago: f64) -> Option<&'static str> {
    if ago < ACTIVE_FOR {
        Some("active")
    } else if ago < IDLE_FOR {
        Some("idle")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(org: &str, key: &str, at: f64, status: ActivityStatus) -> ActivityEvent {
        ActivityEvent {
            id: "abcd1234".into(),
            timestamp: at,
            tool_name: "list_cameras".into(),
            org_id: org.into(),
            key_name: key.into(),
            status,
            duration_ms: Some(0),
            error: None,
            args_summary: None,
        }
    }

    #[test]
    fn summaries_skip_nulls_and_cut_long_values() {
        let long = Value::from("x".repeat(31));
        let id = Value::from("cam1");
        let count = Value::from(3);
        let null = Value::Null;
        let flag = Value::from(true);
        let summary = summarise_arguments(&[
            ("camera_id", &id),
            ("note", &null),
            ("count", &count),
            ("text", &long),
            ("continuous_24_7", &flag),
        ])
        .unwrap();
        assert_eq!(
            summary,
            format!(
                "camera_id=cam1, count=3, text={}..., continuous_24_7=True",
                "x".repeat(27)
            )
        );
        assert_eq!(summarise_arguments(&[("note", &null)]), None);
        let thirty = Value::from("y".repeat(30));
        assert_eq!(
            summarise_arguments(&[("t", &thirty)]).unwrap(),
            format!("t={}", "y".repeat(30))
        );
    }

    #[test]
    fn event_dicts_omit_nulls_but_keep_zero_durations() {
        let json = event("o", "k", 1.5, ActivityStatus::Completed).to_json();
        assert_eq!(json["duration_ms"], 0);
        assert!(json.get("error").is_none());
        assert!(json.get("args_summary").is_none());
        assert_eq!(json["status"], "completed");
    }

    #[test]
    fn the_ring_keeps_the_last_500_across_orgs() {
        let mut ledger = ActivityLedger::new();
        for i in 0..600 {
            let org = if i % 2 == 0 { "a" } else { "b" };
            ledger.record(&event(org, "k", f64::from(i), ActivityStatus::Completed));
        }
        assert_eq!(ledger.recent("a", 1_000).len(), 250);
        let last_two = ledger.recent("b", 2);
        assert_eq!(
            last_two.iter().map(|e| e.timestamp).collect::<Vec<_>>(),
            [597.0, 599.0]
        );
        assert_eq!(ledger.stats("a", 600.0).total_calls, 300);
    }

    #[test]
    fn sessions_are_active_then_idle_then_gone() {
        let mut ledger = ActivityLedger::new();
        ledger.record(&event("o", "old", 0.0, ActivityStatus::Completed));
        ledger.record(&event("o", "idle", 250.0, ActivityStatus::Error));
        ledger.record(&event("o", "busy", 480.0, ActivityStatus::Completed));
        ledger.record(&event("other", "x", 480.0, ActivityStatus::Completed));
        let sessions = ledger.sessions("o", 500.0);
        let seen: Vec<(&str, &str, i64)> = sessions
            .iter()
            .map(|s| (s.key_name.as_str(), s.status, s.last_active_ago))
            .collect();
        assert_eq!(seen, [("busy", "active", 20), ("idle", "idle", 250)]);
        let stats = ledger.stats("o", 500.0);
        assert_eq!(stats.total_calls, 3);
        assert_eq!(stats.calls_per_min, 1);
        assert_eq!(stats.calls_5m, 2);
        assert_eq!(stats.error_count, 1);
        assert_eq!(stats.active_clients, 2);
        assert_eq!(stats.recent_event_count, 3);
    }
}
