//! The share links this instance has resolved, by token hash: what each one opens, so the
//! playlist and segment routes never touch the database while a link is being watched.
//! Entries live a minute at most and are dropped at once (here and, through the
//! invalidation bus, on every instance) when a link is revoked or what it opens changes.

use crate::memories::InvalidationOutlet;
use chrono::{DateTime, Duration, Utc};
use sentinel_domain::ids::{CameraId, OrgId, UserId};
use sentinel_domain::sharing::ShareLink;
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationPublisher};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// How long a resolved link is trusted without asking the database again.
pub const GRANT_TTL_SECONDS: i64 = 60;
/// Resolved links kept at most; beyond it the stale ones go, then everything (only valid
/// tokens are ever remembered, so an outsider cannot fill it).
const MAX_GRANTS: usize = 10_000;

/// A link as resolved: the stored row, the name its viewers go by in the access log and the
/// meter, and the cameras it opened at `resolved_at`. Shared (`Arc`), so a media request that
/// finds it in memory allocates nothing for it.
#[derive(Debug, Clone)]
pub struct Grant {
    pub link: ShareLink,
    pub principal: UserId,
    pub cameras: HashSet<CameraId>,
    pub resolved_at: DateTime<Utc>,
}

impl Grant {
    pub fn new(link: ShareLink, cameras: HashSet<CameraId>, resolved_at: DateTime<Utc>) -> Self {
        Self {
            principal: UserId::new(link.principal()),
            link,
            cameras,
            resolved_at,
        }
    }

    pub fn opens(&self, camera_id: &CameraId) -> bool {
        self.cameras.contains(camera_id)
    }
}

#[derive(Default)]
pub struct ShareGrants {
    entries: Mutex<HashMap<String, Arc<Grant>>>,
    /// Bumped by every forget, so a grant resolved before a revocation is not remembered
    /// after it.
    forgets: AtomicU64,
    invalidations: InvalidationOutlet,
}

impl ShareGrants {
    pub fn attach_invalidations(&self, publisher: Arc<dyn InvalidationPublisher>) {
        self.invalidations.attach(publisher);
    }

    /// The grant for `token_hash` if it was resolved less than [`GRANT_TTL_SECONDS`] ago.
    pub fn cached(&self, token_hash: &str, now: DateTime<Utc>) -> Option<Arc<Grant>> {
        let entries = self.lock();
        let grant = entries.get(token_hash)?;
        (now.signed_duration_since(grant.resolved_at) < Duration::seconds(GRANT_TTL_SECONDS))
            .then(|| Arc::clone(grant))
    }

    /// The value to hand back to [`Self::remember`] after resolving a grant.
    pub fn generation(&self) -> u64 {
        self.forgets.load(Ordering::SeqCst)
    }

    /// Keeps `grant` unless something was forgotten since `generation` was read.
    pub fn remember(&self, token_hash: &str, grant: Arc<Grant>, generation: u64) {
        let mut entries = self.lock();
        if self.forgets.load(Ordering::SeqCst) != generation {
            return;
        }
        if entries.len() >= MAX_GRANTS {
            let cutoff = grant.resolved_at - Duration::seconds(GRANT_TTL_SECONDS);
            entries.retain(|_, kept| kept.resolved_at > cutoff);
            if entries.len() >= MAX_GRANTS {
                entries.clear();
            }
        }
        entries.insert(token_hash.to_owned(), grant);
    }

    /// Drops every link of the org here and on the other instances.
    pub fn forget_org(&self, org: &OrgId) {
        self.drop_org(org);
        self.invalidations
            .publish(Invalidation::ShareLinks(org.clone()));
    }

    /// Another instance's forget: the local part only, nothing published.
    pub fn apply_remote(&self, invalidation: &Invalidation) {
        match invalidation {
            Invalidation::ShareLinks(org)
            | Invalidation::Org(org)
            | Invalidation::Camera { org, .. } => self.drop_org(org),
            Invalidation::Node(_)
            | Invalidation::ApiKeyHash(_)
            | Invalidation::ApiKeyId(_)
            | Invalidation::Plan(_)
            | Invalidation::MemberAccess(_) => {}
        }
    }

    /// Drops everything (invalidations may have been missed); nothing published.
    pub fn forget_everything(&self) {
        let mut entries = self.lock();
        self.forgets.fetch_add(1, Ordering::SeqCst);
        entries.clear();
    }

    fn drop_org(&self, org: &OrgId) {
        let mut entries = self.lock();
        self.forgets.fetch_add(1, Ordering::SeqCst);
        entries.retain(|_, grant| grant.link.org_id != *org);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Grant>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use sentinel_domain::sharing::ShareScope;

    fn at(second: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + second, 0)
            .single()
            .expect("valid time")
    }

    fn grant(org: &str, resolved_at: DateTime<Utc>) -> Arc<Grant> {
        let day = NaiveDate::from_ymd_opt(2027, 1, 1)
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .expect("valid time");
        Arc::new(Grant::new(
            ShareLink {
                id: 1,
                org_id: OrgId::new(org),
                label: "l".into(),
                scope: ShareScope::Camera(CameraId::new("c")),
                created_by: "a".into(),
                created_at: day,
                expires_at: day,
                revoked_at: None,
                max_viewers: None,
                views: 0,
                last_used_at: None,
            },
            HashSet::from([CameraId::new("c")]),
            resolved_at,
        ))
    }

    #[derive(Default)]
    struct Recorder(Mutex<Vec<Invalidation>>);

    impl InvalidationPublisher for Recorder {
        fn publish(&self, invalidation: Invalidation) {
            self.0.lock().expect("not poisoned").push(invalidation);
        }
    }

    #[test]
    fn a_grant_is_trusted_for_a_minute() {
        let grants = ShareGrants::default();
        grants.remember("h", grant("org_a", at(0)), grants.generation());
        assert!(grants.cached("h", at(59)).is_some());
        assert!(grants.cached("h", at(60)).is_none());
        assert!(grants.cached("other", at(1)).is_none());
    }

    #[test]
    fn forgetting_an_org_drops_its_grants_publishes_and_spares_others() {
        let grants = ShareGrants::default();
        let recorder = Arc::new(Recorder::default());
        grants.attach_invalidations(recorder.clone());
        grants.remember("a", grant("org_a", at(0)), grants.generation());
        grants.remember("b", grant("org_b", at(0)), grants.generation());
        grants.forget_org(&OrgId::new("org_a"));
        assert!(grants.cached("a", at(1)).is_none());
        assert!(grants.cached("b", at(1)).is_some());
        assert_eq!(
            *recorder.0.lock().expect("not poisoned"),
            vec![Invalidation::ShareLinks(OrgId::new("org_a"))]
        );
    }

    #[test]
    fn a_grant_resolved_before_a_forget_is_not_remembered() {
        let grants = ShareGrants::default();
        let generation = grants.generation();
        grants.apply_remote(&Invalidation::ShareLinks(OrgId::new("org_a")));
        grants.remember("a", grant("org_a", at(0)), generation);
        assert!(grants.cached("a", at(1)).is_none());
    }

    #[test]
    fn remote_camera_and_org_changes_drop_the_org() {
        let grants = ShareGrants::default();
        for invalidation in [
            Invalidation::Camera {
                org: OrgId::new("org_a"),
                camera_id: CameraId::new("c"),
            },
            Invalidation::Org(OrgId::new("org_a")),
        ] {
            grants.remember("a", grant("org_a", at(0)), grants.generation());
            grants.apply_remote(&invalidation);
            assert!(grants.cached("a", at(1)).is_none(), "{invalidation:?}");
        }
    }
}
