//! Local mode: with no Clerk keys at all, a key pair generated at start-up signs
//! Clerk-shaped V2 session tokens for local orgs, and a [`ClerkVerifier`] holding its public
//! key checks them — the production verification path, exercised without Clerk.

use crate::rsa_key::RsaSigningKey;
use crate::setup_error::IdentitySetupError;
use crate::verifier::ClerkVerifier;
use chrono::Duration;
use sentinel_domain::identity::{LocalOrg, OrgRole, SessionClaimsSpec, clerk_v2_session_claims};
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::identity::{LocalSession, LocalSessionError, LocalSessionIssuer};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Plan written into local sessions when none is configured: every feature unlocked.
pub const DEFAULT_LOCAL_PLAN: Plan = Plan::PRO_PLUS;

/// Lifetime of a local session token, like a Clerk session's upper bound.
pub const LOCAL_SESSION_TTL: Duration = Duration::hours(1);

/// Issues local sessions. The private key lives only in this process's memory, so tokens
/// die with it: a restart signs everyone out.
pub struct LocalIdentity {
    signing_key: RsaSigningKey,
    plan: Plan,
    authorized_party: String,
    clock: Arc<dyn Clock>,
}

impl LocalIdentity {
    /// Generates the key pair (RSA-2048, tens of milliseconds). `plan` empty ->
    /// [`DEFAULT_LOCAL_PLAN`]; `authorized_party` is the FRONTEND_URL the verifier expects.
    pub fn generate(
        plan: &str,
        authorized_party: impl Into<String>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, IdentitySetupError> {
        let plan = if plan.is_empty() {
            DEFAULT_LOCAL_PLAN
        } else {
            Plan::new(plan)
        };
        Ok(Self {
            signing_key: RsaSigningKey::generate()?,
            plan,
            authorized_party: authorized_party.into(),
            clock,
        })
    }

    /// Like [`Self::generate`], but the key lives in `key_file` (a PKCS#8 PEM): read when it
    /// exists, generated and written (mode 0600) when it does not. Local-mode instances that
    /// share the file accept each other's sessions, and a restart keeps everyone signed in.
    pub fn with_key_file(
        plan: &str,
        authorized_party: impl Into<String>,
        clock: Arc<dyn Clock>,
        key_file: &Path,
    ) -> Result<Self, IdentitySetupError> {
        let mut identity = Self::generate(plan, authorized_party, clock)?;
        identity.signing_key = shared_key(key_file, identity.signing_key)?;
        Ok(identity)
    }

    /// The verifier for these sessions: a [`ClerkVerifier`] whose only key is ours.
    pub fn verifier(&self) -> Result<ClerkVerifier, IdentitySetupError> {
        ClerkVerifier::with_jwks_document(
            &self.signing_key.public_jwks(),
            self.signing_key.kid(),
            self.authorized_party.clone(),
            self.clock.clone(),
        )
    }
}

impl LocalSessionIssuer for LocalIdentity {
    fn issue(&self, org_slug: &str, role: OrgRole) -> Result<LocalSession, LocalSessionError> {
        self.issue_on_plan(org_slug, role, &self.plan)
    }

    fn issue_on_plan(
        &self,
        org_slug: &str,
        role: OrgRole,
        plan: &Plan,
    ) -> Result<LocalSession, LocalSessionError> {
        let org = LocalOrg::from_slug(org_slug)?;
        let issued_at = self.clock.now();
        let expires_at = issued_at + LOCAL_SESSION_TTL;
        let spec = SessionClaimsSpec {
            org,
            role,
            plan: plan.clone(),
            issued_at,
            expires_at,
            authorized_party: self.authorized_party.clone(),
        };
        let token = self
            .signing_key
            .sign(&clerk_v2_session_claims(&spec))
            .map_err(|e| LocalSessionError::Signing(e.to_string()))?;
        Ok(LocalSession {
            token,
            expires_at,
            user_id: spec.org.user_id(role),
            org_id: spec.org.org_id(),
            role,
            plan: plan.clone(),
        })
    }

    fn public_jwks(&self) -> serde_json::Value {
        self.signing_key.public_jwks()
    }
}

/// The key in `path`; when there is none yet, `fresh` is written there first. Written to a
/// private temp file and hard-linked into place, so instances starting together agree on
/// one key and never read a half-written file.
fn shared_key(path: &Path, fresh: RsaSigningKey) -> Result<RsaSigningKey, IdentitySetupError> {
    let key_file_error = |error: std::io::Error| IdentitySetupError::KeyFile {
        path: path.display().to_string(),
        error,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => return Ok(RsaSigningKey::from_private_pem(&text)?),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(key_file_error(error)),
    }
    let directory = path.parent().filter(|dir| !dir.as_os_str().is_empty());
    let mut staged = tempfile::NamedTempFile::new_in(directory.unwrap_or(Path::new(".")))
        .map_err(key_file_error)?;
    staged
        .write_all(fresh.private_pem().as_bytes())
        .and_then(|()| staged.as_file().sync_all())
        .map_err(key_file_error)?;
    match std::fs::hard_link(staged.path(), path) {
        Ok(()) => {
            tracing::info!(path = %path.display(), "local signing key created");
            Ok(fresh)
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(key_file_error)?;
            Ok(RsaSigningKey::from_private_pem(&text)?)
        }
        Err(error) => Err(key_file_error(error)),
    }
}
