//! Rate-limit rules: limits written like `"10/minute"`, and the tenant-aware bucket key.

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

/// Who a request is counted as. Only what was verified may pick a bucket of its own:
/// anything a caller can invent (a key-shaped header, a token's unverified `org_id`) would
/// otherwise open a fresh bucket per request and escape every limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenant<'a> {
    /// A node whose key is known to belong to a node (`api_key_hash`: SHA-256 hex).
    Node { api_key_hash: &'a str },
    /// The org of a session token whose signature checked out.
    Org(&'a str),
    /// Everyone else, by client address (see `client_ip`).
    Client(&'a str),
}

/// The tenant's bucket key: `node:<16 hex>`, `org:<org id>` or the client address.
pub fn bucket_key(tenant: Tenant<'_>) -> String {
    match tenant {
        Tenant::Node { api_key_hash } => {
            format!("node:{}", api_key_hash.get(..16).unwrap_or(api_key_hash))
        }
        Tenant::Org(org) => format!("org:{org}"),
        Tenant::Client(address) => address.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn buckets_name_their_tenant() {
        let hash = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            bucket_key(Tenant::Node { api_key_hash: hash }),
            "node:0123456789abcdef"
        );
        assert_eq!(bucket_key(Tenant::Org("org_a")), "org:org_a");
        assert_eq!(bucket_key(Tenant::Client("203.0.113.9")), "203.0.113.9");
    }
}
