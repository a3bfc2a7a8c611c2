//! The member camera-group restrictions this instance has read, by org
//! (docs/design/member-access.md §4.2), so the live path can resolve a viewer's scope
//! without touching the database per request.
//!
//! One entry holds a whole org's rows: an org where nobody is restricted is remembered as an
//! empty map, so unrestricted orgs (the common case) read the database once per TTL, not once
//! per request. Entries live a minute at most (a safety net for a missed invalidation) and
//! are dropped at once, here and through the invalidation bus on every instance, when the
//! org's restrictions change. Nothing enforces a scope yet; this is the memory only.

use crate::memories::InvalidationOutlet;
use chrono::{DateTime, Duration, Utc};
use sentinel_domain::fleet::CameraScope;
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationPublisher};
use sentinel_ports::driven::repos::{MemberAccessRepo, RepoResult};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// How long an org's restrictions are trusted without asking the database again (the same
/// as the API-key memory).
pub const MEMBER_ACCESS_TTL_SECONDS: i64 = 60;

/// An org's restricted members and the groups each may see; absent users are unrestricted.
pub type OrgRestrictions = Arc<HashMap<UserId, Arc<BTreeSet<i64>>>>;

struct Entry {
    restrictions: OrgRestrictions,
    loaded_at: DateTime<Utc>,
}

pub struct MemberAccess {
    repo: Arc<dyn MemberAccessRepo>,
    clock: Arc<dyn Clock>,
    /// Read on every request of a non-admin, written once per org and TTL: a read lock.
    memory: RwLock<HashMap<OrgId, Entry>>,
    /// Bumped by every forget, so a load that started before a forget (and may have read
    /// the rows as they were before the change) is not remembered after it.
    forgets: AtomicU64,
    invalidations: InvalidationOutlet,
}

impl MemberAccess {
    pub fn new(repo: Arc<dyn MemberAccessRepo>, clock: Arc<dyn Clock>) -> Self {
        Self {
            repo,
            clock,
            memory: RwLock::new(HashMap::new()),
            forgets: AtomicU64::new(0),
            invalidations: InvalidationOutlet::default(),
        }
    }

    pub fn attach_invalidations(&self, publisher: Arc<dyn InvalidationPublisher>) {
        self.invalidations.attach(publisher);
    }

    /// The caller's scope from memory alone; `None` when the org must be loaded first
    /// ([`Self::load_org`]). Admins are never restricted, so they need no memory at all.
    pub fn cached_scope(&self, org: &OrgId, user: &UserId, is_admin: bool) -> Option<CameraScope> {
        if is_admin {
            return Some(CameraScope::All);
        }
        let now = self.clock.now();
        let memory = self.read();
        let entry = memory.get(org)?;
        fresh(entry, now).then(|| scope_of(&entry.restrictions, user))
    }

    /// Reads the org's restrictions from the database and remembers them. Blocking: call it
    /// off the async runtime.
    pub fn load_org(&self, org: &OrgId) -> RepoResult<()> {
        self.load(org).map(drop)
    }

    /// The caller's scope, from memory or else from the database (blocking on a miss). A
    /// storage error is returned, never read as "unrestricted".
    pub fn scope(&self, org: &OrgId, user: &UserId, is_admin: bool) -> RepoResult<CameraScope> {
        if let Some(scope) = self.cached_scope(org, user, is_admin) {
            return Ok(scope);
        }
        let restrictions = self.load(org)?;
        Ok(scope_of(&restrictions, user))
    }

    /// Drops the org's restrictions here and on the other instances.
    pub fn forget_org(&self, org: &OrgId) {
        self.drop_org(org);
        self.invalidations
            .publish(Invalidation::MemberAccess(org.clone()));
    }

    /// Another instance's forget: the local part only, nothing published.
    pub fn apply_remote(&self, invalidation: &Invalidation) {
        match invalidation {
            Invalidation::MemberAccess(org) | Invalidation::Org(org) => self.drop_org(org),
            Invalidation::Node(_)
            | Invalidation::Camera { .. }
            | Invalidation::ApiKeyHash(_)
            | Invalidation::ApiKeyId(_)
            | Invalidation::Plan(_)
            | Invalidation::ShareLinks(_) => {}
        }
    }

    /// Drops everything (invalidations may have been missed); nothing published.
    pub fn forget_everything(&self) {
        let mut memory = self.write();
        self.forgets.fetch_add(1, Ordering::SeqCst);
        memory.clear();
    }

    /// Loads the org and hands back what was read, remembered or not: a caller racing a
    /// forget still gets an answer, only the memory refuses the possibly stale rows.
    fn load(&self, org: &OrgId) -> RepoResult<OrgRestrictions> {
        let generation = self.forgets.load(Ordering::SeqCst);
        // Read before the query, so the TTL never outlives the data it covers.
        let loaded_at = self.clock.now();
        let rows = self.repo.list(org)?;
        let restrictions: OrgRestrictions = Arc::new(
            rows.into_iter()
                .map(|row| (row.user_id, Arc::new(row.group_ids)))
                .collect(),
        );
        let mut memory = self.write();
        if self.forgets.load(Ordering::SeqCst) == generation {
            // Expired orgs go here rather than on a timer: the map holds one entry per org.
            memory.retain(|_, entry| fresh(entry, loaded_at));
            memory.insert(
                org.clone(),
                Entry {
                    restrictions: restrictions.clone(),
                    loaded_at,
                },
            );
        }
        Ok(restrictions)
    }

    fn drop_org(&self, org: &OrgId) {
        let mut memory = self.write();
        self.forgets.fetch_add(1, Ordering::SeqCst);
        memory.remove(org);
    }

    fn read(&self) -> RwLockReadGuard<'_, HashMap<OrgId, Entry>> {
        self.memory.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, HashMap<OrgId, Entry>> {
        self.memory.write().unwrap_or_else(PoisonError::into_inner)
    }
}

fn fresh(entry: &Entry, now: DateTime<Utc>) -> bool {
    now.signed_duration_since(entry.loaded_at) < Duration::seconds(MEMBER_ACCESS_TTL_SECONDS)
}

/// Non-admins only: the admin case never reaches the memory.
fn scope_of(restrictions: &HashMap<UserId, Arc<BTreeSet<i64>>>, user: &UserId) -> CameraScope {
    match restrictions.get(user) {
        Some(groups) => CameraScope::Groups(groups.clone()),
        None => CameraScope::All,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDateTime, TimeZone};
    use sentinel_domain::fleet::MemberRestriction;
    use sentinel_ports::driven::clock::ManualClock;
    use sentinel_ports::driven::repos::RepoError;
    use std::sync::{Mutex, OnceLock, Weak};

    type Hook = Box<dyn FnOnce() + Send>;

    /// Counts loads; may fail, or run a hook in the middle of a load (to race a forget).
    #[derive(Default)]
    struct FakeRepo {
        rows: Mutex<HashMap<OrgId, Vec<MemberRestriction>>>,
        loads: AtomicU64,
        failing: std::sync::atomic::AtomicBool,
        during_load: Mutex<Option<Hook>>,
    }

    impl FakeRepo {
        fn loads(&self) -> u64 {
            self.loads.load(Ordering::SeqCst)
        }

        fn restrict(&self, org: &str, user: &str, groups: &[i64]) {
            self.rows
                .lock()
                .expect("not poisoned")
                .entry(OrgId::new(org))
                .or_default()
                .push(MemberRestriction {
                    user_id: UserId::new(user),
                    group_ids: groups.iter().copied().collect(),
                    updated_by: "admin".into(),
                    updated_at: NaiveDateTime::default(),
                });
        }
    }

    impl MemberAccessRepo for FakeRepo {
        fn list(&self, org: &OrgId) -> RepoResult<Vec<MemberRestriction>> {
            self.loads.fetch_add(1, Ordering::SeqCst);
            let hook = self.during_load.lock().expect("not poisoned").take();
            if let Some(hook) = hook {
                hook();
            }
            if self.failing.load(Ordering::SeqCst) {
                return Err(RepoError::Unavailable("down".into()));
            }
            Ok(self
                .rows
                .lock()
                .expect("not poisoned")
                .get(org)
                .cloned()
                .unwrap_or_default())
        }

        fn set(
            &self,
            _: &OrgId,
            _: &UserId,
            _: &BTreeSet<i64>,
            _: &str,
            _: NaiveDateTime,
        ) -> RepoResult<MemberRestriction> {
            unimplemented!("the memory never writes")
        }

        fn clear(&self, _: &OrgId, _: &UserId) -> RepoResult<bool> {
            unimplemented!("the memory never writes")
        }
    }

    #[derive(Default)]
    struct Recorder(Mutex<Vec<Invalidation>>);

    impl InvalidationPublisher for Recorder {
        fn publish(&self, invalidation: Invalidation) {
            self.0.lock().expect("not poisoned").push(invalidation);
        }
    }

    fn setup() -> (Arc<MemberAccess>, Arc<FakeRepo>, Arc<ManualClock>) {
        let repo = Arc::new(FakeRepo::default());
        let start = Utc
            .timestamp_opt(1_800_000_000, 0)
            .single()
            .expect("valid time");
        let clock = Arc::new(ManualClock::new(start));
        let access = Arc::new(MemberAccess::new(repo.clone(), clock.clone()));
        (access, repo, clock)
    }

    fn org(id: &str) -> OrgId {
        OrgId::new(id)
    }

    fn user(id: &str) -> UserId {
        UserId::new(id)
    }

    fn groups(ids: &[i64]) -> CameraScope {
        CameraScope::Groups(Arc::new(ids.iter().copied().collect()))
    }

    #[test]
    fn a_restricted_member_gets_their_groups_and_others_everything() {
        let (access, repo, _) = setup();
        repo.restrict("org_a", "bob", &[1, 2]);
        assert_eq!(
            access.scope(&org("org_a"), &user("bob"), false),
            Ok(groups(&[1, 2]))
        );
        assert_eq!(
            access.cached_scope(&org("org_a"), &user("carol"), false),
            Some(CameraScope::All)
        );
        assert_eq!(repo.loads(), 1);
    }

    #[test]
    fn a_second_call_within_the_ttl_loads_nothing_and_after_it_loads_again() {
        let (access, repo, clock) = setup();
        repo.restrict("org_a", "bob", &[3]);
        assert!(
            access
                .cached_scope(&org("org_a"), &user("bob"), false)
                .is_none()
        );
        assert_eq!(access.load_org(&org("org_a")), Ok(()));
        clock.advance(Duration::seconds(MEMBER_ACCESS_TTL_SECONDS - 1));
        assert_eq!(
            access.scope(&org("org_a"), &user("bob"), false),
            Ok(groups(&[3]))
        );
        assert_eq!(repo.loads(), 1);
        clock.advance(Duration::seconds(1));
        assert!(
            access
                .cached_scope(&org("org_a"), &user("bob"), false)
                .is_none()
        );
        assert_eq!(
            access.scope(&org("org_a"), &user("bob"), false),
            Ok(groups(&[3]))
        );
        assert_eq!(repo.loads(), 2);
    }

    #[test]
    fn an_org_with_no_rows_is_remembered_as_unrestricted() {
        let (access, repo, _) = setup();
        for _ in 0..3 {
            assert_eq!(
                access.scope(&org("org_a"), &user("bob"), false),
                Ok(CameraScope::All)
            );
        }
        assert_eq!(repo.loads(), 1);
    }

    #[test]
    fn admins_never_load() {
        let (access, repo, _) = setup();
        repo.restrict("org_a", "bob", &[1]);
        assert_eq!(
            access.cached_scope(&org("org_a"), &user("bob"), true),
            Some(CameraScope::All)
        );
        assert_eq!(
            access.scope(&org("org_a"), &user("bob"), true),
            Ok(CameraScope::All)
        );
        assert_eq!(repo.loads(), 0);
    }

    #[test]
    fn a_storage_error_fails_closed_and_is_not_remembered() {
        let (access, repo, _) = setup();
        repo.failing.store(true, Ordering::SeqCst);
        assert_eq!(
            access.scope(&org("org_a"), &user("bob"), false),
            Err(RepoError::Unavailable("down".into()))
        );
        assert!(access.load_org(&org("org_a")).is_err());
        assert!(
            access
                .cached_scope(&org("org_a"), &user("bob"), false)
                .is_none()
        );
    }

    #[test]
    fn forget_org_drops_it_publishes_and_spares_other_orgs() {
        let (access, repo, _) = setup();
        let recorder = Arc::new(Recorder::default());
        access.attach_invalidations(recorder.clone());
        access.load_org(&org("org_a")).expect("loads");
        access.load_org(&org("org_b")).expect("loads");
        access.forget_org(&org("org_a"));
        assert!(
            access
                .cached_scope(&org("org_a"), &user("bob"), false)
                .is_none()
        );
        assert!(
            access
                .cached_scope(&org("org_b"), &user("bob"), false)
                .is_some()
        );
        assert_eq!(
            *recorder.0.lock().expect("not poisoned"),
            vec![Invalidation::MemberAccess(org("org_a"))]
        );
        assert_eq!(repo.loads(), 2);
    }

    #[test]
    fn remote_member_access_and_org_changes_drop_the_org_without_publishing() {
        let (access, _, _) = setup();
        let recorder = Arc::new(Recorder::default());
        access.attach_invalidations(recorder.clone());
        for invalidation in [
            Invalidation::MemberAccess(org("org_a")),
            Invalidation::Org(org("org_a")),
        ] {
            access.load_org(&org("org_a")).expect("loads");
            access.apply_remote(&invalidation);
            assert!(
                access
                    .cached_scope(&org("org_a"), &user("bob"), false)
                    .is_none(),
                "{invalidation:?}"
            );
        }
        access.load_org(&org("org_a")).expect("loads");
        access.apply_remote(&Invalidation::Plan(org("org_a")));
        access.apply_remote(&Invalidation::ShareLinks(org("org_a")));
        assert!(
            access
                .cached_scope(&org("org_a"), &user("bob"), false)
                .is_some()
        );
        assert!(recorder.0.lock().expect("not poisoned").is_empty());
    }

    #[test]
    fn a_load_racing_a_forget_answers_but_is_not_remembered() {
        let (access, repo, _) = setup();
        repo.restrict("org_a", "bob", &[1]);
        let weak: Arc<OnceLock<Weak<MemberAccess>>> = Arc::new(OnceLock::new());
        weak.set(Arc::downgrade(&access)).expect("set once");
        let hook_target = weak.clone();
        *repo.during_load.lock().expect("not poisoned") = Some(Box::new(move || {
            if let Some(access) = hook_target.get().and_then(Weak::upgrade) {
                access.apply_remote(&Invalidation::MemberAccess(OrgId::new("org_a")));
            }
        }));
        assert_eq!(
            access.scope(&org("org_a"), &user("bob"), false),
            Ok(groups(&[1]))
        );
        assert!(
            access
                .cached_scope(&org("org_a"), &user("bob"), false)
                .is_none()
        );
        access.load_org(&org("org_a")).expect("loads");
        assert!(
            access
                .cached_scope(&org("org_a"), &user("bob"), false)
                .is_some()
        );
    }

    #[test]
    fn forget_everything_drops_every_org_without_publishing() {
        let (access, _, _) = setup();
        let recorder = Arc::new(Recorder::default());
        access.attach_invalidations(recorder.clone());
        access.load_org(&org("org_a")).expect("loads");
        access.load_org(&org("org_b")).expect("loads");
        access.forget_everything();
        for id in ["org_a", "org_b"] {
            assert!(access.cached_scope(&org(id), &user("bob"), false).is_none());
        }
        assert!(recorder.0.lock().expect("not poisoned").is_empty());
    }
}
