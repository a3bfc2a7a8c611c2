//! Clerk's signing keys, fetched on demand and kept for five minutes.
//!
//! Fetches are single-flight (concurrent misses wait for one request) and rate-limited:
//! unknown `kid`s and bad signatures are attacker-controlled, so neither may trigger more
//! than one fetch per [`MIN_REFETCH_INTERVAL`]; a failed fetch is not retried inside that
//! window either, so an unreachable Clerk costs one timeout, not one per request.

use crate::jwks::JwksFetcher;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::DecodingKey;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::identity::IdentityError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// How long a fetched key is trusted without asking Clerk again.
pub const KEY_CACHE_TTL: Duration = Duration::seconds(300);

/// The least time between two JWKS fetches that were not caused by expiry.
pub const MIN_REFETCH_INTERVAL: Duration = Duration::seconds(5);

/// How long an expired key still verifies while Clerk's JWKS cannot be fetched: an outage
/// on Clerk's side must not sign every user out. A successful fetch replaces the keys, so
/// a key Clerk stopped publishing is dropped as soon as Clerk answers again.
pub const STALE_KEY_GRACE: Duration = Duration::hours(24);

pub(crate) struct JwksKeyCache {
    fetcher: JwksFetcher,
    clock: Arc<dyn Clock>,
    state: Mutex<CacheState>,
    /// Held across a fetch so concurrent misses share it.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct CacheState {
    keys: HashMap<String, CachedKey>,
    last_fetch: Option<LastFetch>,
}

struct CachedKey {
    key: DecodingKey,
    fetched_at: DateTime<Utc>,
}

#[derive(Clone, Copy)]
struct LastFetch {
    at: DateTime<Utc>,
    succeeded: bool,
}

impl JwksKeyCache {
    pub(crate) fn new(fetcher: JwksFetcher, clock: Arc<dyn Clock>) -> Self {
        Self {
            fetcher,
            clock,
            state: Mutex::new(CacheState::default()),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// The key named `kid`: from the cache while fresh, else from a new fetch.
    /// Unknown `kid` -> `NotAuthenticated`; JWKS unreachable or unreadable -> `Failed`.
    pub(crate) async fn key(&self, kid: &str) -> Result<DecodingKey, IdentityError> {
        if let Some(key) = self.cached(kid) {
            return Ok(key);
        }
        let _single_flight = self.fetching.lock().await;
        if let Some(key) = self.cached(kid) {
            return Ok(key);
        }
        if let Some(last) = self.recent_fetch() {
            return if last.succeeded {
                Err(IdentityError::NotAuthenticated)
            } else {
                self.stale(kid).ok_or(IdentityError::Failed)
            };
        }
        match self.refetch().await {
            Ok(()) => self.cached(kid).ok_or(IdentityError::NotAuthenticated),
            Err(error) => self.stale(kid).ok_or(error),
        }
    }

    /// After a signature failure: fetches the JWKS again (unless a fetch is too recent to
    /// repeat, in which case the key in hand is already the current one) and returns what
    /// it now publishes under `kid`. Nothing is dropped before a fetch succeeds: a failed
    /// fetch leaves every key as it was.
    pub(crate) async fn refreshed_key(&self, kid: &str) -> Option<DecodingKey> {
        if self.recent_fetch().is_some() {
            return None;
        }
        let _single_flight = self.fetching.lock().await;
        if self.recent_fetch().is_some() {
            // Someone else fetched while we waited: their answer is the current one.
            return self.cached(kid);
        }
        self.refetch().await.ok()?;
        self.cached(kid)
    }

    async fn refetch(&self) -> Result<(), IdentityError> {
        let result = self.fetcher.fetch().await;
        let at = self.clock.now();
        let mut state = self.lock();
        state.last_fetch = Some(LastFetch {
            at,
            succeeded: result.is_ok(),
        });
        match result {
            Ok(keys) => {
                // Replace, not merge: a key Clerk no longer publishes stops being trusted.
                state.keys = keys
                    .into_iter()
                    .map(|(kid, key)| {
                        (
                            kid,
                            CachedKey {
                                key,
                                fetched_at: at,
                            },
                        )
                    })
                    .collect();
                Ok(())
            }
            Err(error) => {
                tracing::warn!(%error, "could not load Clerk's signing keys");
                Err(IdentityError::Failed)
            }
        }
    }

    fn cached(&self, kid: &str) -> Option<DecodingKey> {
        let now = self.clock.now();
        let state = self.lock();
        let cached = state.keys.get(kid)?;
        (now - cached.fetched_at < KEY_CACHE_TTL).then(|| cached.key.clone())
    }

    /// An expired key kept from the last good fetch, while it is within [`STALE_KEY_GRACE`].
    fn stale(&self, kid: &str) -> Option<DecodingKey> {
        let now = self.clock.now();
        let state = self.lock();
        let cached = state.keys.get(kid)?;
        let usable = now - cached.fetched_at < KEY_CACHE_TTL + STALE_KEY_GRACE;
        if usable {
            tracing::warn!(
                kid,
                "Clerk's JWKS unreachable: verifying with the cached key"
            );
        }
        usable.then(|| cached.key.clone())
    }

    fn recent_fetch(&self) -> Option<LastFetch> {
        let now = self.clock.now();
        self.lock()
            .last_fetch
            .filter(|last| now - last.at < MIN_REFETCH_INTERVAL)
    }

    fn lock(&self) -> MutexGuard<'_, CacheState> {
        // The state stays consistent even if a holder panicked: every write is one assignment.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
