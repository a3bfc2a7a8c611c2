//! Per-org API keys (`osc_` for MCP, `osi_` for Home Assistant): minting, listing and
//! revoking them with their audit and notification side effects, and authenticating the
//! clients that present them. Every operation takes the kind: the two surfaces share the
//! table but never each other's keys.

use crate::audit_trail::{self, Actor};
use crate::memories::InvalidationOutlet;
use crate::notifications::Notifier;
use chrono::{Duration, NaiveDateTime};
use sentinel_domain::api_keys::{ApiKey, ApiKeyKind, ScopeMode, mint_raw_key};
use sentinel_domain::ids::OrgId;
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::notifications::NotificationContent;
use sentinel_domain::notifications::kinds::{
    KeyAccess, integration_key_created, mcp_key_created, mcp_key_revoked,
};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationPublisher};
use sentinel_ports::driven::repos::{ApiKeyRepo, AuditRepo, NewApiKey, RepoError, Repositories};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// How long a verified key is trusted from memory, and how often its `last_used_at` is
/// written: a busy MCP or Home Assistant client must not cost a database round trip per call.
const CACHE_TTL_SECONDS: i64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    #[error("Key not found")]
    NotFound,
    #[error(transparent)]
    Repo(RepoError),
}

impl From<RepoError> for ApiKeyError {
    fn from(error: RepoError) -> Self {
        match error {
            RepoError::NotFound(_) => Self::NotFound,
            other => Self::Repo(other),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiKeyAuthError {
    /// Unknown, revoked, or a key of the other kind.
    #[error("invalid or revoked API key")]
    Invalid,
    #[error("API key lookup failed: {0}")]
    Storage(RepoError),
}

/// What a new key is asked to be. The HTTP edge validates and normalises it first (name
/// length, MCP tool names); integration keys use `ScopeMode::All` and no tools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRequest {
    pub name: String,
    pub scope_mode: ScopeMode,
    pub scope_tools: Vec<String>,
}

/// A key just minted: the raw key is shown to the caller once and never again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub raw_key: String,
}

/// Creating, listing and revoking MCP and integration keys.
pub struct ApiKeys {
    notifier: Arc<Notifier>,
    api_keys: Arc<dyn ApiKeyRepo>,
    audit: Arc<dyn AuditRepo>,
}

impl ApiKeys {
    pub fn new(repos: &Repositories, notifier: Arc<Notifier>) -> Self {
        Self {
            notifier,
            api_keys: repos.api_keys.clone(),
            audit: repos.audit.clone(),
        }
    }

    /// Mints and stores a key of `kind`, then writes the audit row (`<kind>_key_created`) and
    /// the admins' notification. Audit and notification failures never fail the call. Blocking.
    pub fn create_key(
        &self,
        actor: &Actor,
        kind: ApiKeyKind,
        request: KeyRequest,
        now: NaiveDateTime,
    ) -> Result<CreatedApiKey, ApiKeyError> {
        let raw_key = mint_raw_key(kind, rand::random::<[u8; 16]>());
        let (scope_mode, scope_tools) = match kind {
            ApiKeyKind::Mcp => (request.scope_mode, custom_tools(&request)),
            ApiKeyKind::Integration => (ScopeMode::All, Vec::new()),
        };
        let key = self.api_keys.create(
            &actor.org_id,
            NewApiKey {
                name: request.name,
                key_hash: api_key_hash(&raw_key),
                kind,
                scope_mode,
                scope_tools,
                created_at: now,
            },
        )?;
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            now,
            &format!("{}_key_created", kind.as_str()),
            Some(&created_audit_details(&key)),
        );
        self.notifier
            .create(&actor.org_id, created_notification(&key, actor), now);
        Ok(CreatedApiKey { key, raw_key })
    }

    /// The org's non-revoked keys of `kind`, newest first. Blocking.
    pub fn list_keys(&self, org: &OrgId, kind: ApiKeyKind) -> Result<Vec<ApiKey>, ApiKeyError> {
        Ok(self.api_keys.list_active(org, kind)?)
    }

    /// Revokes the org's key `id` of `kind` (another org's or kind's key is `NotFound`; an
    /// already revoked key is found again and the side effects repeat, like the original), drops
    /// it from the authenticator's memory so it stops working at once, and writes the audit row
    /// (`<kind>_key_revoked`) and, for MCP keys, the admins' notification. Blocking.
    pub fn revoke_key(
        &self,
        authenticator: &ApiKeyAuthenticator,
        actor: &Actor,
        kind: ApiKeyKind,
        id: i64,
        now: NaiveDateTime,
    ) -> Result<ApiKey, ApiKeyError> {
        let key = self.api_keys.revoke(&actor.org_id, kind, id)?;
        authenticator.forget(&key.key_hash);
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            now,
            &format!("{}_key_revoked", kind.as_str()),
            Some(&json!({"key_id": key.id, "name": key.name})),
        );
        if kind == ApiKeyKind::Mcp {
            let notification = mcp_key_revoked(
                key.id,
                &key.name,
                &actor.display_name,
                actor.user_id.as_str(),
            );
            self.notifier.create(&actor.org_id, notification, now);
        }
        Ok(key)
    }
}

/// Verifies raw keys of either kind and remembers the good ones briefly. With several
/// instances, a local forget is published so the others drop the key too.
pub struct ApiKeyAuthenticator {
    api_keys: Arc<dyn ApiKeyRepo>,
    clock: Arc<dyn Clock>,
    verified: Mutex<HashMap<String, VerifiedKey>>,
    /// Bumped (under the `verified` lock) by every forget: a lookup that read the database
    /// before a forget must not remember what it read.
    forgets: AtomicU64,
    /// When each key's `last_used_at` was last written by this process.
    touched: Mutex<HashMap<i64, NaiveDateTime>>,
    invalidations: InvalidationOutlet,
}

#[derive(Debug, Clone)]
struct VerifiedKey {
    key: ApiKey,
    verified_at: NaiveDateTime,
}

impl ApiKeyAuthenticator {
    pub fn new(api_keys: Arc<dyn ApiKeyRepo>, clock: Arc<dyn Clock>) -> Self {
        Self {
            api_keys,
            clock,
            verified: Mutex::new(HashMap::new()),
            forgets: AtomicU64::new(0),
            touched: Mutex::new(HashMap::new()),
            invalidations: InvalidationOutlet::default(),
        }
    }

    /// Publishes every local forget to the other instances from now on (once, at start).
    pub fn attach_invalidations(&self, publisher: Arc<dyn InvalidationPublisher>) {
        self.invalidations.attach(publisher);
    }

    /// The non-revoked key of `kind` whose hash matches `raw`, with `last_used_at` written
    /// (at most once a minute per key). A key of the other kind is `Invalid`. Blocking.
    pub fn authenticate(&self, kind: ApiKeyKind, raw: &str) -> Result<ApiKey, ApiKeyAuthError> {
        if !raw.starts_with(kind.prefix()) {
            return Err(ApiKeyAuthError::Invalid);
        }
        let now = self.clock.now().naive_utc();
        let key_hash = api_key_hash(raw);
        let mut key = match self.remembered(&key_hash, kind, now) {
            Some(key) => key,
            None => self.look_up(&key_hash, kind, now)?,
        };
        if self.due_for_touch(key.id, now) {
            match self.api_keys.touch_last_used(&key.org_id, key.id, now) {
                Ok(()) => key.last_used_at = Some(now),
                Err(error) => tracing::warn!(key_id = key.id, %error, "last_used_at not written"),
            }
        }
        Ok(key)
    }

    /// Drops a key from memory (it was revoked): the next call goes to the database.
    pub fn forget(&self, key_hash: &str) {
        self.drop_hash(key_hash);
        self.invalidations
            .publish(Invalidation::ApiKeyHash(key_hash.to_owned()));
    }

    /// Drops the key with this id from memory.
    pub fn forget_id(&self, id: i64) {
        self.drop_id(id);
        self.invalidations.publish(Invalidation::ApiKeyId(id));
    }

    /// Another instance's forget: the local part only, nothing published.
    pub fn apply_remote(&self, invalidation: &Invalidation) {
        match invalidation {
            Invalidation::ApiKeyHash(key_hash) => self.drop_hash(key_hash),
            Invalidation::ApiKeyId(id) => self.drop_id(*id),
            Invalidation::Node(_)
            | Invalidation::Camera { .. }
            | Invalidation::Org(_)
            | Invalidation::Plan(_)
            | Invalidation::ShareLinks(_)
            | Invalidation::MemberAccess(_) => {}
        }
    }

    /// Drops every remembered key (invalidations may have been missed); nothing published.
    pub fn forget_everything(&self) {
        let mut verified = lock(&self.verified);
        self.forgets.fetch_add(1, Ordering::SeqCst);
        verified.clear();
    }

    fn drop_hash(&self, key_hash: &str) {
        let removed = {
            let mut verified = lock(&self.verified);
            self.forgets.fetch_add(1, Ordering::SeqCst);
            verified.remove(key_hash)
        };
        if let Some(entry) = removed {
            lock(&self.touched).remove(&entry.key.id);
        }
    }

    fn drop_id(&self, id: i64) {
        {
            let mut verified = lock(&self.verified);
            self.forgets.fetch_add(1, Ordering::SeqCst);
            verified.retain(|_, entry| entry.key.id != id);
        }
        lock(&self.touched).remove(&id);
    }

    fn remembered(&self, key_hash: &str, kind: ApiKeyKind, now: NaiveDateTime) -> Option<ApiKey> {
        let verified = lock(&self.verified);
        let entry = verified.get(key_hash)?;
        (entry.key.kind == kind && now - entry.verified_at < ttl()).then(|| entry.key.clone())
    }

    fn look_up(
        &self,
        key_hash: &str,
        kind: ApiKeyKind,
        now: NaiveDateTime,
    ) -> Result<ApiKey, ApiKeyAuthError> {
        let forgets_before = self.forgets.load(Ordering::SeqCst);
        let found = self
            .api_keys
            .find_active_by_hash_any_org(key_hash, kind)
            .map_err(ApiKeyAuthError::Storage)?;
        let mut verified = lock(&self.verified);
        let Some(key) = found else {
            verified.remove(key_hash);
            return Err(ApiKeyAuthError::Invalid);
        };
        // A forget since the read: the key was good when read, but is not remembered.
        if self.forgets.load(Ordering::SeqCst) != forgets_before {
            return Ok(key);
        }
        verified.retain(|_, entry| now - entry.verified_at < ttl());
        verified.insert(
            key_hash.to_owned(),
            VerifiedKey {
                key: key.clone(),
                verified_at: now,
            },
        );
        Ok(key)
    }

    /// Claims the key's `last_used_at` write when the last one is a minute old or more.
    fn due_for_touch(&self, id: i64, now: NaiveDateTime) -> bool {
        let mut touched = lock(&self.touched);
        match touched.get(&id) {
            Some(last) if now - *last < ttl() => false,
            _ => {
                touched.insert(id, now);
                true
            }
        }
    }
}

fn ttl() -> Duration {
    Duration::seconds(CACHE_TTL_SECONDS)
}

/// A poisoned lock only means another thread panicked mid-update of a cache: the map is
/// still usable (at worst one stale entry), so carry on with it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Only custom MCP keys keep a tool list.
fn custom_tools(request: &KeyRequest) -> Vec<String> {
    if request.scope_mode == ScopeMode::Custom {
        request.scope_tools.clone()
    } else {
        Vec::new()
    }
}

fn created_audit_details(key: &ApiKey) -> Value {
    match key.kind {
        ApiKeyKind::Mcp => json!({
            "key_id": key.id,
            "name": key.name,
            "scope_mode": key.scope_mode.as_str(),
            "scope_tool_count": (key.scope_mode == ScopeMode::Custom)
                .then_some(key.scope_tools.len()),
        }),
        ApiKeyKind::Integration => json!({"key_id": key.id, "name": key.name}),
    }
}

fn created_notification(key: &ApiKey, actor: &Actor) -> NotificationContent {
    match key.kind {
        ApiKeyKind::Mcp => mcp_key_created(
            key.id,
            &key.name,
            &actor.display_name,
            actor.user_id.as_str(),
            match key.scope_mode {
                ScopeMode::All => KeyAccess::AllTools,
                ScopeMode::Readonly => KeyAccess::ReadOnlyTools,
                ScopeMode::Custom => KeyAccess::ScopedTools(key.scope_tools.len()),
            },
        ),
        ApiKeyKind::Integration => integration_key_created(
            key.id,
            &key.name,
            &actor.display_name,
            actor.user_id.as_str(),
        ),
    }
}
