//! The Sentinel AI agent's rules (integration-and-sentinel.md §3): which plans get it and
//! how many runs a month, the per-org config (defaults, PATCH validation), the schedule
//! window in the org's timezone, camera scope, motion cooldown, the fleet-wide switches,
//! the dispatch gates in their order, run outcomes and the tool-trace sanitising. Pure:
//! `now` and every count come in as arguments.

mod config;
mod gates;
mod plans;
mod runs;
mod schedule;

pub use config::{
    ALL_DAYS, ConfigPatch, PatchError, ScheduleMode, SentinelConfig, read_active_days,
    read_camera_scope, read_patch,
};
pub use gates::{
    DispatchRefusal, FleetSwitches, cooldown_since, fleet_gate, in_camera_scope, is_feedback,
    trigger_for_kind,
};
pub use plans::{PLAN_REQUIRED, cap_for_plan, cap_remaining, is_eligible};
pub use runs::{
    Completion, CompletionError, CompletionRule, MANUAL_PROMPT_MAX_CHARS, Outcome,
    PENDING_ABANDONED_AFTER, PENDING_WAKEUP_AFTER, RUNNING_STRANDED_AFTER, SUMMARY_MAX_CHARS,
    SentinelRun, TriggerType, completion_rule, read_completion, sanitise_trace,
};
pub use schedule::{
    check_hhmm, in_schedule, local_midnight_utc, month_start, org_local_time, parse_hhmm_lenient,
};
