//! Logging: human-readable by default, JSON lines with `LOG_FORMAT=json`; `RUST_LOG`
//! filters (default `info`). Error tracking: with `SENTRY_DSN` set, panics and `error!`
//! events go to Sentry (warnings and info become breadcrumbs), scrubbed of credentials
//! first; without it the Sentry layer has no client and does nothing.

use crate::config::{Config, LogFormat};
use sentinel_domain::redaction::{REDACTED, redact_query, redact_text};
use sentry::protocol::{Context, Event, Value};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Request headers that carry credentials: their values never leave the process.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "cookie",
    "x-node-api-key",
    "x-sentinel-agent-key",
    "x-api-key",
    "svix-signature",
    "webhook-signature",
];

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(sentry::integrations::tracing::layer());
    let result = match format {
        LogFormat::Json => registry
            .with(tracing_subscriber::fmt::layer().json().flatten_event(true))
            .try_init(),
        LogFormat::Text => registry.with(tracing_subscriber::fmt::layer()).try_init(),
    };
    if result.is_err() {
        tracing::debug!("a tracing subscriber was already installed");
    }
}

/// Starts the Sentry client when `SENTRY_DSN` is set; keep the guard alive for the life
/// of the process (dropping it flushes queued events).
pub fn init_error_tracking(config: &Config) -> Option<sentry::ClientInitGuard> {
    let dsn = config.sentry.dsn.trim();
    if dsn.is_empty() {
        return None;
    }
    let dsn = match dsn.parse::<sentry::types::Dsn>() {
        Ok(dsn) => dsn,
        Err(error) => {
            tracing::error!(%error, "SENTRY_DSN is not a valid DSN; error tracking is off");
            return None;
        }
    };
    // Errors only: request traces are not sent (no performance monitoring), so
    // SENTRY_TRACES_SAMPLE_RATE has nothing to sample.
    let mut options = sentry::ClientOptions::default();
    options.dsn = Some(dsn);
    options.release = config.sentry.release.clone().map(Into::into);
    options.environment = Some(config.sentry_environment().to_owned().into());
    options.send_default_pii = false;
    options.before_send = Some(Arc::new(|event| Some(scrub(event))));
    options.before_breadcrumb = Some(Arc::new(|mut crumb| {
        crumb.message = crumb.message.as_deref().map(redact_text);
        crumb.data.values_mut().for_each(scrub_value);
        Some(crumb)
    }));
    let guard = sentry::init(options);
    tracing::info!("error tracking: Sentry");
    Some(guard)
}

/// The event without credentials: secret headers, query-string keys, cookies, and
/// anything shaped like a key or bearer token in messages, exceptions and breadcrumbs.
pub fn scrub(mut event: Event<'static>) -> Event<'static> {
    if let Some(request) = event.request.as_mut() {
        for (name, value) in request.headers.iter_mut() {
            if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                *value = REDACTED.to_owned();
            } else {
                *value = redact_text(value);
            }
        }
        request.query_string = request.query_string.as_deref().map(redact_query);
        if let Some(url) = request.url.as_mut() {
            let query = url.query().map(redact_query);
            url.set_query(query.as_deref());
        }
        request.cookies = None;
        request.data = request.data.as_deref().map(redact_text);
    }
    event.message = event.message.as_deref().map(redact_text);
    if let Some(entry) = event.logentry.as_mut() {
        entry.message = redact_text(&entry.message);
        entry.params.iter_mut().for_each(scrub_value);
    }
    event.culprit = event.culprit.as_deref().map(redact_text);
    event.transaction = event.transaction.as_deref().map(redact_text);
    for exception in &mut event.exception.values {
        exception.value = exception.value.as_deref().map(redact_text);
    }
    for crumb in &mut event.breadcrumbs.values {
        crumb.message = crumb.message.as_deref().map(redact_text);
        crumb.data.values_mut().for_each(scrub_value);
    }
    event.extra.values_mut().for_each(scrub_value);
    // sentry-tracing puts an event's fields (`error = %e`, ...) in a context.
    for context in event.contexts.values_mut() {
        if let Context::Other(fields) = context {
            fields.values_mut().for_each(scrub_value);
        }
    }
    for value in event.tags.values_mut() {
        *value = redact_text(value);
    }
    event
}

fn scrub_value(value: &mut Value) {
    match value {
        Value::String(text) => *text = redact_text(text),
        Value::Array(items) => items.iter_mut().for_each(scrub_value),
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                    *field = Value::String(REDACTED.to_owned());
                } else {
                    scrub_value(field);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentry::protocol::{Breadcrumb, Exception, Request};

    const NODE_KEY: &str = "0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
    const MCP_KEY: &str = "osc_0123456789abcdef0123456789abcdef";
    const INTEGRATION_KEY: &str = "osi_fedcba9876543210fedcba9876543210";
    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";

    fn leaky_event() -> Event<'static> {
        let mut event = Event {
            message: Some(format!("MCP call failed for {MCP_KEY}")),
            ..Default::default()
        };
        let mut request = Request {
            url: Some(
                format!("https://cc.example/ws/node?node_id=n1&api_key={NODE_KEY}")
                    .parse()
                    .unwrap(),
            ),
            query_string: Some(format!("node_id=n1&api_key={NODE_KEY}")),
            cookies: Some(format!("__session={JWT}")),
            data: Some(format!("{{\"key\": \"{INTEGRATION_KEY}\"}}")),
            ..Default::default()
        };
        request
            .headers
            .insert("Authorization".into(), format!("Bearer {JWT}"));
        request
            .headers
            .insert("X-Node-API-Key".into(), NODE_KEY.into());
        request
            .headers
            .insert("User-Agent".into(), "CloudNode/0.1.73".into());
        event.request = Some(request);
        event.exception.values.push(Exception {
            ty: "Error".into(),
            value: Some(format!("rejected key {INTEGRATION_KEY}")),
            ..Default::default()
        });
        let mut crumb = Breadcrumb {
            message: Some(format!("Bearer {JWT}")),
            ..Default::default()
        };
        crumb
            .data
            .insert("key".into(), Value::String(MCP_KEY.into()));
        event.breadcrumbs.values.push(crumb);
        event.extra.insert(
            "args".into(),
            serde_json::json!({"api_key": MCP_KEY, "n": 1}),
        );
        let mut fields = sentry::protocol::Map::new();
        fields.insert(
            "error".into(),
            Value::String(format!("cannot open /data/{MCP_KEY}/x.db")),
        );
        event
            .contexts
            .insert("Rust Tracing Fields".into(), Context::Other(fields));
        event
    }

    #[test]
    fn the_scrubber_removes_every_credential() {
        let scrubbed = scrub(leaky_event());
        let text = serde_json::to_string(&scrubbed).unwrap();
        for secret in [NODE_KEY, MCP_KEY, INTEGRATION_KEY, JWT] {
            assert!(!text.contains(secret), "{secret} survived: {text}");
        }
        let request = scrubbed.request.unwrap();
        assert_eq!(request.headers["Authorization"], REDACTED);
        assert_eq!(request.headers["X-Node-API-Key"], REDACTED);
        assert_eq!(request.headers["User-Agent"], "CloudNode/0.1.73");
        assert_eq!(
            request.query_string.as_deref(),
            Some("node_id=n1&api_key=[redacted]")
        );
        assert!(request.cookies.is_none());
        assert_eq!(
            scrubbed.message.as_deref(),
            Some("MCP call failed for [redacted]")
        );
    }

    #[test]
    fn without_a_dsn_error_tracking_stays_off() {
        let config = Config::from_source(&|_| None).unwrap();
        assert!(init_error_tracking(&config).is_none());
    }
}
