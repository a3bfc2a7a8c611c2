//! Where Clerk's signing keys come from, and how a JWKS document becomes verification keys.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::DecodingKey;
use reqwest::header::ACCEPT;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// Clerk's Backend API JWKS: needs the secret key as a bearer token.
pub const CLERK_BACKEND_JWKS_URL: &str = "https://api.clerk.com/v1/jwks";

/// A JWKS fetch gives up after this long: a hung Clerk must not hang requests.
pub const JWKS_FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// JWKS documents are a few KiB; anything much larger is not one.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// A JWKS URL and the bearer token it needs, if any.
#[derive(Clone)]
pub struct JwksEndpoint {
    pub url: String,
    pub bearer: Option<String>,
}

impl JwksEndpoint {
    /// `jwks_url` when set, else Clerk's Backend API. The secret key is only ever sent to
    /// the Backend API, never to another host a misconfiguration could name.
    pub fn for_clerk(jwks_url: &str, secret_key: &str) -> Self {
        let url = if jwks_url.is_empty() {
            CLERK_BACKEND_JWKS_URL
        } else {
            jwks_url
        };
        let bearer = url
            .starts_with("https://api.clerk.com/")
            .then(|| secret_key.to_owned());
        Self {
            url: url.to_owned(),
            bearer,
        }
    }
}

impl std::fmt::Debug for JwksEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwksEndpoint")
            .field("url", &self.url)
            .field("bearer", &self.bearer.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// The public Frontend API JWKS named by a publishable key:
/// `pk_test_`/`pk_live_` + base64(`<frontend api host>$`) -> `https://<host>/.well-known/jwks.json`.
pub fn frontend_api_jwks_url(publishable_key: &str) -> Option<String> {
    let encoded = publishable_key
        .strip_prefix("pk_test_")
        .or_else(|| publishable_key.strip_prefix("pk_live_"))?;
    let decoded = STANDARD
        .decode(encoded)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(encoded))
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let host = decoded.strip_suffix('$')?;
    let plausible = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':');
    plausible.then(|| format!("https://{host}/.well-known/jwks.json"))
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum JwksFetchError {
    #[error("JWKS request failed: {0}")]
    Request(#[from] reqwest::Error),
    #[error("JWKS endpoint answered {0}")]
    Status(reqwest::StatusCode),
    #[error("JWKS document is not valid: {0}")]
    Document(String),
}

/// Fetches and parses a JWKS over HTTP.
pub(crate) struct JwksFetcher {
    endpoint: JwksEndpoint,
    client: reqwest::Client,
}

impl JwksFetcher {
    pub(crate) fn new(endpoint: JwksEndpoint) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(JWKS_FETCH_TIMEOUT)
            .connect_timeout(JWKS_FETCH_TIMEOUT)
            .build()?;
        Ok(Self { endpoint, client })
    }

    pub(crate) async fn fetch(&self) -> Result<HashMap<String, DecodingKey>, JwksFetchError> {
        let mut request = self
            .client
            .get(&self.endpoint.url)
            .header(ACCEPT, "application/json");
        if let Some(bearer) = &self.endpoint.bearer {
            request = request.bearer_auth(bearer);
        }
        let response = request.send().await?;
        if !response.status().is_success() {
            return Err(JwksFetchError::Status(response.status()));
        }
        let body = response.bytes().await?;
        if body.len() > MAX_JWKS_BYTES {
            return Err(JwksFetchError::Document("too large".into()));
        }
        let document: Value =
            serde_json::from_slice(&body).map_err(|e| JwksFetchError::Document(e.to_string()))?;
        rs256_keys_by_kid(&document)
            .ok_or_else(|| JwksFetchError::Document("no `keys` list".into()))
    }
}

/// The RSA signing keys of a JWKS document by `kid`; keys of other types or algorithms,
/// or without a `kid`, are skipped. `None` when the document has no `keys` list.
pub(crate) fn rs256_keys_by_kid(document: &Value) -> Option<HashMap<String, DecodingKey>> {
    let keys = document.get("keys")?.as_array()?;
    Some(
        keys.iter()
            .filter_map(|jwk| Some((jwk.get("kid")?.as_str()?.to_owned(), rs256_key(jwk)?)))
            .collect(),
    )
}

fn rs256_key(jwk: &Value) -> Option<DecodingKey> {
    let field = |name: &str| jwk.get(name).and_then(Value::as_str);
    if field("kty") != Some("RSA") {
        return None;
    }
    if !matches!(field("alg"), None | Some("RS256")) || !matches!(field("use"), None | Some("sig"))
    {
        return None;
    }
    DecodingKey::from_rsa_components(field("n")?, field("e")?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn publishable_key_names_the_frontend_api_jwks() {
        let key = format!("pk_test_{}", STANDARD.encode("clerk.example.com$"));
        assert_eq!(
            frontend_api_jwks_url(&key).as_deref(),
            Some("https://clerk.example.com/.well-known/jwks.json")
        );
        let key = format!(
            "pk_live_{}",
            STANDARD.encode("happy-cat-12.clerk.accounts.dev$")
        );
        assert_eq!(
            frontend_api_jwks_url(&key).as_deref(),
            Some("https://happy-cat-12.clerk.accounts.dev/.well-known/jwks.json")
        );
    }

    #[test]
    fn malformed_publishable_keys_name_nothing() {
        for key in [
            "".to_owned(),
            "sk_test_abc".to_owned(),
            "pk_test_!!!".to_owned(),
            format!("pk_test_{}", STANDARD.encode("no-dollar.example.com")),
            format!("pk_test_{}", STANDARD.encode("evil.com/path?$")),
            format!("pk_test_{}", STANDARD.encode("$")),
        ] {
            assert_eq!(frontend_api_jwks_url(&key), None, "{key}");
        }
    }

    #[test]
    fn the_secret_key_only_goes_to_the_backend_api() {
        let default = JwksEndpoint::for_clerk("", "sk_test_1");
        assert_eq!(default.url, CLERK_BACKEND_JWKS_URL);
        assert_eq!(default.bearer.as_deref(), Some("sk_test_1"));
        let custom =
            JwksEndpoint::for_clerk("https://clerk.example.com/.well-known/jwks.json", "sk");
        assert_eq!(custom.bearer, None);
        assert!(!format!("{default:?}").contains("sk_test_1"));
    }

    #[test]
    fn only_rs256_signing_keys_with_a_kid_are_kept() {
        let rsa = |kid: &str, extra: Value| {
            let mut jwk = json!({"kty": "RSA", "kid": kid, "n": "sXch", "e": "AQAB"});
            if let (Some(jwk), Value::Object(extra)) = (jwk.as_object_mut(), extra) {
                jwk.extend(extra);
            }
            jwk
        };
        let document = json!({"keys": [
            rsa("plain", json!({})),
            rsa("rs256", json!({"alg": "RS256", "use": "sig"})),
            rsa("rs512", json!({"alg": "RS512"})),
            rsa("enc", json!({"use": "enc"})),
            {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
            {"kty": "RSA", "n": "sXch", "e": "AQAB"},
        ]});
        let mut kids: Vec<String> = rs256_keys_by_kid(&document).unwrap().into_keys().collect();
        kids.sort();
        assert_eq!(kids, ["plain", "rs256"]);
        assert!(rs256_keys_by_kid(&json!({"nope": []})).is_none());
    }
}
