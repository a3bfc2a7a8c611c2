//! Sentinel runs (§3.3–§3.7): triggers, outcomes and their lifecycle, what `/complete`
//! accepts, the run dict, and the tool-trace sanitising applied on write.

use crate::ids::OrgId;
use crate::incidents::Severity;
use crate::python::json_dumps;
use chrono::{NaiveDateTime, TimeDelta};
use serde_json::{Map, Value, json};

pub const MANUAL_PROMPT_MAX_CHARS: usize = 2_000;
pub const SUMMARY_MAX_CHARS: usize = 8_000;
const TRACE_MAX_ENTRIES: usize = 50;
const TRACE_TOOL_MAX_CHARS: usize = 200;
const TRACE_RESULT_MAX_CHARS: usize = 1_000;
const TRACE_ARGS_MAX_CHARS: usize = 1_500;

/// A `running` run older than this was stranded (the agent's budget is far shorter).
pub const RUNNING_STRANDED_AFTER: TimeDelta = TimeDelta::minutes(20);
/// A `pending` run older than this makes the reaper wake the agent again.
pub const PENDING_WAKEUP_AFTER: TimeDelta = TimeDelta::minutes(2);
/// A `pending` run older than this is abandoned.
pub const PENDING_ABANDONED_AFTER: TimeDelta = TimeDelta::hours(6);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerType {
    Motion,
    IncidentOpened,
    Manual,
    /// Documented, never created.
    Scheduled,
}

impl TriggerType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Motion => "motion",
            Self::IncidentOpened => "incident_opened",
            Self::Manual => "manual",
            Self::Scheduled => "scheduled",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Running,
    Incident,
    NoAction,
    Error,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Incident => "incident",
            Self::NoAction => "no_action",
            Self::Error => "error",
        }
    }

    /// The outcomes `/complete` may write.
    pub fn parse_terminal(raw: &str) -> Option<Self> {
        [Self::Incident, Self::NoAction, Self::Error]
            .into_iter()
            .find(|outcome| outcome.as_str() == raw)
    }
}

/// A `sentinel_runs` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentinelRun {
    /// 32 lowercase hex characters (a UUID4 without dashes).
    pub id: String,
    pub org_id: OrgId,
    pub triggered_at: NaiveDateTime,
    pub trigger_type: String,
    pub camera_id: Option<String>,
    pub tool_call_count: i32,
    pub outcome: String,
    pub severity: Option<String>,
    pub incident_id: Option<i64>,
    pub started_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub manual_prompt: Option<String>,
    pub summary: Option<String>,
    /// JSON text of the sanitised trace.
    pub tool_trace: Option<String>,
}

impl SentinelRun {
    pub fn is_pending(&self) -> bool {
        self.outcome == Outcome::Pending.as_str()
    }
}

/// A validated `/complete` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub outcome: Outcome,
    /// Only for `incident`.
    pub severity: Option<Severity>,
    /// Only for `incident`.
    pub incident_id: Option<i64>,
    /// Cut to 8 000 characters.
    pub summary: String,
    /// Never negative.
    pub tool_call_count: i32,
    /// Sanitised; `None` leaves the stored trace alone.
    pub tool_trace: Option<Vec<Value>>,
}

/// A `/complete` body refused (400 with this text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompletionError {
    #[error("invalid outcome: '{0}'")]
    InvalidOutcome(String),
    #[error("severity required for outcome=incident")]
    SeverityRequired,
}

/// Reads a `/complete` body's values: the outcome must be terminal, `incident` needs a
/// valid severity; severity and incident id are dropped for other outcomes.
pub fn read_completion(
    outcome: &str,
    severity: Option<&str>,
    incident_id: Option<i64>,
    summary: &str,
    tool_call_count: i64,
    tool_trace: Option<&[Value]>,
) -> Result<Completion, CompletionError> {
    let outcome = Outcome::parse_terminal(outcome)
        .ok_or_else(|| CompletionError::InvalidOutcome(outcome.to_owned()))?;
    let (severity, incident_id) = if outcome == Outcome::Incident {
        let severity = severity
            .and_then(|s| Severity::parse(s).ok())
            .ok_or(CompletionError::SeverityRequired)?;
        (Some(severity), incident_id)
    } else {
        (None, None)
    };
    Ok(Completion {
        outcome,
        severity,
        incident_id,
        summary: summary.chars().take(SUMMARY_MAX_CHARS).collect(),
        tool_call_count: i32::try_from(tool_call_count.max(0)).unwrap_or(i32::MAX),
        tool_trace: tool_trace.map(sanitise_trace),
    })
}

/// What `/complete` does to a run in its current outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionRule {
    /// Write the completion.
    Apply,
    /// Leave the row as it is (first terminal outcome wins).
    Keep,
}

/// Pending and running runs complete; an `error` may later become `incident` or
/// `no_action`; any other terminal run keeps its first outcome.
pub fn completion_rule(current_outcome: &str, new: Outcome) -> CompletionRule {
    match current_outcome {
        "incident" | "no_action" => CompletionRule::Keep,
        "error" if new == Outcome::Error => CompletionRule::Keep,
        _ => CompletionRule::Apply,
    }
}

/// Keeps the last 50 entries, skips non-objects, and bounds each entry: `tool` ≤ 200
/// characters, `result` ≤ 1 000 (longer values cut and suffixed with `…`), `args` an object
/// whose JSON fits 1 500 characters or `{"_truncated": <first 1 500 chars>…}`.
pub fn sanitise_trace(entries: &[Value]) -> Vec<Value> {
    let start = entries.len().saturating_sub(TRACE_MAX_ENTRIES);
    entries[start..]
        .iter()
        .filter_map(Value::as_object)
        .map(|entry| {
            let args = match entry.get("args") {
                Some(Value::Object(args)) => bounded_args(args),
                _ => json!({}),
            };
            json!({
                "tool": cut(&text_of(entry.get("tool")), TRACE_TOOL_MAX_CHARS),
                "args": args,
                "result": cut(&text_of(entry.get("result")), TRACE_RESULT_MAX_CHARS),
            })
        })
        .collect()
}

fn bounded_args(args: &Map<String, Value>) -> Value {
    let value = Value::Object(args.clone());
    let dumped = json_dumps(&value);
    if dumped.chars().count() > TRACE_ARGS_MAX_CHARS {
        let head: String = dumped.chars().take(TRACE_ARGS_MAX_CHARS).collect();
        json!({"_truncated": head + "…"})
    } else {
        value
    }
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => json_dumps(other),
    }
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        text.chars().take(max).collect::<String>() + "…"
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_need_a_terminal_outcome_and_incidents_a_severity() {
        assert_eq!(
            read_completion("pending", None, None, "", 0, None).unwrap_err(),
            CompletionError::InvalidOutcome("pending".into())
        );
        assert_eq!(
            read_completion("nope", None, None, "", 0, None)
                .unwrap_err()
                .to_string(),
            "invalid outcome: 'nope'"
        );
        assert_eq!(
            read_completion("incident", Some("huge"), Some(1), "", 0, None).unwrap_err(),
            CompletionError::SeverityRequired
        );
        let done = read_completion("no_action", Some("high"), Some(4), "ok", -3, None).unwrap();
        assert_eq!((done.severity, done.incident_id), (None, None));
        assert_eq!(done.tool_call_count, 0);
        let filed = read_completion(
            "incident",
            Some("high"),
            Some(4),
            &"s".repeat(9000),
            2,
            None,
        )
        .unwrap();
        assert_eq!(filed.severity, Some(Severity::High));
        assert_eq!(filed.incident_id, Some(4));
        assert_eq!(filed.summary.len(), 8000);
    }

    #[test]
    fn only_errors_may_be_upgraded_after_completion() {
        assert_eq!(
            completion_rule("pending", Outcome::Error),
            CompletionRule::Apply
        );
        assert_eq!(
            completion_rule("running", Outcome::Incident),
            CompletionRule::Apply
        );
        assert_eq!(
            completion_rule("error", Outcome::Incident),
            CompletionRule::Apply
        );
        assert_eq!(
            completion_rule("error", Outcome::NoAction),
            CompletionRule::Apply
        );
        assert_eq!(
            completion_rule("error", Outcome::Error),
            CompletionRule::Keep
        );
        assert_eq!(
            completion_rule("incident", Outcome::Error),
            CompletionRule::Keep
        );
        assert_eq!(
            completion_rule("no_action", Outcome::Incident),
            CompletionRule::Keep
        );
    }

    #[test]
    fn traces_are_bounded() {
        let mut entries: Vec<Value> = (0..60)
            .map(|i| json!({"tool": format!("t{i}"), "args": {"n": i}, "result": "ok"}))
            .collect();
        entries.push(json!("not an object"));
        let kept = sanitise_trace(&entries);
        assert_eq!(kept.len(), 49, "the last 50 entries, minus the non-object");
        assert_eq!(kept[0]["tool"], "t11");
        assert_eq!(kept[0]["args"], json!({"n": 11}));

        let long = sanitise_trace(&[json!({
            "tool": "x".repeat(300),
            "args": {"blob": "y".repeat(2000)},
            "result": "z".repeat(1500),
        })]);
        assert_eq!(long[0]["tool"].as_str().unwrap().chars().count(), 201);
        assert!(long[0]["tool"].as_str().unwrap().ends_with('…'));
        assert_eq!(long[0]["result"].as_str().unwrap().chars().count(), 1001);
        let truncated = long[0]["args"]["_truncated"].as_str().unwrap();
        assert_eq!(truncated.chars().count(), 1501);
        assert!(truncated.starts_with(r#"{"blob": "yyy"#));

        let odd = sanitise_trace(&[json!({"tool": null, "args": [1], "result": {"a": 1}})]);
        assert_eq!(
            odd[0],
            json!({"tool": "", "args": {}, "result": "{\"a\": 1}"})
        );
    }
}
