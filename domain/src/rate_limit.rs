//! Rate-limit rules: limits written like `"10/minute"`, and the tenant-aware bucket key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// A fixed-window limit: `count` requests per `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub count: u64,
    pub window_seconds: u64,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
}

impl Unit {
    fn seconds(self) -> u64 {
        match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3_600,
            Unit::Day => 86_400,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid rate limit {0:?}: expected \"<count>/<second|minute|hour|day>\"")]
pub struct InvalidRateLimit(pub String);

impl RateLimit {
    pub const fn per_minute(count: u64) -> Self {
        Self {
            count,
            window_seconds: 60,
            unit: Unit::Minute,
        }
    }

    pub const fn per_hour(count: u64) -> Self {
        Self {
            count,
            window_seconds: 3_600,
            unit: Unit::Hour,
        }
    }
}

impl FromStr for RateLimit {
    type Err = InvalidRateLimit;

    /// Accepts `10/minute`, `10 per minute`, `10/minutes`, `3/hour`, `5/second`, `100/day`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidRateLimit(text.to_owned());
        let normalised = text.trim().to_ascii_lowercase().replace(" per ", "/");
        let (count, unit) = normalised.split_once('/').ok_or_else(invalid)?;
        let count: u64 = count.trim().parse().map_err(|_| invalid())?;
        let unit = match unit.trim().trim_start_matches("1 ").trim_end_matches('s') {
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            _ => return Err(invalid()),
        };
        if count == 0 {
            return Err(invalid());
        }
        Ok(Self {
            count,
            window_seconds: unit.seconds(),
            unit,
        })
    }
}

impl fmt::Display for RateLimit {
    /// Rendered the way the 429 body names it: `"1200 per 1 minute"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} per 1 {}", self.count, self.unit.name())
    }
}

/// What the request carries that identifies its tenant, in priority order.
#[derive(Debug, Default, Clone)]
pub struct KeySource<'a> {
    pub node_api_key: Option<&'a str>,
    pub authorization: Option<&'a str>,
    pub fly_client_ip: Option<&'a str>,
    pub forwarded_for: Option<&'a str>,
    pub peer_ip: Option<&'a str>,
}

/// The tenant-aware bucket key: `node:<16 hex>`, `org:<org id>` or the client IP.
///
/// The JWT payload is read *without* verification on purpose: the key only chooses a
/// bucket, and a forged org id merely spends that org's budget faster; verification
/// happens later in the extractor.
pub fn bucket_key(source: &KeySource<'_>) -> String {
    if let Some(key) = source.node_api_key {
        let digest = hex::encode(Sha256::digest(key.as_bytes()));
        return format!("node:{}", &digest[..16]);
    }
    if let Some(org) = source
        .authorization
        .and_then(|value| value.strip_prefix("Bearer "))
        .and_then(unverified_org_id)
    {
        return format!("org:{org}");
    }
    client_ip(source)
}

/// `Fly-Client-IP`, then the first `X-Forwarded-For` entry, then the socket peer.
pub fn client_ip(source: &KeySource<'_>) -> String {
    let fly = source
        .fly_client_ip
        .map(str::trim)
        .filter(|ip| !ip.is_empty());
    let forwarded = source
        .forwarded_for
        .and_then(|list| list.split(',').next())
        .map(str::trim)
        .filter(|ip| !ip.is_empty());
    fly.or(forwarded)
        .or(source.peer_ip)
        .unwrap_or("unknown")
        .to_owned()
}

fn unverified_org_id(token: &str) -> Option<String> {
    let mut parts = token.trim().split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let org = claims
        .get("org_id")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            claims
                .get("o")
                .and_then(|o| o.get("id"))
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty())
        })?;
    Some(org.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unsigned(payload: &str) -> String {
        format!("Bearer e30.{}.sig", URL_SAFE_NO_PAD.encode(payload))
    }

    #[test]
    fn parses_the_usual_spellings() {
        assert_eq!(
            "10/minute".parse::<RateLimit>().unwrap(),
            RateLimit::per_minute(10)
        );
        assert_eq!(
            "3/hour".parse::<RateLimit>().unwrap(),
            RateLimit::per_hour(3)
        );
        assert_eq!(
            "120 per minute".parse::<RateLimit>().unwrap(),
            RateLimit::per_minute(120)
        );
        assert_eq!(
            "5/minutes".parse::<RateLimit>().unwrap(),
            RateLimit::per_minute(5)
        );
        assert_eq!("2/day".parse::<RateLimit>().unwrap().window_seconds, 86_400);
    }

    #[test]
    fn refuses_nonsense() {
        for bad in [
            "",
            "ten/minute",
            "10/fortnight",
            "10",
            "0/minute",
            "-1/minute",
        ] {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad}");
        }
    }

    #[test]
    fn renders_like_the_429_body() {
        assert_eq!(RateLimit::per_minute(1200).to_string(), "1200 per 1 minute");
        assert_eq!(RateLimit::per_hour(3).to_string(), "3 per 1 hour");
    }

    #[test]
    fn node_keys_are_hashed_stable_and_distinct() {
        let a = bucket_key(&KeySource {
            node_api_key: Some("key-a"),
            ..Default::default()
        });
        let a2 = bucket_key(&KeySource {
            node_api_key: Some("key-a"),
            ..Default::default()
        });
        let b = bucket_key(&KeySource {
            node_api_key: Some("key-b"),
            ..Default::default()
        });
        assert!(a.starts_with("node:"));
        assert_eq!(a.len(), "node:".len() + 16);
        assert_eq!(a, a2);
        assert_ne!(a, b);
    }

    #[test]
    fn v1_and_v2_org_claims_pick_the_org_bucket() {
        let v1 = unsigned(r#"{"org_id":"org_via_jwt"}"#);
        let v2 = unsigned(r#"{"o":{"id":"org_v2_shape"}}"#);
        assert_eq!(
            bucket_key(&KeySource {
                authorization: Some(&v1),
                ..Default::default()
            }),
            "org:org_via_jwt"
        );
        assert_eq!(
            bucket_key(&KeySource {
                authorization: Some(&v2),
                ..Default::default()
            }),
            "org:org_v2_shape"
        );
    }

    #[test]
    fn falls_back_to_the_client_ip_in_order() {
        let source = KeySource {
            authorization: Some("Bearer not-a-jwt"),
            fly_client_ip: Some(" 1.1.1.1 "),
            forwarded_for: Some("2.2.2.2, 3.3.3.3"),
            peer_ip: Some("4.4.4.4"),
            ..Default::default()
        };
        assert_eq!(bucket_key(&source), "1.1.1.1");
        let source = KeySource {
            fly_client_ip: None,
            ..source
        };
        assert_eq!(bucket_key(&source), "2.2.2.2");
        let source = KeySource {
            forwarded_for: None,
            ..source
        };
        assert_eq!(bucket_key(&source), "4.4.4.4");
    }
}
