//! Svix / Standard Webhooks signature verification (notifications-email-webhooks.md §9.1).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sentinel_domain::keys::secrets_match;
use sha2::Sha256;

/// How far a signed timestamp may be from now, either way.
pub const TIMESTAMP_TOLERANCE_SECONDS: i64 = 5 * 60;

/// The three signature headers of one delivery, as received (any may be missing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignatureHeaders {
    pub svix_id: Option<String>,
    pub svix_timestamp: Option<String>,
    pub svix_signature: Option<String>,
    pub webhook_id: Option<String>,
    pub webhook_timestamp: Option<String>,
    pub webhook_signature: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("signature headers missing")]
    MissingHeaders,
    #[error("secret is not valid base64")]
    BadSecret,
    #[error("timestamp missing, malformed or outside the tolerance")]
    BadTimestamp,
    #[error("body is not UTF-8")]
    BadBody,
    #[error("no signature matches")]
    NoMatch,
}

/// Verifies one delivery against `secret` (`whsec_` prefix optional) and returns its message
/// id (the dedup key). The `svix-*` set is used when complete, else the `webhook-*` set.
pub fn verify(
    secret: &str,
    headers: &SignatureHeaders,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<String, SignatureError> {
    let (id, timestamp, signatures) = match (
        &headers.svix_id,
        &headers.svix_timestamp,
        &headers.svix_signature,
    ) {
        (Some(id), Some(ts), Some(sig)) => (id, ts, sig),
        _ => match (
            &headers.webhook_id,
            &headers.webhook_timestamp,
            &headers.webhook_signature,
        ) {
            (Some(id), Some(ts), Some(sig)) => (id, ts, sig),
            _ => return Err(SignatureError::MissingHeaders),
        },
    };
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|_| SignatureError::BadSecret)?;
    let seconds: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    if (now.timestamp() - seconds).abs() > TIMESTAMP_TOLERANCE_SECONDS {
        return Err(SignatureError::BadTimestamp);
    }
    let text = std::str::from_utf8(body).map_err(|_| SignatureError::BadBody)?;
    let expected = sign_with_key(&key, id, timestamp, text)?;
    let matched = signatures
        .split(' ')
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == "v1")
        .any(|(_, candidate)| secrets_match(candidate.as_bytes(), expected.as_bytes()));
    if matched {
        Ok(id.clone())
    } else {
        Err(SignatureError::NoMatch)
    }
}

/// `base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>"))`, as a sender computes it.
pub fn sign(secret: &str, id: &str, timestamp: &str, body: &str) -> Result<String, SignatureError> {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|_| SignatureError::BadSecret)?;
    sign_with_key(&key, id, timestamp, body)
}

fn sign_with_key(
    key: &[u8],
    id: &str,
    timestamp: &str,
    body: &str,
) -> Result<String, SignatureError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| SignatureError::BadSecret)?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    fn headers(id: &str, ts: &str, sig: &str) -> SignatureHeaders {
        SignatureHeaders {
            svix_id: Some(id.to_owned()),
            svix_timestamp: Some(ts.to_owned()),
            svix_signature: Some(sig.to_owned()),
            ..SignatureHeaders::default()
        }
    }

    #[test]
    fn matches_the_svix_reference_vector() {
        // The example of Svix's documentation (docs.svix.com, "Verifying manually").
        let body = r#"{"test": 2432232314}"#;
        let now = Utc.timestamp_opt(1614265330, 0).unwrap();
        let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        let h = headers("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", sig);
        assert_eq!(
            verify(SECRET, &h, body.as_bytes(), now).unwrap(),
            "msg_p5jXN8AQM9LWM0D4loKWxJek"
        );
    }

    #[test]
    fn other_versions_are_ignored_and_any_v1_may_match() {
        let now = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        let good = sign(SECRET, "m", "1700000000", "{}").unwrap();
        let h = headers("m", "1700000000", &format!("v2,{good} v1,bogus v1,{good}"));
        assert!(verify(SECRET, &h, b"{}", now).is_ok());
        let only_v2 = headers("m", "1700000000", &format!("v2,{good}"));
        assert_eq!(
            verify(SECRET, &only_v2, b"{}", now),
            Err(SignatureError::NoMatch)
        );
    }

    #[test]
    fn stale_or_future_timestamps_are_rejected() {
        let now = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        for ts in ["1699999699", "1700000301", "soon"] {
            let sig = format!("v1,{}", sign(SECRET, "m", ts, "{}").unwrap());
            assert_eq!(
                verify(SECRET, &headers("m", ts, &sig), b"{}", now),
                Err(SignatureError::BadTimestamp),
                "{ts}"
            );
        }
    }

    #[test]
    fn webhook_headers_are_used_when_the_svix_set_is_incomplete() {
        let now = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        let sig = format!("v1,{}", sign(SECRET, "w", "1700000000", "{}").unwrap());
        let h = SignatureHeaders {
            svix_id: Some("ignored".to_owned()),
            webhook_id: Some("w".to_owned()),
            webhook_timestamp: Some("1700000000".to_owned()),
            webhook_signature: Some(sig),
            ..SignatureHeaders::default()
        };
        assert_eq!(verify(SECRET, &h, b"{}", now).unwrap(), "w");
        assert_eq!(
            verify(SECRET, &SignatureHeaders::default(), b"{}", now),
            Err(SignatureError::MissingHeaders)
        );
    }
}
