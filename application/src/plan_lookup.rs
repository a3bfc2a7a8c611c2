//! The nominal plan with its live billing lookup (plans-and-auth.md §1.2), off the request
//! path: the read answers at once from Setting `org_plan`; a free or missing plan outside
//! its 60 s window schedules one background lookup of the org's Clerk subscription items,
//! and a changed live plan is written, the camera cap enforced and the viewer plan memory
//! dropped. Local mode has no `PlanLookup` at all (no Clerk, no lookup).

use crate::blocking::unblock;
use crate::fleet::PlanCaps;
use crate::live::LivePipeline;
use crate::webhooks::plan_of_items;
use chrono::{DateTime, Duration, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_domain::settings::ORG_PLAN;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::org_directory::{DirectoryError, OrgDirectory};
use sentinel_ports::driven::repos::{RepoResult, SettingsRepo};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// At most one live lookup per org inside this window.
pub const LOOKUP_WINDOW: Duration = Duration::seconds(60);
/// How often the throttle map is pruned.
pub const PRUNE_EVERY: Duration = Duration::seconds(600);

/// When each org was last looked up (process-local), pruned every [`PRUNE_EVERY`].
#[derive(Debug, Default)]
pub struct LookupThrottle {
    last_lookup: HashMap<OrgId, DateTime<Utc>>,
    last_prune: Option<DateTime<Utc>>,
}

impl LookupThrottle {
    /// Whether a live lookup of `org` may run now; if so, records it (after a due prune).
    pub fn claim(&mut self, org: &OrgId, now: DateTime<Utc>) -> bool {
        self.prune(now);
        if self
            .last_lookup
            .get(org)
            .is_some_and(|at| now - *at < LOOKUP_WINDOW)
        {
            return false;
        }
        self.last_lookup.insert(org.clone(), now);
        true
    }

    /// Drops entries older than [`LOOKUP_WINDOW`], keeps fresh ones; runs at most once per
    /// [`PRUNE_EVERY`] and records its run time. Returns whether it ran.
    pub fn prune(&mut self, now: DateTime<Utc>) -> bool {
        if self.last_prune.is_some_and(|ran| now - ran < PRUNE_EVERY) {
            return false;
        }
        self.last_lookup.retain(|_, at| now - *at <= LOOKUP_WINDOW);
        self.last_prune = Some(now);
        true
    }

    pub fn len(&self) -> usize {
        self.last_lookup.len()
    }

    pub fn is_empty(&self) -> bool {
        self.last_lookup.is_empty()
    }

    pub fn last_prune(&self) -> Option<DateTime<Utc>> {
        self.last_prune
    }
}

/// The plan to write after a live lookup, if any: a lookup error never changes the plan
/// (never downgrade on a Clerk error); otherwise the live plan when it differs from the
/// cached Setting.
pub fn plan_to_write(
    cached: Option<&Plan>,
    lookup: &Result<Vec<Value>, DirectoryError>,
    now: DateTime<Utc>,
) -> Option<Plan> {
    let items = lookup.as_ref().ok()?;
    let live = plan_of_items(items, now).0;
    (Some(&live) != cached).then_some(live)
}

/// What a background refresh touches.
pub struct PlanLookupPorts {
    pub settings: Arc<dyn SettingsRepo>,
    pub caps: Arc<PlanCaps>,
    pub live: Arc<LivePipeline>,
    /// Clerk's Backend API (the billing subscription items).
    pub directory: Arc<dyn OrgDirectory>,
    pub clock: Arc<dyn Clock>,
}

pub struct PlanLookup {
    ports: PlanLookupPorts,
    throttle: Mutex<LookupThrottle>,
}

impl PlanLookup {
    pub fn new(ports: PlanLookupPorts) -> Self {
        Self {
            ports,
            throttle: Mutex::new(LookupThrottle::default()),
        }
    }

    /// The nominal plan, at once: a paid Setting as is; otherwise the Setting or
    /// `free_org`, scheduling one background live lookup when the org is outside its
    /// window. Blocking (repository read); must run inside a Tokio runtime context for
    /// the lookup to be scheduled.
    pub fn nominal_plan(self: &Arc<Self>, org: &OrgId) -> RepoResult<Plan> {
        let cached = self.cached_plan(org)?;
        self.nudge(org, cached.as_ref());
        Ok(cached.unwrap_or(Plan::FREE))
    }

    /// Schedules one background live lookup when `cached` (the stored `org_plan`) is not
    /// a paid plan and the org is outside its window. Never blocks: callers that already
    /// read the Setting (the live path's plan memory) report what they saw.
    pub fn nudge(self: &Arc<Self>, org: &OrgId, cached: Option<&Plan>) {
        if cached.is_some_and(Plan::is_paid_ignoring_spaces) {
            return;
        }
        if self.claim(org) {
            self.schedule(org.clone());
        }
    }

    /// Resolves the nominal plan *now*, awaiting the live lookup when one is due: for
    /// background work that acts on the plan itself (log retention must not delete a
    /// paying org's logs because its Setting was never written).
    pub async fn resolve_now(self: &Arc<Self>, org: &OrgId) -> RepoResult<Plan> {
        let owned = org.clone();
        let cached = self.off_runtime(move |it| it.cached_plan(&owned)).await?;
        let paid = cached.as_ref().is_some_and(Plan::is_paid_ignoring_spaces);
        if paid || !self.claim(org) {
            return Ok(cached.unwrap_or(Plan::FREE));
        }
        let result = self.ports.directory.subscription_items(org).await;
        let owned = org.clone();
        let fresh = self
            .off_runtime(move |it| {
                it.apply(&owned, &result)?;
                it.cached_plan(&owned)
            })
            .await?;
        Ok(fresh.unwrap_or(Plan::FREE))
    }

    /// Runs repository work on the blocking pool.
    async fn off_runtime<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Self) -> RepoResult<T> + Send + 'static,
    ) -> RepoResult<T> {
        let lookup = self.clone();
        unblock(move || work(&lookup)).await
    }

    /// The stored `org_plan`, blank counted as absent. Blocking.
    fn cached_plan(&self, org: &OrgId) -> RepoResult<Option<Plan>> {
        Ok(self
            .ports
            .settings
            .get(org, ORG_PLAN)?
            .filter(|slug| !slug.trim().is_empty())
            .map(Plan::new))
    }

    fn claim(&self, org: &OrgId) -> bool {
        self.throttle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .claim(org, self.ports.clock.now())
    }

    fn schedule(self: &Arc<Self>, org: OrgId) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::debug!(%org, "plan lookup: no runtime, skipped");
            return;
        };
        let lookup = self.clone();
        runtime.spawn(async move {
            let result = lookup.ports.directory.subscription_items(&org).await;
            if let Err(error) = unblock(move || lookup.apply(&org, &result)).await {
                tracing::warn!(%error, "plan lookup: write failed");
            }
        });
    }

    /// Writes a changed live plan, enforces the camera cap and drops the plan memory.
    fn apply(&self, org: &OrgId, result: &Result<Vec<Value>, DirectoryError>) -> RepoResult<()> {
        if let Err(error) = result {
            tracing::debug!(%org, %error, "plan lookup failed, cached plan kept");
            return Ok(());
        }
        let ports = &self.ports;
        let now = ports.clock.now();
        let cached = ports.settings.get(org, ORG_PLAN)?.map(Plan::new);
        let Some(live) = plan_to_write(cached.as_ref(), result, now) else {
            return Ok(());
        };
        tracing::info!(%org, from = ?cached, to = %live, "plan lookup: live plan differs, written");
        ports
            .settings
            .set_many(org, &[(ORG_PLAN, live.as_str())], now.naive_utc())?;
        ports.live.forget_org_plan(org);
        ports.caps.enforce_camera_cap(org, now)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn one_lookup_per_org_per_window() {
        let mut throttle = LookupThrottle::default();
        let (a, b) = (OrgId::new("org_a"), OrgId::new("org_b"));
        assert!(throttle.claim(&a, at(0)));
        assert!(!throttle.claim(&a, at(30)));
        assert!(!throttle.claim(&a, at(59)));
        assert!(throttle.claim(&b, at(59)));
        assert!(throttle.claim(&a, at(60)));
        assert!(!throttle.claim(&a, at(61)));
    }

    #[test]
    fn prune_drops_stale_keeps_fresh_and_runs_at_most_every_ten_minutes() {
        let mut throttle = LookupThrottle::default();
        assert!(throttle.prune(at(0)));
        assert_eq!(throttle.last_prune(), Some(at(0)));
        assert!(throttle.claim(&OrgId::new("old"), at(100)));
        assert!(throttle.claim(&OrgId::new("fresh"), at(570)));
        assert_eq!(throttle.len(), 2);
        // Not yet due: nothing dropped, run time unchanged.
        assert!(!throttle.prune(at(599)));
        assert_eq!(throttle.len(), 2);
        assert_eq!(throttle.last_prune(), Some(at(0)));
        // Due: "old" (500 s) goes, "fresh" (30 s) stays; the run time is recorded.
        assert!(throttle.prune(at(600)));
        assert_eq!(throttle.len(), 1);
        assert_eq!(throttle.last_prune(), Some(at(600)));
        assert!(!throttle.claim(&OrgId::new("fresh"), at(601)));
        assert!(!throttle.prune(at(1199)));
        assert!(throttle.prune(at(1200)));
        assert!(throttle.is_empty());
    }

    #[test]
    fn a_lookup_error_never_changes_the_plan() {
        let error = Err(DirectoryError("down".to_owned()));
        assert_eq!(plan_to_write(Some(&Plan::PRO), &error, at(0)), None);
        assert_eq!(plan_to_write(None, &error, at(0)), None);
    }

    #[test]
    fn a_differing_live_plan_is_written_and_an_equal_one_is_not() {
        let pro = Ok(vec![json!({"status": "active", "plan": {"slug": "pro"}})]);
        assert_eq!(
            plan_to_write(Some(&Plan::FREE), &pro, at(0)),
            Some(Plan::PRO)
        );
        assert_eq!(plan_to_write(None, &pro, at(0)), Some(Plan::PRO));
        assert_eq!(plan_to_write(Some(&Plan::PRO), &pro, at(0)), None);
        let none = Ok(Vec::new());
        assert_eq!(plan_to_write(Some(&Plan::FREE), &none, at(0)), None);
        assert_eq!(
            plan_to_write(Some(&Plan::new("")), &none, at(0)),
            Some(Plan::FREE),
            "a blank Setting is rewritten"
        );
    }
}
