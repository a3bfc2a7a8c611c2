//! An RSA-2048 signing key generated in-process with aws-lc-rs: local mode signs its
//! sessions with one, tests sign their tokens with others.
//!
//! aws-lc-rs exports private keys as PKCS#8 only, while jsonwebtoken's `from_rsa_der` wants
//! PKCS#1; its `from_rsa_pem` accepts a PKCS#8 `PRIVATE KEY` PEM and unwraps it, so the key
//! goes through PEM once at generation.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

#[derive(Debug, thiserror::Error)]
#[error("could not create an RSA signing key: {0}")]
pub struct KeyGenerationError(String);

/// A private RSA key with its public half in the forms verifiers want.
pub struct RsaSigningKey {
    kid: String,
    encoding_key: EncodingKey,
    public_jwk: Value,
    public_pem: String,
    private_pem: String,
}

impl RsaSigningKey {
    /// A fresh RSA-2048 key. Its `kid` is derived from the modulus, so it names this key only.
    pub fn generate() -> Result<Self, KeyGenerationError> {
        let key_pair =
            KeyPair::generate(KeySize::Rsa2048).map_err(|e| KeyGenerationError(e.to_string()))?;
        Self::from_key_pair(&key_pair)
    }

    /// The key of a PKCS#8 `PRIVATE KEY` PEM (what [`Self::private_pem`] writes).
    pub fn from_private_pem(text: &str) -> Result<Self, KeyGenerationError> {
        let body: String = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("-----"))
            .collect();
        let der = STANDARD
            .decode(body)
            .map_err(|e| KeyGenerationError(format!("not a PEM private key: {e}")))?;
        let key_pair = KeyPair::from_pkcs8(&der).map_err(|e| KeyGenerationError(e.to_string()))?;
        Self::from_key_pair(&key_pair)
    }

    /// The private key as a PKCS#8 `PRIVATE KEY` PEM.
    pub fn private_pem(&self) -> &str {
        &self.private_pem
    }

    fn from_key_pair(key_pair: &KeyPair) -> Result<Self, KeyGenerationError> {
        let pkcs8 = key_pair
            .as_der()
            .map_err(|e| KeyGenerationError(e.to_string()))?;
        let private_pem = pem("PRIVATE KEY", pkcs8.as_ref());
        let encoding_key = EncodingKey::from_rsa_pem(private_pem.as_bytes())
            .map_err(|e| KeyGenerationError(e.to_string()))?;

        let public_key = key_pair.public_key();
        let modulus = public_key.modulus().big_endian_without_leading_zero();
        let exponent = public_key.exponent().big_endian_without_leading_zero();
        let spki = public_key
            .as_der()
            .map_err(|e| KeyGenerationError(e.to_string()))?;
        let kid = kid_for(modulus);
        let public_jwk = json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(modulus),
            "e": URL_SAFE_NO_PAD.encode(exponent),
        });
        Ok(Self {
            kid,
            encoding_key,
            public_jwk,
            public_pem: pem("PUBLIC KEY", spki.as_ref()),
            private_pem,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as one JWK (`kty`, `use`, `alg`, `kid`, `n`, `e`).
    pub fn public_jwk(&self) -> &Value {
        &self.public_jwk
    }

    /// The public key as a JWKS document with this one key.
    pub fn public_jwks(&self) -> Value {
        json!({ "keys": [self.public_jwk] })
    }

    /// The public key as an SPKI `PUBLIC KEY` PEM, the format of `CLERK_JWT_KEY`.
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// An RS256 token over `claims`, with this key's `kid` in the header.
    pub fn sign(&self, claims: &Value) -> Result<String, jsonwebtoken::errors::Error> {
        self.sign_with_kid(claims, Some(&self.kid))
    }

    /// An RS256 token whose header names `kid` (or none): lets tests mislabel keys.
    pub fn sign_with_kid(
        &self,
        claims: &Value,
        kid: Option<&str>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(&header, claims, &self.encoding_key)
    }
}

impl std::fmt::Debug for RsaSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RsaSigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// `sentinel-` + the first 8 bytes of SHA-256(modulus), hex.
fn kid_for(modulus: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, modulus);
    let hex: String = digest.as_ref()[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("sentinel-{hex}")
}

/// Standard PEM armour, 64 characters a line.
pub(crate) fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
