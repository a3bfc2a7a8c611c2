//! Strict readers for environment values.

use std::fmt;

/// Looks a variable up; tests pass a map, the binary passes the process environment.
pub type EnvSource<'a> = &'a dyn Fn(&str) -> Option<String>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub reason: String,
}

impl ConfigError {
    pub fn invalid(variable: &'static str, value: &str, reason: &str) -> Self {
        Self {
            variable,
            value: value.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}={:?}: {}",
            self.variable, self.value, self.reason
        )
    }
}

pub fn string(env: EnvSource<'_>, name: &str, default: &str) -> String {
    env(name).unwrap_or_else(|| default.to_owned())
}

/// Integers are strict: a malformed value is an error, not the default.
pub fn integer<T: std::str::FromStr>(
    env: EnvSource<'_>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match env(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|_| ConfigError::invalid(name, &raw, "expected a non-negative integer")),
    }
}

pub fn float(env: EnvSource<'_>, name: &'static str, default: f64) -> Result<f64, ConfigError> {
    match env(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .ok_or_else(|| ConfigError::invalid(name, &raw, "expected a number")),
    }
}

/// On only when the value is `true` in any case (the e-mail kill switch's rule).
pub fn bool_true_only(env: EnvSource<'_>, name: &str) -> bool {
    env(name).is_some_and(|raw| raw.trim().eq_ignore_ascii_case("true"))
}

/// On unless explicitly switched off.
pub fn bool_default_true(env: EnvSource<'_>, name: &'static str) -> Result<bool, ConfigError> {
    match env(name).map(|raw| raw.trim().to_ascii_lowercase()) {
        None => Ok(true),
        Some(value) => match value.as_str() {
            "" | "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(ConfigError::invalid(name, &value, "expected true or false")),
        },
    }
}

/// An origin: `http(s)://…`, no whitespace or comma, trailing `/` removed.
pub fn origin(name: &'static str, raw: &str) -> Result<String, ConfigError> {
    let trimmed = raw.trim();
    if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
        return Err(ConfigError::invalid(
            name,
            raw,
            "must start with http:// or https://",
        ));
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c == ',') {
        return Err(ConfigError::invalid(
            name,
            raw,
            "must not contain whitespace or commas",
        ));
    }
    Ok(trimmed.trim_end_matches('/').to_owned())
}

/// An absolute `http(s)://host…` URL without whitespace, kept as written.
pub fn http_url(name: &'static str, raw: &str) -> Result<String, ConfigError> {
    let trimmed = raw.trim();
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| ConfigError::invalid(name, raw, "must start with http:// or https://"))?;
    if host.is_empty() || host.starts_with('/') || trimmed.chars().any(char::is_whitespace) {
        return Err(ConfigError::invalid(
            name,
            raw,
            "expected a URL like https://host/path",
        ));
    }
    Ok(trimmed.to_owned())
}

/// `X.Y.Z` with numeric parts (a leading `v` tolerated).
pub fn version(name: &'static str, raw: &str) -> Result<String, ConfigError> {
    let cleaned = raw.trim().trim_start_matches('v');
    let parts: Vec<&str> = cleaned.split('.').collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        Ok(cleaned.to_owned())
    } else {
        Err(ConfigError::invalid(
            name,
            raw,
            "expected a version like 0.1.73",
        ))
    }
}

pub fn plan_slug(name: &'static str, raw: &str) -> Result<String, ConfigError> {
    let slug = raw.trim().to_ascii_lowercase();
    match slug.as_str() {
        "free" | "free_org" => Ok("free_org".to_owned()),
        "pro" | "pro_plus" => Ok(slug),
        _ => Err(ConfigError::invalid(
            name,
            raw,
            "expected free_org, pro or pro_plus",
        )),
    }
}

/// `LIVE_STORE`: `memory` (default) or `redis`, which needs `REDIS_URL`.
pub fn live_store(raw: &str, redis_url: &str) -> Result<super::LiveStoreKind, ConfigError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "memory" => Ok(super::LiveStoreKind::Memory),
        "redis" if redis_url.trim().is_empty() => Err(ConfigError::invalid(
            "LIVE_STORE",
            raw,
            "the shared live store needs REDIS_URL to be set",
        )),
        "redis" => Ok(super::LiveStoreKind::Redis),
        other => Err(ConfigError::invalid(
            "LIVE_STORE",
            other,
            "expected memory or redis",
        )),
    }
}

/// `TRUSTED_PROXIES`: comma-separated addresses or CIDR blocks.
pub fn trusted_proxies(
    raw: &str,
    on_fly: bool,
) -> Result<sentinel_domain::client_address::TrustedProxies, ConfigError> {
    sentinel_domain::client_address::TrustedProxies::parse(raw, on_fly)
        .map_err(|error| ConfigError::invalid("TRUSTED_PROXIES", raw, &error.to_string()))
}
