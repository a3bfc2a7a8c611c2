//! Signed one-click unsubscribe links: HS256 JWTs whose secret is derived from the Clerk
//! secret key, `HMAC-SHA256(CLERK_SECRET_KEY, "sentinel-email-unsubscribe-v1")` as 64 hex
//! characters. No secret → minting fails and every token is refused (fail closed).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const DERIVATION_MESSAGE: &[u8] = b"sentinel-email-unsubscribe-v1";
/// 400 days.
pub const TOKEN_TTL_SECONDS: i64 = 34_560_000;
pub const SUBJECT: &str = "email-unsubscribe";
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeClaims {
    pub org_id: String,
    pub kind: String,
    pub rcpt: String,
    pub iat: i64,
    pub exp: i64,
    pub sub: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("unsubscribe signing key not configured")]
    NotConfigured,
    #[error("malformed token")]
    Malformed,
    #[error("bad signature")]
    BadSignature,
    #[error("token expired")]
    Expired,
    #[error("missing or wrong claim")]
    BadClaims,
}

/// Mints and verifies unsubscribe tokens.
#[derive(Clone)]
pub struct UnsubscribeTokens {
    /// The derived 64-hex-character key, used as the HS256 secret bytes.
    key: Option<String>,
}

impl std::fmt::Debug for UnsubscribeTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnsubscribeTokens")
            .field("configured", &self.key.is_some())
            .finish()
    }
}

impl UnsubscribeTokens {
    /// Derives the signing key from `CLERK_SECRET_KEY` (empty → not configured).
    pub fn from_clerk_secret(clerk_secret_key: &str) -> Self {
        if clerk_secret_key.is_empty() {
            return Self { key: None };
        }
        Self {
            key: derive_key(clerk_secret_key),
        }
    }

    pub fn is_configured(&self) -> bool {
        self.key.is_some()
    }

    /// The derived key (64 hex characters), for tests.
    pub fn derived_key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    pub fn mint(
        &self,
        org_id: &str,
        kind: &str,
        rcpt: &str,
        now: i64,
    ) -> Result<String, TokenError> {
        let key = self.key.as_deref().ok_or(TokenError::NotConfigured)?;
        let claims = UnsubscribeClaims {
            org_id: org_id.to_owned(),
            kind: kind.to_owned(),
            rcpt: rcpt.trim().to_lowercase(),
            iat: now,
            exp: now + TOKEN_TTL_SECONDS,
            sub: SUBJECT.to_owned(),
        };
        let payload = serde_json::to_vec(&claims).map_err(|_| TokenError::Malformed)?;
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let signature = sign(key, signing_input.as_bytes()).ok_or(TokenError::NotConfigured)?;
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }

    pub fn verify(&self, token: &str, now: i64) -> Result<UnsubscribeClaims, TokenError> {
        let key = self.key.as_deref().ok_or(TokenError::NotConfigured)?;
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac =
            HmacSha256::new_from_slice(key.as_bytes()).map_err(|_| TokenError::NotConfigured)?;
        mac.update(header.as_bytes());
        mac.update(b".");
        mac.update(payload.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::BadSignature)?;
        let header: serde_json::Value = decode_json(header)?;
        if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
            return Err(TokenError::Malformed);
        }
        let claims: serde_json::Value = decode_json(payload)?;
        let text = |name: &str| {
            claims
                .get(name)
                .and_then(|v| v.as_str())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .ok_or(TokenError::BadClaims)
        };
        let exp = claims
            .get("exp")
            .and_then(serde_json::Value::as_i64)
            .ok_or(TokenError::BadClaims)?;
        let parsed = UnsubscribeClaims {
            org_id: text("org_id")?,
            kind: text("kind")?,
            rcpt: text("rcpt")?,
            iat: claims
                .get("iat")
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(0),
            exp,
            sub: text("sub")?,
        };
        if parsed.sub != SUBJECT {
            return Err(TokenError::BadClaims);
        }
        if exp <= now {
            return Err(TokenError::Expired);
        }
        Ok(parsed)
    }
}

fn derive_key(secret: &str) -> Option<String> {
    sign(secret, DERIVATION_MESSAGE).map(hex::encode)
}

fn sign(key: &str, message: &[u8]) -> Option<Vec<u8>> {
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).ok()?;
    mac.update(message);
    Some(mac.finalize().into_bytes().to_vec())
}

fn decode_json(part: &str) -> Result<serde_json::Value, TokenError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)
}

/// `<FRONTEND_URL without trailing />/api/notifications/email/unsubscribe?t=<token>`.
pub fn unsubscribe_url(frontend_url: &str, token: &str) -> String {
    format!(
        "{}/api/notifications/email/unsubscribe?t={token}",
        frontend_url.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;

    fn tokens() -> UnsubscribeTokens {
        UnsubscribeTokens::from_clerk_secret("sk_test_secret")
    }

    #[test]
    fn a_token_round_trips_its_claims() {
        let token = tokens()
            .mint("org_1", "camera_offline", " Alice@Example.com ", NOW)
            .unwrap();
        let claims = tokens().verify(&token, NOW + 10).unwrap();
        assert_eq!(claims.org_id, "org_1");
        assert_eq!(claims.kind, "camera_offline");
        assert_eq!(claims.rcpt, "alice@example.com");
        assert_eq!(claims.sub, SUBJECT);
        assert_eq!(claims.exp - claims.iat, TOKEN_TTL_SECONDS);
    }

    #[test]
    fn the_key_is_derived_not_the_raw_secret() {
        let key = tokens().derived_key().unwrap().to_owned();
        assert_eq!(key.len(), 64);
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(key, "sk_test_secret");
    }

    #[test]
    fn tampered_foreign_expired_and_malformed_tokens_are_refused() {
        let token = tokens().mint("org_1", "motion", "a@b.c", NOW).unwrap();
        let (head, signature) = token.rsplit_once('.').unwrap();
        // Another payload under the old signature.
        let forged_payload = URL_SAFE_NO_PAD.encode(
            r#"{"org_id":"org_2","kind":"motion","rcpt":"victim@b.c","iat":1,"exp":9999999999,"sub":"email-unsubscribe"}"#,
        );
        let header = head.split('.').next().unwrap();
        let forged = format!("{header}.{forged_payload}.{signature}");
        assert_eq!(tokens().verify(&forged, NOW), Err(TokenError::BadSignature));
        let other_key = UnsubscribeTokens::from_clerk_secret("another");
        assert_eq!(other_key.verify(&token, NOW), Err(TokenError::BadSignature));
        assert_eq!(
            tokens().verify(&token, NOW + TOKEN_TTL_SECONDS + 1),
            Err(TokenError::Expired)
        );
        assert_eq!(tokens().verify("garbage", NOW), Err(TokenError::Malformed));
        assert_eq!(tokens().verify("a.b.c", NOW), Err(TokenError::Malformed));
    }

    #[test]
    fn a_wrong_subject_or_missing_claim_is_refused() {
        let key = tokens().derived_key().unwrap().to_owned();
        let forge = |claims: &str| {
            let input = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(HEADER),
                URL_SAFE_NO_PAD.encode(claims)
            );
            let signature = sign(&key, input.as_bytes()).unwrap();
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
        };
        let wrong_sub = forge(
            r#"{"org_id":"o","kind":"k","rcpt":"a@b","iat":1,"exp":9999999999,"sub":"session"}"#,
        );
        assert_eq!(tokens().verify(&wrong_sub, NOW), Err(TokenError::BadClaims));
        let no_rcpt = forge(
            r#"{"org_id":"o","kind":"k","iat":1,"exp":9999999999,"sub":"email-unsubscribe"}"#,
        );
        assert_eq!(tokens().verify(&no_rcpt, NOW), Err(TokenError::BadClaims));
    }

    #[test]
    fn without_a_clerk_secret_nothing_is_minted_or_accepted() {
        let unconfigured = UnsubscribeTokens::from_clerk_secret("");
        assert_eq!(
            unconfigured.mint("o", "k", "a@b", NOW),
            Err(TokenError::NotConfigured)
        );
        let token = tokens().mint("o", "k", "a@b", NOW).unwrap();
        assert_eq!(
            unconfigured.verify(&token, NOW),
            Err(TokenError::NotConfigured)
        );
    }

    #[test]
    fn the_url_has_no_double_slash() {
        assert_eq!(
            unsubscribe_url("https://app.example/", "T"),
            "https://app.example/api/notifications/email/unsubscribe?t=T"
        );
    }
}
