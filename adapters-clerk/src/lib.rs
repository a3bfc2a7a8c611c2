//! Identity adapters: Clerk session-JWT verification (RS256 via JWKS or a configured PEM
//! key; V1 and V2 claims) and local mode's built-in issuer, which signs Clerk-shaped
//! tokens that go through the very same verifier.
//!
//! Start with [`build_identity`].

mod assembly;
mod backend_probe;
mod jwks;
mod jwks_cache;
mod local;
mod org_directory;
mod rsa_key;
mod setup_error;
mod token_rules;
mod verified_tokens;
mod verifier;

pub use assembly::{
    ClerkSettings, IdentityAdapters, IdentityMode, UnconfiguredVerifier, build_identity,
};
pub use backend_probe::ClerkBackendProbe;
pub use jwks::{CLERK_BACKEND_JWKS_URL, JWKS_FETCH_TIMEOUT, JwksEndpoint, frontend_api_jwks_url};
pub use jwks_cache::{KEY_CACHE_TTL, MIN_REFETCH_INTERVAL, STALE_KEY_GRACE};
pub use local::{DEFAULT_LOCAL_PLAN, LOCAL_SESSION_TTL, LocalIdentity};
pub use org_directory::{CLERK_BACKEND_API, ClerkOrgDirectory};
pub use rsa_key::{KeyGenerationError, RsaSigningKey};
pub use setup_error::IdentitySetupError;
pub use token_rules::{CLOCK_SKEW_LEEWAY_SECONDS, MAX_TOKEN_LIFETIME_SECONDS};
pub use verified_tokens::MAX_REMEMBERED_TOKENS;
pub use verifier::ClerkVerifier;
