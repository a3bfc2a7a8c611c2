//! What every handler can reach: configuration and the ports, all behind `Arc`s so the
//! state is cheap to clone into each worker.

use crate::rate_limit::RateLimiter;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::identity::{IdentityVerifier, LocalSessionIssuer};
use sentinel_ports::usecases::health::HealthService;
use std::path::PathBuf;
use std::sync::Arc;

/// HTTP-level settings, resolved from the environment by the app.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Origins allowed by CORS, already validated and deduplicated.
    pub cors_origins: Vec<String>,
    /// Where the built SPA lives (`STATIC_DIR`, default `web/dist`).
    pub static_dir: PathBuf,
    /// `FLY_APP_NAME` is set: always send HSTS.
    pub behind_tls_proxy: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<HttpConfig>,
    pub identity: Arc<dyn IdentityVerifier>,
    /// Present only in local mode.
    pub local_sessions: Option<Arc<dyn LocalSessionIssuer>>,
    pub rate_limiter: RateLimiter,
    pub health: Arc<HealthService>,
    pub clock: Arc<dyn Clock>,
}
