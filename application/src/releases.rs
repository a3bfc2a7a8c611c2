//! The latest CloudNode release, held in memory (notifications-email-webhooks.md §11): the
//! refresh loop keeps it current, version checks read it without I/O, and
//! `/downloads/{os}/{arch}` picks an asset from it (rest-api.md §7). A failed fetch never
//! throws away the last good release.

use chrono::{DateTime, Utc};
use sentinel_domain::fleet::{NodeVersion, VersionPolicy};
use sentinel_domain::releases::{DownloadError, DownloadTarget, RELEASE_CACHE_TTL, Release};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::release_feed::{ReleaseFeed, ReleaseFeedError};
use std::sync::{Arc, PoisonError, RwLock};

/// The last good release and the configured fallback (`LATEST_NODE_VERSION`).
pub struct ReleaseCache {
    feed: Arc<dyn ReleaseFeed>,
    clock: Arc<dyn Clock>,
    fallback: NodeVersion,
    last_good: RwLock<Option<CachedRelease>>,
}

/// A release as fetched, and when.
#[derive(Debug, Clone)]
pub struct CachedRelease {
    pub release: Arc<Release>,
    pub fetched_at: DateTime<Utc>,
}

impl ReleaseCache {
    /// An empty cache: [`Self::latest_version`] answers `fallback` until a fetch succeeds.
    pub fn new(feed: Arc<dyn ReleaseFeed>, clock: Arc<dyn Clock>, fallback: NodeVersion) -> Self {
        Self {
            feed,
            clock,
            fallback,
            last_good: RwLock::new(None),
        }
    }

    /// The newest CloudNode version: the cached release's, else the configured fallback.
    /// No I/O, whatever the cache's age.
    pub fn latest_version(&self) -> NodeVersion {
        self.cached()
            .and_then(|cached| cached.release.version)
            .unwrap_or(self.fallback)
    }

    /// The version check nodes are held to: `min_supported` and [`Self::latest_version`].
    pub fn version_policy(&self, min_supported: &str) -> VersionPolicy {
        VersionPolicy {
            min_supported: NodeVersion::parse_lenient(min_supported),
            latest: self.latest_version(),
        }
    }

    /// The last good release, however old.
    pub fn cached(&self) -> Option<CachedRelease> {
        self.last_good
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Asks the feed once. Success replaces the cached release; a failure is logged and
    /// keeps the previous one.
    pub async fn refresh(&self) -> Result<Arc<Release>, ReleaseFeedError> {
        match self.feed.latest_release().await {
            Ok(release) => {
                let release = Arc::new(release);
                tracing::debug!(tag = ?release.tag_name, "CloudNode release metadata refreshed");
                *self
                    .last_good
                    .write()
                    .unwrap_or_else(PoisonError::into_inner) = Some(CachedRelease {
                    release: release.clone(),
                    fetched_at: self.clock.now(),
                });
                Ok(release)
            }
            Err(error) => {
                tracing::warn!(
                    %error,
                    cached = self.cached().is_some(),
                    "CloudNode release metadata not refreshed; the last good release (if any) stays"
                );
                Err(error)
            }
        }
    }

    /// The cached release while it is younger than [`RELEASE_CACHE_TTL`]; otherwise one
    /// fetch, falling back to the stale release when it fails. `None`: never fetched.
    pub async fn current(&self) -> Option<Arc<Release>> {
        let cached = self.cached();
        if let Some(cached) = &cached
            && self.clock.now() - cached.fetched_at < RELEASE_CACHE_TTL
        {
            return Some(cached.release.clone());
        }
        match self.refresh().await {
            Ok(release) => Some(release),
            Err(_already_logged) => self.cached().map(|cached| cached.release),
        }
    }

    /// Where `/downloads/{os}/{arch}` redirects: the platform is checked first, then the
    /// latest release's best asset for it is chosen.
    pub async fn download_url(&self, os: &str, arch: &str) -> Result<String, DownloadError> {
        let target = DownloadTarget::parse(os, arch)?;
        let release = self
            .current()
            .await
            .ok_or(DownloadError::ReleaseUnavailable)?;
        Ok(release.asset_for(target)?.browser_download_url.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_trait::async_trait;
    use chrono::{TimeDelta, TimeZone};
    use sentinel_ports::driven::clock::ManualClock;
    use sentinel_ports::driven::release_feed::ReleaseAsset;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Answers whatever the test last set, counting fetches.
    struct ScriptedFeed {
        next: Mutex<Result<Release, ReleaseFeedError>>,
        fetches: AtomicUsize,
    }

    impl ScriptedFeed {
        fn down() -> Arc<Self> {
            Arc::new(Self {
                next: Mutex::new(Err(ReleaseFeedError("connection refused".into()))),
                fetches: AtomicUsize::new(0),
            })
        }

        fn publish(&self, tag: &str, assets: &[&str]) {
            let assets = assets
                .iter()
                .map(|name| ReleaseAsset {
                    name: (*name).to_owned(),
                    browser_download_url: format!("https://downloads.test/{tag}/{name}"),
                })
                .collect();
            *self.next.lock().unwrap() = Ok(Release::new(Some(tag.to_owned()), assets));
        }

        fn fail(&self) {
            *self.next.lock().unwrap() = Err(ReleaseFeedError("HTTP 502".into()));
        }

        fn fetches(&self) -> usize {
            self.fetches.load(Ordering::SeqCst)
        }
    }

    #[async_trait]
    impl ReleaseFeed for ScriptedFeed {
        async fn latest_release(&self) -> Result<Release, ReleaseFeedError> {
            self.fetches.fetch_add(1, Ordering::SeqCst);
            self.next.lock().unwrap().clone()
        }
    }

    fn cache(feed: &Arc<ScriptedFeed>) -> (ReleaseCache, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap(),
        ));
        let cache = ReleaseCache::new(
            feed.clone(),
            clock.clone(),
            NodeVersion::parse_lenient("0.1.73"),
        );
        (cache, clock)
    }

    const LINUX_ASSETS: &[&str] = &["node-linux-x86_64.zip", "node-linux-x86_64.tar.gz"];

    #[tokio::test]
    async fn the_fallback_applies_until_a_release_is_fetched_and_a_failure_keeps_it() {
        let feed = ScriptedFeed::down();
        let (cache, _) = cache(&feed);
        assert_eq!(cache.latest_version().to_string(), "0.1.73");
        assert!(cache.refresh().await.is_err());
        assert_eq!(cache.latest_version().to_string(), "0.1.73");

        feed.publish("v0.2.0", &[]);
        cache.refresh().await.unwrap();
        assert_eq!(cache.latest_version().to_string(), "0.2.0");

        feed.fail();
        assert!(cache.refresh().await.is_err());
        assert_eq!(cache.latest_version().to_string(), "0.2.0");
        let policy = cache.version_policy("0.1.0");
        assert_eq!(policy.latest.to_string(), "0.2.0");
        assert_eq!(policy.min_supported.to_string(), "0.1.0");
    }

    #[tokio::test]
    async fn a_release_without_a_tag_leaves_the_fallback_in_charge() {
        let feed = ScriptedFeed::down();
        feed.publish("", &[]);
        let (cache, _) = cache(&feed);
        cache.refresh().await.unwrap();
        assert!(cache.cached().is_some());
        assert_eq!(cache.latest_version().to_string(), "0.1.73");
    }

    #[tokio::test]
    async fn downloads_check_the_platform_before_asking_the_feed() {
        let feed = ScriptedFeed::down();
        let (cache, _) = cache(&feed);
        assert_eq!(
            cache.download_url("plan9", "x86_64").await,
            Err(DownloadError::UnsupportedOs("plan9".into()))
        );
        assert_eq!(
            cache.download_url("LINUX", "Sparc").await,
            Err(DownloadError::UnsupportedArch("Sparc".into()))
        );
        assert_eq!(feed.fetches(), 0);
        assert_eq!(
            cache.download_url("linux", "x86_64").await,
            Err(DownloadError::ReleaseUnavailable)
        );
        assert_eq!(feed.fetches(), 1);
    }

    #[tokio::test]
    async fn a_fresh_release_is_served_without_fetching_and_a_stale_one_is_refetched() {
        let feed = ScriptedFeed::down();
        feed.publish("v0.2.0", LINUX_ASSETS);
        let (cache, clock) = cache(&feed);
        assert_eq!(
            cache.download_url("Linux", "X86_64").await.unwrap(),
            "https://downloads.test/v0.2.0/node-linux-x86_64.tar.gz"
        );
        clock.advance(TimeDelta::seconds(599));
        feed.publish("v0.3.0", LINUX_ASSETS);
        assert!(
            cache
                .download_url("linux", "x86_64")
                .await
                .unwrap()
                .contains("v0.2.0")
        );
        assert_eq!(feed.fetches(), 1);

        clock.advance(TimeDelta::seconds(1));
        assert!(
            cache
                .download_url("linux", "x86_64")
                .await
                .unwrap()
                .contains("v0.3.0")
        );
        assert_eq!(feed.fetches(), 2);
        assert_eq!(cache.latest_version().to_string(), "0.3.0");
    }

    #[tokio::test]
    async fn a_stale_release_is_served_when_the_feed_fails() {
        let feed = ScriptedFeed::down();
        feed.publish("v0.2.0", LINUX_ASSETS);
        let (cache, clock) = cache(&feed);
        cache.refresh().await.unwrap();
        let fetched_at = cache.cached().unwrap().fetched_at;
        feed.fail();
        clock.advance(TimeDelta::hours(3));
        assert!(
            cache
                .download_url("linux", "x86_64")
                .await
                .unwrap()
                .contains("v0.2.0")
        );
        assert_eq!(feed.fetches(), 2);
        assert_eq!(cache.cached().unwrap().fetched_at, fetched_at);
    }

    #[tokio::test]
    async fn no_matching_asset_names_the_release() {
        let feed = ScriptedFeed::down();
        feed.publish("v0.2.0", LINUX_ASSETS);
        let (cache, _) = cache(&feed);
        assert_eq!(
            cache
                .download_url("windows", "armv7")
                .await
                .unwrap_err()
                .to_string(),
            "No prebuilt binary for windows/armv7 in release v0.2.0. Try the install script for a source fallback."
        );
    }
}
