//! Recipient e-mails per (org, audience), over the org directory with a 5-minute cache.
//! A failed lookup returns no one and is not cached; an empty org is.

use chrono::{DateTime, Duration, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::Audience;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::org_directory::OrgDirectory;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CACHE_TTL_SECONDS: i64 = 300;

/// (org, admins only).
type CacheKey = (String, bool);
/// When the list was fetched, and the list.
type CacheEntry = (DateTime<Utc>, Vec<String>);

pub struct RecipientDirectory {
    directory: Arc<dyn OrgDirectory>,
    clock: Arc<dyn Clock>,
    cache: Mutex<HashMap<CacheKey, CacheEntry>>,
}

impl RecipientDirectory {
    pub fn new(directory: Arc<dyn OrgDirectory>, clock: Arc<dyn Clock>) -> Self {
        Self {
            directory,
            clock,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Addresses for `audience` (admins only, or everyone): identifiers containing `@`,
    /// de-duplicated case-insensitively, first spelling kept.
    pub async fn recipients(&self, org: &OrgId, audience: Audience) -> Vec<String> {
        let admins_only = audience == Audience::Admin;
        let key = (org.as_str().to_owned(), admins_only);
        let now = self.clock.now();
        if let Some(hit) = self.cached(&key, now) {
            return hit;
        }
        let members = match self.directory.members(org).await {
            Ok(members) => members,
            Err(error) => {
                tracing::warn!(%error, org = org.as_str(), "recipient lookup failed");
                return Vec::new();
            }
        };
        let mut seen = std::collections::HashSet::new();
        let addresses: Vec<String> = members
            .into_iter()
            .filter(|member| !admins_only || member.is_admin())
            .map(|member| member.identifier)
            .filter(|identifier| identifier.contains('@'))
            .filter(|identifier| seen.insert(identifier.to_lowercase()))
            .collect();
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, (now, addresses.clone()));
        }
        addresses
    }

    /// Drops the org's cached lists (after a membership change).
    pub fn invalidate(&self, org: &OrgId) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.retain(|(cached_org, _), _| cached_org != org.as_str());
        }
    }

    fn cached(&self, key: &CacheKey, now: DateTime<Utc>) -> Option<Vec<String>> {
        let cache = self.cache.lock().ok()?;
        let (at, addresses) = cache.get(key)?;
        (now - *at < Duration::seconds(CACHE_TTL_SECONDS)).then(|| addresses.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_trait::async_trait;
    use sentinel_ports::driven::clock::ManualClock;
    use sentinel_ports::driven::org_directory::{DirectoryError, OrgMember};
    use std::sync::atomic::{AtomicU32, Ordering};

    struct CountingDirectory {
        calls: AtomicU32,
        fail: bool,
    }

    #[async_trait]
    impl OrgDirectory for CountingDirectory {
        async fn members(&self, _org: &OrgId) -> Result<Vec<OrgMember>, DirectoryError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            if self.fail {
                return Err(DirectoryError("down".into()));
            }
            let member = |identifier: &str, role: &str| OrgMember {
                identifier: identifier.into(),
                role: role.into(),
            };
            Ok(vec![
                member("Boss@Example.com", "org:admin"),
                member("boss@example.com", "org:member"),
                member("viewer@example.com", "org:member"),
                member("+15551234", "org:member"),
                member("old@example.com", "admin"),
            ])
        }
    }

    fn directory(fail: bool) -> (Arc<CountingDirectory>, Arc<ManualClock>, RecipientDirectory) {
        let inner = Arc::new(CountingDirectory {
            calls: AtomicU32::new(0),
            fail,
        });
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let recipients = RecipientDirectory::new(inner.clone(), clock.clone());
        (inner, clock, recipients)
    }

    #[tokio::test]
    async fn audiences_filter_dedupe_and_cache_for_five_minutes() {
        let (inner, clock, recipients) = directory(false);
        let org = OrgId::new("org_1");
        assert_eq!(
            recipients.recipients(&org, Audience::Admin).await,
            vec!["Boss@Example.com", "old@example.com"]
        );
        assert_eq!(
            recipients.recipients(&org, Audience::All).await,
            vec!["Boss@Example.com", "viewer@example.com", "old@example.com"]
        );
        recipients.recipients(&org, Audience::Admin).await;
        assert_eq!(inner.calls.load(Ordering::SeqCst), 2);
        clock.advance(Duration::seconds(CACHE_TTL_SECONDS));
        recipients.recipients(&org, Audience::Admin).await;
        assert_eq!(inner.calls.load(Ordering::SeqCst), 3);
        recipients.invalidate(&org);
        recipients.recipients(&org, Audience::Admin).await;
        assert_eq!(inner.calls.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn a_failed_lookup_is_empty_and_not_cached() {
        let (inner, _clock, recipients) = directory(true);
        let org = OrgId::new("org_1");
        assert!(recipients.recipients(&org, Audience::All).await.is_empty());
        assert!(recipients.recipients(&org, Audience::All).await.is_empty());
        assert_eq!(inner.calls.load(Ordering::SeqCst), 2);
    }
}
