//! Per-route limits keyed by tenant, counted in a `RateLimitStore`: process memory by
//! default, Redis when `REDIS_URL` is set.
//!
//! The tenant is what the request proves, never what it merely claims: a node key the
//! fleet directory knows (`node:<hash>`), a session token whose signature checks out
//! (`org:<org>`), else the client's address (see `sentinel_domain::client_address`). The
//! original read the org from the token without verifying it and hashed any node key it
//! was sent, so random values opened a new bucket per request and escaped every limit
//! (docs/security.md).

mod memory;

pub use memory::{MAX_WINDOWS, MemoryRateLimitStore};

use crate::error::ApiError;
use crate::extract::auth::{authenticate, bearer_token};
use crate::state::AppState;
use actix_web::{HttpRequest, web};
use sentinel_application::blocking::unblock;
use sentinel_domain::client_address::Forwarding;
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::rate_limit::{RateLimit, Tenant, bucket_key};
use sentinel_ports::driven::rate_limit::RateLimitStore;
use std::sync::Arc;

const NODE_KEY_HEADER: &str = "x-node-api-key";

/// Node keys unknown to memory one client may have looked up per minute. A node's key is
/// remembered after its first request, so only someone trying keys ever gets near this.
pub const UNKNOWN_KEY_LOOKUPS: RateLimit = RateLimit::per_minute(120);

#[derive(Clone)]
pub struct RateLimiter {
    store: Arc<dyn RateLimitStore>,
}

impl RateLimiter {
    pub fn new(store: Arc<dyn RateLimitStore>) -> Self {
        Self { store }
    }

    /// Counts this request against `route`'s `limit` in its tenant's bucket and refuses it
    /// past the limit.
    pub async fn check(
        &self,
        req: &HttpRequest,
        route: &str,
        limit: RateLimit,
    ) -> Result<(), ApiError> {
        let bucket = self.tenant_bucket(req).await?;
        self.count(&format!("{route}:{bucket}"), route, limit).await
    }

    /// Counts against the client's address whatever the request carries: for routes where
    /// the credential itself is what is being guessed.
    pub async fn check_client(
        &self,
        req: &HttpRequest,
        route: &str,
        limit: RateLimit,
    ) -> Result<(), ApiError> {
        let bucket = bucket_key(Tenant::Client(&client_ip(req)));
        self.count(&format!("{route}:{bucket}"), route, limit).await
    }

    /// A store outage lets traffic through: losing the limiter must not take the API down.
    async fn count(&self, key: &str, route: &str, limit: RateLimit) -> Result<(), ApiError> {
        match self.store.hit(key, limit.window_seconds).await {
            Ok(window) if window.count > limit.count => Err(ApiError::RateLimited {
                limit,
                retry_after: limit.window_seconds,
            }),
            Ok(_) => Ok(()),
            Err(error) => {
                tracing::warn!(%error, route, "rate-limit store failed; request allowed");
                Ok(())
            }
        }
    }
}

impl RateLimiter {
    /// The bucket of the tenant the request proves to be (see the module docs). A node key
    /// memory does not know is looked up (so a real node is counted as itself from its
    /// first request), within its client's budget of [`UNKNOWN_KEY_LOOKUPS`]; past it the
    /// request is refused without touching the database.
    async fn tenant_bucket(&self, req: &HttpRequest) -> Result<String, ApiError> {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return Ok(client_ip(req));
        };
        let node_key = req
            .headers()
            .get(NODE_KEY_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|key| !key.is_empty());
        if let Some(key) = node_key {
            let hash = api_key_hash(key);
            let owner = match state.fleet_directory.cached_node(&hash) {
                Some(known) => known,
                None => self.look_up_node_key(req, state, hash.clone()).await?,
            };
            if owner.is_some() {
                return Ok(bucket_key(Tenant::Node {
                    api_key_hash: &hash,
                }));
            }
        } else if bearer_token(req).is_some()
            && let Ok(user) = authenticate(req).await
        {
            return Ok(bucket_key(Tenant::Org(user.org_id.as_str())));
        }
        Ok(bucket_key(Tenant::Client(&client_ip(req))))
    }

    /// The slow path for a node key memory does not know, charged to the client.
    async fn look_up_node_key(
        &self,
        req: &HttpRequest,
        state: &AppState,
        hash: String,
    ) -> Result<Option<sentinel_application::fleet_directory::AuthNode>, ApiError> {
        let budget = format!(
            "unknown_node_key:{}",
            bucket_key(Tenant::Client(&client_ip(req)))
        );
        self.count(&budget, "unknown_node_key", UNKNOWN_KEY_LOOKUPS)
            .await?;
        let directory = state.fleet_directory.clone();
        unblock(move || directory.load_node(&hash))
            .await
            .map_err(ApiError::internal)
    }
}

/// The client's address: the socket peer, or what a trusted proxy says it is
/// (`TRUSTED_PROXIES`, `Fly-Client-IP` on Fly). For audit rows, access logs and limits.
pub fn client_ip(req: &HttpRequest) -> String {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let forwarding = Forwarding {
        peer: req.peer_addr().map(|addr| addr.ip()),
        fly_client_ip: header("fly-client-ip"),
        forwarded_for: header("x-forwarded-for"),
    };
    match req.app_data::<web::Data<AppState>>() {
        Some(state) => state.config.trusted_proxies.client_ip(&forwarding),
        None => sentinel_domain::client_address::TrustedProxies::default().client_ip(&forwarding),
    }
}
