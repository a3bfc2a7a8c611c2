//! Picks the identity mode from configuration and builds its adapters.
//!
//! - both Clerk keys set  -> Clerk: tokens verified against Clerk's keys;
//! - neither set          -> local: built-in issuer, same verifier code;
//! - exactly one set      -> every verification answers 503 (the spec's precondition).
//!
//! Local mode therefore can never be on while any Clerk key is configured.

use crate::jwks::JwksEndpoint;
use crate::local::LocalIdentity;
use crate::setup_error::IdentitySetupError;
use crate::verifier::ClerkVerifier;
use async_trait::async_trait;
use sentinel_domain::identity::AuthUser;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::identity::{IdentityError, IdentityVerifier, LocalSessionIssuer};
use std::sync::Arc;

/// The identity part of the configuration, raw env values (empty = unset).
#[derive(Clone, Default)]
pub struct ClerkSettings {
    /// CLERK_SECRET_KEY
    pub secret_key: String,
    /// CLERK_PUBLISHABLE_KEY
    pub publishable_key: String,
    /// CLERK_JWT_KEY: Clerk's PEM public key; when set, no JWKS is fetched.
    pub jwt_key: String,
    /// CLERK_JWKS_URL: overrides Clerk's Backend API JWKS URL.
    pub jwks_url: String,
    /// FRONTEND_URL: every token's `azp` must equal it.
    pub frontend_url: String,
    /// Plan slug of local sessions (empty -> `pro_plus`).
    pub local_plan: String,
    /// LOCAL_SIGNING_KEY_FILE: local mode's key, shared by instances (none: one per process).
    pub local_signing_key_file: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for ClerkSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = |value: &str| if value.is_empty() { "" } else { "[set]" };
        f.debug_struct("ClerkSettings")
            .field("secret_key", &set(&self.secret_key))
            .field("publishable_key", &set(&self.publishable_key))
            .field("jwt_key", &set(&self.jwt_key))
            .field("jwks_url", &self.jwks_url)
            .field("frontend_url", &self.frontend_url)
            .field("local_plan", &self.local_plan)
            .field("local_signing_key_file", &self.local_signing_key_file)
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityMode {
    Clerk,
    Local,
    /// Exactly one Clerk key set: JWT routes answer 503.
    NotConfigured,
}

impl ClerkSettings {
    pub fn mode(&self) -> IdentityMode {
        match (self.secret_key.is_empty(), self.publishable_key.is_empty()) {
            (false, false) => IdentityMode::Clerk,
            (true, true) => IdentityMode::Local,
            _ => IdentityMode::NotConfigured,
        }
    }
}

/// What the app wires: the verifier always, the issuer only in local mode.
pub struct IdentityAdapters {
    pub mode: IdentityMode,
    pub verifier: Arc<dyn IdentityVerifier>,
    pub local_issuer: Option<Arc<dyn LocalSessionIssuer>>,
}

/// Builds the adapters for `settings.mode()`. Fails on a `CLERK_JWT_KEY` that is not an
/// RSA public key, rather than answering 401 to every request.
pub fn build_identity(
    settings: &ClerkSettings,
    clock: Arc<dyn Clock>,
) -> Result<IdentityAdapters, IdentitySetupError> {
    let mode = settings.mode();
    let (verifier, local_issuer): (
        Arc<dyn IdentityVerifier>,
        Option<Arc<dyn LocalSessionIssuer>>,
    ) = match mode {
        IdentityMode::Clerk => (Arc::new(clerk_verifier(settings, clock)?), None),
        IdentityMode::Local => {
            tracing::warn!(
                "LOCAL IDENTITY MODE: no Clerk keys configured; sessions are signed by a local \
                 key (beside the SQLite database, or LOCAL_SIGNING_KEY_FILE, else one per \
                 process). Never expose this server to a network."
            );
            let local = match &settings.local_signing_key_file {
                Some(path) => LocalIdentity::with_key_file(
                    &settings.local_plan,
                    &settings.frontend_url,
                    clock,
                    path,
                )?,
                None => {
                    LocalIdentity::generate(&settings.local_plan, &settings.frontend_url, clock)?
                }
            };
            (Arc::new(local.verifier()?), Some(Arc::new(local)))
        }
        IdentityMode::NotConfigured => {
            tracing::error!(
                "only one of CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY is set: \
                 authenticated routes will answer 503"
            );
            (Arc::new(UnconfiguredVerifier), None)
        }
    };
    Ok(IdentityAdapters {
        mode,
        verifier,
        local_issuer,
    })
}

/// `CLERK_JWT_KEY` when set (no network), else the JWKS endpoint.
fn clerk_verifier(
    settings: &ClerkSettings,
    clock: Arc<dyn Clock>,
) -> Result<ClerkVerifier, IdentitySetupError> {
    let frontend_url = settings.frontend_url.clone();
    if !settings.jwt_key.is_empty() {
        return ClerkVerifier::with_pem_key(&settings.jwt_key, frontend_url, clock);
    }
    let endpoint = JwksEndpoint::for_clerk(&settings.jwks_url, &settings.secret_key);
    ClerkVerifier::with_jwks(endpoint, frontend_url, clock)
}

/// Half-configured Clerk: every verification is refused with 503.
#[derive(Debug, Default, Clone, Copy)]
pub struct UnconfiguredVerifier;

#[async_trait]
impl IdentityVerifier for UnconfiguredVerifier {
    async fn verify(&self, _token: &str) -> Result<AuthUser, IdentityError> {
        Err(IdentityError::NotConfigured)
    }
}
