//! The Sentinel agent (integration-and-sentinel.md §3.2–§3.4): the org's config, the run
//! dict in its variants (listed, with its trace, claimed, pending with its org) and the
//! run history's counters.

use chrono::NaiveDateTime;
use sentinel_application::sentinel::{AgentStatus, ConfigView, RunListing};
use sentinel_domain::sentinel::{
    PLAN_REQUIRED, SentinelConfig, SentinelRun, cap_for_plan, is_eligible,
};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The org's Sentinel config.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentinelConfigBody {
    pub enabled: bool,
    pub motion_enabled: bool,
    pub incident_opened_enabled: bool,
    /// Minutes between motion-triggered runs of one camera (1–60).
    pub motion_cooldown_min: i32,
    /// `always`, `scheduled` or `off`.
    #[schema(example = "always")]
    pub schedule_mode: String,
    /// `HH:MM`, the org's timezone.
    #[schema(example = "22:00")]
    pub schedule_start: String,
    #[schema(example = "06:00")]
    pub schedule_end: String,
    /// Weekday keys (`mon` … `sun`).
    pub active_days: Vec<String>,
    /// Camera id → in scope; only an explicit `false` excludes a camera.
    #[schema(value_type = Object)]
    pub camera_scope: Map<String, Value>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub created_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub updated_at: Option<NaiveDateTime>,
}

impl From<&SentinelConfig> for SentinelConfigBody {
    fn from(config: &SentinelConfig) -> Self {
        Self {
            enabled: config.enabled,
            motion_enabled: config.motion_enabled,
            incident_opened_enabled: config.incident_opened_enabled,
            motion_cooldown_min: config.motion_cooldown_min,
            schedule_mode: config.schedule_mode.clone(),
            schedule_start: config.schedule_start.clone(),
            schedule_end: config.schedule_end.clone(),
            active_days: config.active_days.clone(),
            camera_scope: config.camera_scope.clone(),
            created_at: config.created_at,
            updated_at: config.updated_at,
        }
    }
}

/// `GET /api/sentinel/config`: the config and where the org's plan stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentinelConfigView {
    pub config: SentinelConfigBody,
    /// The plan does not include Sentinel.
    pub plan_gated: bool,
    /// The cheapest plan that does (`pro`).
    pub plan_required: &'static str,
    /// The plan's display name.
    pub plan_current: &'static str,
    /// Runs a month on this plan.
    pub monthly_cap: i64,
    pub agent: SentinelAgentStatus,
}

/// Why runs may wait: what this instance has seen of the agent. Every run counts toward
/// the monthly cap from the moment it is created; a run pending over 2 minutes triggers a
/// wake-up, and one never claimed within 6 hours ends as `error` (§3.6).
#[derive(Debug, Serialize, ToSchema)]
pub struct SentinelAgentStatus {
    /// A wake-up webhook URL and agent key are configured.
    pub wakeup_configured: bool,
    /// An agent key is configured: without one the agent cannot poll or report.
    pub agent_key_configured: bool,
    /// The agent's last poll for pending runs seen by this instance.
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_poll_at: Option<NaiveDateTime>,
    /// The last wake-up this instance sent.
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_wakeup_at: Option<NaiveDateTime>,
    /// Why that wake-up failed (`HTTP 503`, `could not connect`, ...); null when it
    /// succeeded, is still in flight, or none was sent.
    pub last_wakeup_error: Option<String>,
}

impl From<&AgentStatus> for SentinelAgentStatus {
    fn from(status: &AgentStatus) -> Self {
        let wakeup = status.last_wakeup.as_ref();
        Self {
            wakeup_configured: status.wakeup_configured,
            agent_key_configured: status.agent_key_configured,
            last_poll_at: status.last_poll_at.map(|at| at.naive_utc()),
            last_wakeup_at: wakeup.map(|attempt| attempt.at.naive_utc()),
            last_wakeup_error: wakeup.and_then(|attempt| attempt.error.clone()),
        }
    }
}

impl From<&ConfigView> for SentinelConfigView {
    fn from(view: &ConfigView) -> Self {
        Self {
            config: SentinelConfigBody::from(&view.config),
            plan_gated: !is_eligible(&view.plan),
            plan_required: PLAN_REQUIRED.slug(),
            plan_current: view.plan.display_name(),
            monthly_cap: cap_for_plan(&view.plan),
            agent: SentinelAgentStatus::from(&view.agent),
        }
    }
}

/// `PATCH /api/sentinel/config`: the config as it is now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentinelConfigUpdated {
    pub config: SentinelConfigBody,
}

/// The outcomes the agent may report (schema only: `/complete` reads them as text, so an
/// unknown one keeps its 400 wording).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    Incident,
    NoAction,
    Error,
}

/// The run dict.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SentinelRunItem {
    /// 32 lowercase hex characters.
    pub id: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub triggered_at: NaiveDateTime,
    /// `motion`, `incident_opened`, `manual` or `scheduled`.
    #[schema(example = "manual")]
    pub trigger_type: String,
    pub camera_id: Option<String>,
    pub tool_call_count: i32,
    /// `pending`, `running`, `incident`, `no_action` or `error`.
    #[schema(example = "pending")]
    pub outcome: String,
    pub severity: Option<String>,
    pub incident_id: Option<i64>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub started_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub completed_at: Option<NaiveDateTime>,
    pub manual_prompt: Option<String>,
    /// `""` until the agent reports.
    pub summary: String,
}

impl From<&SentinelRun> for SentinelRunItem {
    fn from(run: &SentinelRun) -> Self {
        Self {
            id: run.id.clone(),
            triggered_at: run.triggered_at,
            trigger_type: run.trigger_type.clone(),
            camera_id: run.camera_id.clone(),
            tool_call_count: run.tool_call_count,
            outcome: run.outcome.clone(),
            severity: run.severity.clone(),
            incident_id: run.incident_id,
            started_at: run.started_at,
            completed_at: run.completed_at,
            manual_prompt: run.manual_prompt.clone(),
            summary: run.summary.clone().unwrap_or_default(),
        }
    }
}

/// The run dict with its tool trace.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentinelRunDetail {
    #[serde(flatten)]
    pub run: SentinelRunItem,
    /// `[{tool, args, result}]`, each bounded; `[]` when none was recorded.
    #[schema(value_type = Vec<Object>)]
    pub tool_trace: Vec<Value>,
}

impl From<&SentinelRun> for SentinelRunDetail {
    fn from(run: &SentinelRun) -> Self {
        // A stored trace that is not a JSON list reads as none.
        let tool_trace = run
            .tool_trace
            .as_deref()
            .and_then(|raw| serde_json::from_str::<Vec<Value>>(raw).ok())
            .unwrap_or_default();
        Self {
            run: SentinelRunItem::from(run),
            tool_trace,
        }
    }
}

/// A pending run as the agent sees it: with the org it belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingRun {
    #[serde(flatten)]
    pub run: SentinelRunItem,
    pub org_id: String,
}

impl From<&SentinelRun> for PendingRun {
    fn from(run: &SentinelRun) -> Self {
        Self {
            run: SentinelRunItem::from(run),
            org_id: run.org_id.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PendingRuns {
    /// Oldest first.
    pub runs: Vec<PendingRun>,
}

/// `/start`: the run, and whether this call claimed it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimedRun {
    #[serde(flatten)]
    pub run: SentinelRunItem,
    /// `false`: the run was not pending; it is returned unchanged.
    pub claimed: bool,
}

/// A page of the org's runs, newest first, with the counters.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentinelRunList {
    pub runs: Vec<SentinelRunItem>,
    /// Every run matching the filters.
    pub total: i64,
    pub stats: SentinelRunStats,
}

/// Today (from local midnight), this month (from the 1st, UTC) and overall.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentinelRunStats {
    pub runs_today: i64,
    pub runs_total: i64,
    pub runs_this_month: i64,
    pub incidents_filed: i64,
    /// Runs `pending` or `running`.
    pub pending: i64,
    pub monthly_cap: i64,
    pub remaining_this_month: i64,
}

impl From<&RunListing> for SentinelRunList {
    fn from(listing: &RunListing) -> Self {
        let stats = &listing.stats;
        Self {
            runs: listing
                .page
                .runs
                .iter()
                .map(SentinelRunItem::from)
                .collect(),
            total: listing.page.total,
            stats: SentinelRunStats {
                runs_today: stats.runs_today,
                runs_total: stats.runs_total,
                runs_this_month: stats.runs_this_month,
                incidents_filed: stats.incidents_filed,
                pending: stats.pending,
                monthly_cap: listing.monthly_cap,
                remaining_this_month: listing.remaining_this_month,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sentinel_domain::ids::OrgId;
    use serde_json::{json, to_value};

    #[test]
    fn the_run_dict_has_an_empty_summary_and_an_optional_trace() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap();
        let run = SentinelRun {
            id: "a".repeat(32),
            org_id: OrgId::new("org_a"),
            triggered_at: at,
            trigger_type: "manual".into(),
            camera_id: None,
            tool_call_count: 0,
            outcome: "pending".into(),
            severity: None,
            incident_id: None,
            started_at: None,
            completed_at: None,
            manual_prompt: Some("look".into()),
            summary: None,
            tool_trace: Some("{\"not\": \"a list\"}".into()),
        };
        let dict = to_value(SentinelRunItem::from(&run)).unwrap();
        assert_eq!(dict["summary"], "");
        assert_eq!(dict["triggered_at"], "2026-11-27T12:00:00");
        assert_eq!(dict["started_at"], json!(null));
        assert!(dict.get("tool_trace").is_none());
        let detail = to_value(SentinelRunDetail::from(&run)).unwrap();
        assert_eq!(detail["tool_trace"], json!([]));
        assert_eq!(detail["manual_prompt"], "look");
        let pending = to_value(PendingRun::from(&run)).unwrap();
        assert_eq!(pending["org_id"], "org_a");
    }
}
