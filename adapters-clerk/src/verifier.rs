//! `ClerkVerifier`: one verification path for every session token, whether its key came
//! from Clerk's JWKS, a configured PEM, or local mode's own key pair.

use crate::jwks::{JwksEndpoint, JwksFetcher, rs256_keys_by_kid};
use crate::jwks_cache::JwksKeyCache;
use crate::setup_error::IdentitySetupError;
use crate::token_rules::CLOCK_SKEW_LEEWAY_SECONDS;
use crate::token_rules::TokenRules;
use crate::verified_tokens::{VerifiedTokens, valid_until};
use async_trait::async_trait;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use sentinel_domain::identity::{AuthUser, auth_user_from_claims};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::identity::{IdentityError, IdentityVerifier};
use serde_json::Value;
use std::sync::Arc;

/// Verifies RS256 session tokens and reads them into an [`AuthUser`].
pub struct ClerkVerifier {
    keys: KeySource,
    rules: TokenRules,
    clock: Arc<dyn Clock>,
    verified: VerifiedTokens,
}

enum KeySource {
    /// One key, whatever the token's `kid` says (`CLERK_JWT_KEY`, local mode).
    Static(DecodingKey),
    /// Keys by `kid` from a JWKS endpoint.
    Jwks(JwksKeyCache),
}

impl ClerkVerifier {
    /// Keys from a JWKS endpoint, fetched on first use and cached (see `jwks_cache`).
    /// `authorized_party` is the raw FRONTEND_URL every token's `azp` must equal.
    pub fn with_jwks(
        endpoint: JwksEndpoint,
        authorized_party: impl Into<String>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, IdentitySetupError> {
        let fetcher = JwksFetcher::new(endpoint).map_err(IdentitySetupError::HttpClient)?;
        let cache = JwksKeyCache::new(fetcher, clock.clone());
        Ok(Self::new(KeySource::Jwks(cache), authorized_party, clock))
    }

    /// One public key in PEM form (`CLERK_JWT_KEY`: SPKI `PUBLIC KEY` or PKCS#1
    /// `RSA PUBLIC KEY`). Tolerates the armour on one line or with literal `\n`s, as env
    /// files often carry it.
    pub fn with_pem_key(
        pem: &str,
        authorized_party: impl Into<String>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, IdentitySetupError> {
        let key = DecodingKey::from_rsa_pem(normalize_pem(pem).as_bytes())
            .map_err(|e| IdentitySetupError::InvalidPublicKey(e.to_string()))?;
        Ok(Self::new(KeySource::Static(key), authorized_party, clock))
    }

    /// The key named `kid` in a JWKS document held in memory (local mode's own key).
    pub fn with_jwks_document(
        document: &Value,
        kid: &str,
        authorized_party: impl Into<String>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, IdentitySetupError> {
        let key = rs256_keys_by_kid(document)
            .and_then(|mut keys| keys.remove(kid))
            .ok_or_else(|| IdentitySetupError::InvalidPublicKey(format!("no RS256 key `{kid}`")))?;
        Ok(Self::new(KeySource::Static(key), authorized_party, clock))
    }

    fn new(keys: KeySource, authorized_party: impl Into<String>, clock: Arc<dyn Clock>) -> Self {
        Self {
            keys,
            rules: TokenRules {
                authorized_party: authorized_party.into(),
            },
            clock,
            verified: VerifiedTokens::default(),
        }
    }

    /// The claims of a token whose signature checks out. A bad signature against a cached
    /// JWKS key asks Clerk once more (it may have rotated the key under the same `kid`) and
    /// tries the key it answers with; the cached key stays until a fetch replaces it, so a
    /// forged token during a JWKS outage cannot take the outage fallback away from
    /// everyone else.
    async fn signed_claims(&self, token: &str, kid: Option<&str>) -> Result<Value, IdentityError> {
        let cache = match &self.keys {
            KeySource::Static(key) => return Ok(signed_claims_with(token, key)?),
            KeySource::Jwks(cache) => cache,
        };
        let kid = kid.ok_or(IdentityError::NotAuthenticated)?;
        let key = cache.key(kid).await?;
        match signed_claims_with(token, &key) {
            Err(SignatureCheck::BadSignature) => match cache.refreshed_key(kid).await {
                Some(fresh) => signed_claims_with(token, &fresh).map_err(IdentityError::from),
                None => Err(IdentityError::NotAuthenticated),
            },
            result => result.map_err(IdentityError::from),
        }
    }
}

#[async_trait]
impl IdentityVerifier for ClerkVerifier {
    async fn verify(&self, token: &str) -> Result<AuthUser, IdentityError> {
        let now = self.clock.now();
        if let Some(user) = self.verified.get(token, now) {
            return Ok(user);
        }
        // Refuse anything but RS256 before touching keys: no JWKS fetch for junk.
        let header =
            jsonwebtoken::decode_header(token).map_err(|_| IdentityError::NotAuthenticated)?;
        if header.alg != Algorithm::RS256 {
            return Err(IdentityError::NotAuthenticated);
        }
        let claims = self.signed_claims(token, header.kid.as_deref()).await?;
        if let Err(rejected) = self.rules.check(&claims, now) {
            tracing::debug!(?rejected, "session token rejected");
            return Err(IdentityError::NotAuthenticated);
        }
        let user = auth_user_from_claims(&claims)?;
        let expiry = claims.get("exp").and_then(Value::as_f64);
        if let Some(until) = expiry.and_then(|exp| valid_until(exp, CLOCK_SKEW_LEEWAY_SECONDS)) {
            self.verified.remember(token, &user, until, now);
        }
        Ok(user)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignatureCheck {
    BadSignature,
    Malformed,
}

impl From<SignatureCheck> for IdentityError {
    fn from(_: SignatureCheck) -> Self {
        IdentityError::NotAuthenticated
    }
}

/// Signature and algorithm only: the claim rules run on our clock, not jsonwebtoken's.
fn signed_claims_with(token: &str, key: &DecodingKey) -> Result<Value, SignatureCheck> {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    validation.leeway = 0;
    match jsonwebtoken::decode::<Value>(token, key, &validation) {
        Ok(data) => Ok(data.claims),
        Err(error) if matches!(error.kind(), ErrorKind::InvalidSignature) => {
            Err(SignatureCheck::BadSignature)
        }
        Err(_) => Err(SignatureCheck::Malformed),
    }
}

/// A PEM as PEM parsers want it: real newlines, base64 body in 64-character lines.
fn normalize_pem(raw: &str) -> String {
    let text = raw.trim().replace("\\n", "\n");
    let Some((label, rest)) = text
        .strip_prefix("-----BEGIN ")
        .and_then(|rest| rest.split_once("-----"))
    else {
        return text;
    };
    let footer = format!("-----END {label}-----");
    let Some((body, _)) = rest.split_once(&footer) else {
        return text;
    };
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&footer);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_on_one_line_or_with_escaped_newlines_is_rewrapped() {
        let body = "A".repeat(100);
        let expected = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n",
            &body[..64],
            &body[64..]
        );
        let one_line = format!("-----BEGIN PUBLIC KEY-----{body}-----END PUBLIC KEY-----");
        let escaped = format!("-----BEGIN PUBLIC KEY-----\\n{body}\\n-----END PUBLIC KEY-----\\n");
        assert_eq!(normalize_pem(&one_line), expected);
        assert_eq!(normalize_pem(&escaped), expected);
        assert_eq!(normalize_pem(&expected), expected);
    }
}
