//! The org's plan as the live path needs it, read from the settings at most every 30 s per
//! org (plans-and-auth.md §1.4's cache): the nominal plan (Setting `org_plan`; a free or
//! missing one nudges the background billing lookup, which writes the Setting and drops
//! this memory when Clerk disagrees) and the billing standing that turns it into the
//! effective plan once past due beyond the grace.

use chrono::{DateTime, TimeDelta, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::{BillingStanding, Plan};
use sentinel_domain::settings::{ORG_PLAN, PAYMENT_PAST_DUE, PAYMENT_PAST_DUE_AT};
use sentinel_ports::driven::repos::{RepoResult, SettingsRepo};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// How long a read of the org's plan settings is trusted.
pub const PLAN_MEMORY_TTL: TimeDelta = TimeDelta::seconds(30);

/// What the settings said about an org's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgPlan {
    /// `org_plan` trimmed, `free_org` when absent or blank.
    pub nominal: Plan,
    pub standing: BillingStanding,
}

impl OrgPlan {
    /// The plan runtime caps (the viewer-hour cap) use.
    pub fn effective(&self, now: DateTime<Utc>) -> &Plan {
        self.standing.effective_plan(&self.nominal, now)
    }
}

#[derive(Default)]
pub struct PlanMemory {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    plans: HashMap<OrgId, (OrgPlan, DateTime<Utc>)>,
    /// Bumped by every forget: a load that read the settings before a forget must not
    /// store that older read after it.
    generation: u64,
}

impl PlanMemory {
    /// The remembered plan if read less than [`PLAN_MEMORY_TTL`] ago.
    pub fn get(&self, org: &OrgId, now: DateTime<Utc>) -> Option<OrgPlan> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (plan, read_at) = entries.plans.get(org)?;
        (now.signed_duration_since(*read_at) < PLAN_MEMORY_TTL).then(|| plan.clone())
    }

    /// Reads the settings (blocking) and remembers the answer.
    pub fn load(
        &self,
        settings: &dyn SettingsRepo,
        org: &OrgId,
        now: DateTime<Utc>,
    ) -> RepoResult<OrgPlan> {
        let generation = self.lock().generation;
        let values = settings.get_many(org, &[ORG_PLAN, PAYMENT_PAST_DUE, PAYMENT_PAST_DUE_AT])?;
        let plan = OrgPlan {
            nominal: Plan::or_free(values.get(ORG_PLAN).map(|slug| slug.trim())),
            standing: BillingStanding::from_settings(
                values.get(PAYMENT_PAST_DUE).map(String::as_str),
                values.get(PAYMENT_PAST_DUE_AT).map(String::as_str),
            ),
        };
        let mut entries = self.lock();
        if entries.generation == generation {
            entries.plans.insert(org.clone(), (plan.clone(), now));
        }
        Ok(plan)
    }

    /// Forgets an org at once (its plan or billing standing just changed).
    pub fn forget(&self, org: &OrgId) {
        let mut entries = self.lock();
        entries.generation += 1;
        entries.plans.remove(org);
    }

    /// Forgets every org at once.
    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.generation += 1;
        entries.plans.clear();
    }

    /// Drops expired entries (bounded memory across many orgs).
    pub fn prune(&self, now: DateTime<Utc>) {
        self.lock()
            .plans
            .retain(|_, (_, read_at)| now.signed_duration_since(*read_at) < PLAN_MEMORY_TTL);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Settings of one org, counting reads.
    struct Settings {
        values: HashMap<String, String>,
        reads: AtomicUsize,
    }

    impl SettingsRepo for Settings {
        fn get(&self, _: &OrgId, key: &str) -> RepoResult<Option<String>> {
            Ok(self.values.get(key).cloned())
        }
        fn get_many(&self, _: &OrgId, keys: &[&str]) -> RepoResult<HashMap<String, String>> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            Ok(keys
                .iter()
                .filter_map(|k| Some(((*k).to_owned(), self.values.get(*k)?.clone())))
                .collect())
        }
        fn get_by_prefix(&self, _: &OrgId, _: &str) -> RepoResult<Vec<(String, String)>> {
            Ok(Vec::new())
        }
        fn set(&self, _: &OrgId, _: &str, _: &str, _: chrono::NaiveDateTime) -> RepoResult<()> {
            Ok(())
        }
        fn set_many(
            &self,
            _: &OrgId,
            _: &[(&str, &str)],
            _: chrono::NaiveDateTime,
        ) -> RepoResult<()> {
            Ok(())
        }
        fn delete(&self, _: &OrgId, _: &str) -> RepoResult<bool> {
            Ok(false)
        }
        fn list_all_orgs_with(&self, _: &str) -> RepoResult<Vec<(OrgId, String)>> {
            Ok(Vec::new())
        }
    }

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings {
            values: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            reads: AtomicUsize::new(0),
        }
    }

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
    }

    #[test]
    fn the_plan_is_read_once_per_thirty_seconds() {
        let repo = settings(&[(ORG_PLAN, "pro")]);
        let memory = PlanMemory::default();
        let org = OrgId::new("org_a");
        assert_eq!(memory.get(&org, noon()), None);
        assert_eq!(memory.load(&repo, &org, noon()).unwrap().nominal, "pro");
        assert!(memory.get(&org, noon() + TimeDelta::seconds(29)).is_some());
        assert!(memory.get(&org, noon() + TimeDelta::seconds(30)).is_none());
        assert_eq!(repo.reads.load(Ordering::SeqCst), 1);
        memory.forget(&org);
        assert!(memory.get(&org, noon()).is_none());
        memory.load(&repo, &org, noon()).unwrap();
        memory.clear();
        assert!(memory.get(&org, noon()).is_none(), "cleared");
    }

    /// Settings whose read races a plan change: the change lands (and forgets the org)
    /// while the read is under way.
    struct RacedSettings<'a> {
        inner: Settings,
        memory: &'a PlanMemory,
    }

    impl SettingsRepo for RacedSettings<'_> {
        fn get(&self, org: &OrgId, key: &str) -> RepoResult<Option<String>> {
            self.inner.get(org, key)
        }
        fn get_many(&self, org: &OrgId, keys: &[&str]) -> RepoResult<HashMap<String, String>> {
            let read = self.inner.get_many(org, keys);
            self.memory.forget(org);
            read
        }
        fn get_by_prefix(&self, org: &OrgId, prefix: &str) -> RepoResult<Vec<(String, String)>> {
            self.inner.get_by_prefix(org, prefix)
        }
        fn set(
            &self,
            org: &OrgId,
            key: &str,
            value: &str,
            at: chrono::NaiveDateTime,
        ) -> RepoResult<()> {
            self.inner.set(org, key, value, at)
        }
        fn set_many(
            &self,
            org: &OrgId,
            pairs: &[(&str, &str)],
            at: chrono::NaiveDateTime,
        ) -> RepoResult<()> {
            self.inner.set_many(org, pairs, at)
        }
        fn delete(&self, org: &OrgId, key: &str) -> RepoResult<bool> {
            self.inner.delete(org, key)
        }
        fn list_all_orgs_with(&self, key: &str) -> RepoResult<Vec<(OrgId, String)>> {
            self.inner.list_all_orgs_with(key)
        }
    }

    #[test]
    fn a_read_that_raced_a_plan_change_is_answered_but_not_remembered() {
        let memory = PlanMemory::default();
        let org = OrgId::new("org_a");
        let raced = RacedSettings {
            inner: settings(&[(ORG_PLAN, "free_org")]),
            memory: &memory,
        };
        assert_eq!(
            memory.load(&raced, &org, noon()).unwrap().nominal,
            Plan::FREE
        );
        assert_eq!(
            memory.get(&org, noon()),
            None,
            "the next request reads again"
        );
    }

    #[test]
    fn no_setting_is_free_and_past_due_beyond_grace_caps_as_free() {
        let memory = PlanMemory::default();
        let org = OrgId::new("org_a");
        let blank = memory
            .load(&settings(&[(ORG_PLAN, "  ")]), &org, noon())
            .unwrap();
        assert_eq!(blank.nominal, Plan::FREE);
        let overdue = memory
            .load(
                &settings(&[
                    (ORG_PLAN, "pro_plus"),
                    (PAYMENT_PAST_DUE, "true"),
                    (PAYMENT_PAST_DUE_AT, "2026-11-01T00:00:00Z"),
                ]),
                &org,
                noon(),
            )
            .unwrap();
        assert_eq!(
            overdue.nominal, "pro_plus",
            "the 402 still names the paid plan"
        );
        assert_eq!(overdue.effective(noon()), &Plan::FREE);
        let in_grace = memory
            .load(
                &settings(&[
                    (ORG_PLAN, "pro"),
                    (PAYMENT_PAST_DUE, "true"),
                    (PAYMENT_PAST_DUE_AT, "2026-11-25T00:00:00Z"),
                ]),
                &org,
                noon(),
            )
            .unwrap();
        assert_eq!(in_grace.effective(noon()), &Plan::PRO);
    }
}
