//! Daily log retention (notifications-email-webhooks.md §13, data-model.md §5).
//!
//! Per org found in the log tables: the nominal plan (Setting `org_plan`; a failed lookup
//! counts as free) gives `log_retention_days` (free 30, pro 90, pro_plus 365, unknown 30);
//! rows strictly older than `now − days` go from the stream, MCP, audit, motion,
//! notification and e-mail logs. Then, for every org at once: terminal outbox rows older
//! than 7 days and webhook-ledger rows older than 30 days.
//!
//! Each delete is its own transaction (the original committed once): a failure part-way
//! leaves earlier deletes done, which a retention job can afford; the next run finishes.

use crate::blocking::unblock;
use crate::fleet::nominal_plan;
use crate::plan_lookup::PlanLookup;
use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::repos::{
    AuditRepo, MotionRepo, RepoResult, RetentionRepo, SettingsRepo, StreamAccessLogRepo,
};
use serde::Serialize;
use std::sync::Arc;

/// Terminal outbox rows are kept this long.
pub const OUTBOX_RETENTION_DAYS: i64 = 7;
/// The webhook ledger (replay protection) is kept this long.
pub const PROCESSED_WEBHOOK_RETENTION_DAYS: i64 = 30;

/// The stores the cleanup deletes from.
#[derive(Clone)]
pub struct RetentionPorts {
    pub settings: Arc<dyn SettingsRepo>,
    pub stream_logs: Arc<dyn StreamAccessLogRepo>,
    pub audit: Arc<dyn AuditRepo>,
    pub motion: Arc<dyn MotionRepo>,
    pub retention: Arc<dyn RetentionRepo>,
}

/// Rows deleted per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RetentionTotals {
    pub stream: usize,
    pub mcp: usize,
    pub audit: usize,
    pub motion: usize,
    pub notif: usize,
    pub email_log: usize,
    pub email_outbox: usize,
    pub processed_webhooks: usize,
}

impl RetentionTotals {
    pub fn sum(&self) -> usize {
        self.stream
            + self.mcp
            + self.audit
            + self.motion
            + self.notif
            + self.email_log
            + self.email_outbox
            + self.processed_webhooks
    }
}

/// `{orgs_processed, totals: {...8 keys}, total_deleted}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RetentionSummary {
    pub orgs_processed: usize,
    pub totals: RetentionTotals,
    pub total_deleted: usize,
}

/// Days the org's logs are kept.
pub fn retention_days(settings: &dyn SettingsRepo, org: &OrgId) -> i64 {
    let plan = nominal_plan(settings, org).unwrap_or_else(|error| {
        tracing::warn!(%org, %error, "plan lookup failed; retention uses the free tier");
        Plan::FREE
    });
    i64::from(plan.limits().log_retention_days)
}

/// Runs the cleanup once. **Blocking.**
pub fn run_log_cleanup(ports: &RetentionPorts, now: NaiveDateTime) -> RepoResult<RetentionSummary> {
    let orgs = ports.retention.orgs_with_logs()?;
    let mut totals = RetentionTotals::default();
    for org in &orgs {
        let cutoff = days_before(now, retention_days(ports.settings.as_ref(), org));
        totals.stream += ports
            .stream_logs
            .delete_stream_accesses_older_than(org, cutoff)?;
        totals.mcp += ports
            .retention
            .delete_mcp_activity_older_than(org, cutoff)?;
        totals.audit += ports.audit.delete_older_than(org, cutoff)?;
        totals.motion += ports.motion.delete_older_than(org, cutoff)?;
        totals.notif += ports
            .retention
            .delete_notifications_older_than(org, cutoff)?;
        totals.email_log += ports.retention.delete_email_log_older_than(org, cutoff)?;
    }
    totals.email_outbox = ports
        .retention
        .delete_terminal_outbox_older_than_all_orgs(days_before(now, OUTBOX_RETENTION_DAYS))?;
    totals.processed_webhooks = ports
        .retention
        .delete_processed_webhooks_older_than(days_before(now, PROCESSED_WEBHOOK_RETENTION_DAYS))?;
    Ok(RetentionSummary {
        orgs_processed: orgs.len(),
        totals,
        total_deleted: totals.sum(),
    })
}

fn days_before(now: NaiveDateTime, days: i64) -> NaiveDateTime {
    now - TimeDelta::days(days)
}

/// Asks the identity provider for the plan of every logged org before the cleanup reads
/// the stored plans: a paying org whose plan Setting was never written must not lose the
/// logs its plan keeps. Throttled per org like any lookup; a failed lookup keeps the stored
/// plan (and is logged).
pub async fn refresh_plans_of_logged_orgs(
    ports: &RetentionPorts,
    lookup: &Arc<PlanLookup>,
) -> RepoResult<()> {
    let retention = ports.retention.clone();
    let orgs = unblock(move || retention.orgs_with_logs()).await?;
    for org in &orgs {
        if let Err(error) = lookup.resolve_now(org).await {
            tracing::warn!(%org, %error, "plan refresh before log cleanup failed");
        }
    }
    Ok(())
}
