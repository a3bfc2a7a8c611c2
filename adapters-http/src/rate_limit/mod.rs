//! Per-route limits keyed by tenant (node key, JWT org, or client IP), counted in a
//! `RateLimitStore`: process memory by default, Redis when `REDIS_URL` is set.

mod memory;

pub use memory::MemoryRateLimitStore;

use crate::error::ApiError;
use actix_web::HttpRequest;
use actix_web::http::header::{AUTHORIZATION, HeaderMap};
use sentinel_domain::rate_limit::{KeySource, RateLimit, bucket_key};
use sentinel_ports::driven::rate_limit::RateLimitStore;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Clone)]
pub struct RateLimiter {
    store: Arc<dyn RateLimitStore>,
}

impl RateLimiter {
    pub fn new(store: Arc<dyn RateLimitStore>) -> Self {
        Self { store }
    }

    /// Counts this request against `route`'s `limit` and refuses it past the limit.
    /// A store outage lets traffic through: losing the limiter must not take the API down.
    pub async fn check(
        &self,
        req: &HttpRequest,
        route: &str,
        limit: RateLimit,
    ) -> Result<(), ApiError> {
        let key = format!("{route}:{}", request_bucket(req.headers(), req.peer_addr()));
        match self.store.hit(&key, limit.window_seconds).await {
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

/// The tenant-aware bucket of a request.
pub fn request_bucket(headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let peer_ip = peer.map(|addr| addr.ip().to_string());
    bucket_key(&KeySource {
        node_api_key: header("x-node-api-key"),
        authorization: headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()),
        fly_client_ip: header("fly-client-ip"),
        forwarded_for: header("x-forwarded-for"),
        peer_ip: peer_ip.as_deref(),
    })
}

/// The client's address as the proxies report it (for audit rows and local-mode checks).
pub fn client_ip(headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let peer_ip = peer.map(|addr| addr.ip().to_string());
    sentinel_domain::rate_limit::client_ip(&KeySource {
        fly_client_ip: header("fly-client-ip"),
        forwarded_for: header("x-forwarded-for"),
        peer_ip: peer_ip.as_deref(),
        ..KeySource::default()
    })
}
