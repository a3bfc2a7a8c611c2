//! The targets. Each splits its input the way the real caller receives it.

use chrono::{DateTime, TimeZone, Utc};
use sentinel_adapters_http::mcp::protocol::{Incoming, parse_message};
use sentinel_application::webhooks::read_event;
use sentinel_application::webhooks::signature::{SignatureHeaders, sign, verify};
use sentinel_domain::identity::auth_user_from_claims;
use sentinel_domain::live::{SegmentName, decode_playlist, rewrite_playlist};
use serde_json::{Value, json};

/// A pushed playlist: decode as the push handler does, rewrite, and check the rewrite.
pub fn playlist(data: &[u8]) {
    let Ok(text) = decode_playlist(data) else {
        assert!(std::str::from_utf8(data).is_err(), "valid UTF-8 rejected");
        return;
    };
    let rewritten = rewrite_playlist(text).text;
    assert!(
        !rewritten
            .lines()
            .any(|line| line.starts_with("#EXT-X-CODECS:")),
        "a codecs line survived"
    );
    for line in rewritten.lines() {
        // A player may only ever be pointed at one of our segment routes.
        let is_uri = !line.starts_with('#') && !line.trim().is_empty();
        assert!(
            !is_uri || line.starts_with("segment/"),
            "a foreign URI survived: {line:?}"
        );
        let inner = line.strip_suffix('\r').unwrap_or(line);
        assert!(
            !inner.contains(['\r', '\u{2028}', '\u{2029}']),
            "a hidden line break survived: {line:?}"
        );
        if let Some(name) = line.strip_prefix("segment/") {
            // Every segment URI the rewriter emits must be one the segment route accepts.
            if !text.contains(line) {
                assert!(
                    SegmentName::parse(name).is_ok(),
                    "rewrote to a bad name: {line:?}"
                );
            }
        }
    }
    assert_eq!(
        rewrite_playlist(&rewritten).text,
        rewritten,
        "rewrite is not idempotent"
    );
}

/// A segment file name from a URL: valid names are exactly `segment_<1-20 digits>.ts`.
pub fn segment_name(data: &[u8]) {
    let Ok(name) = std::str::from_utf8(data) else {
        return;
    };
    let expected = name
        .strip_prefix("segment_")
        .and_then(|rest| rest.strip_suffix(".ts"))
        .is_some_and(|digits| {
            (1..=20).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u64>().is_ok()
        });
    match SegmentName::parse(name) {
        Ok(parsed) => {
            assert!(expected, "accepted {name:?}");
            assert_eq!(parsed.to_string(), name, "does not print back as received");
        }
        Err(_) => assert!(!expected, "rejected {name:?}"),
    }
}

/// Verified session claims: any JSON document, and a v2 claim set whose org, features,
/// permission names and masks come from the input (where the bit decoding lives).
pub fn jwt_claims(data: &[u8]) {
    if let Ok(claims) = serde_json::from_slice::<Value>(data) {
        check_claims(&claims);
    }
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0').skip(1);
    let mut next = || parts.next().unwrap_or_default().to_owned();
    let (role, names, masks, features, plan) = (next(), next(), next(), next(), next());
    let org = json!({"id": "org_f", "rol": role, "per": names, "fpm": masks});
    check_claims(&json!({"sub": "user_f", "v": 2, "o": org, "fea": features, "pla": plan}));
    check_claims(
        &json!({"sub": "user_f", "v": 2, "o": org, "fea": features, "pla": plan, "org_role": role}),
    );
}

fn check_claims(claims: &Value) {
    if let Ok(user) = auth_user_from_claims(claims) {
        assert!(!user.user_id.as_str().is_empty(), "empty user id accepted");
        assert!(!user.org_id.as_str().is_empty(), "empty org id accepted");
    }
}

const SECRET: &str = "whsec_c2VjcmV0LWtleS1mb3ItZnV6emluZw==";

/// A webhook delivery. Input: `id \0 timestamp \0 signature header \0 body` (missing parts
/// empty). Fuzzed headers never verify; a correctly signed fuzzed body always does, and
/// the payload decoding that follows never panics.
pub fn webhook(data: &[u8]) {
    let now = fixed_now();
    let mut parts = data.splitn(4, |&b| b == 0);
    let mut next = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let (id, timestamp, signature) = (next(), next(), next());
    let body = data.splitn(4, |&b| b == 0).nth(3).unwrap_or(data);
    let headers = SignatureHeaders {
        svix_id: Some(id.clone()),
        svix_timestamp: Some(timestamp),
        svix_signature: Some(signature),
        ..SignatureHeaders::default()
    };
    let _ = verify(SECRET, &headers, body, now);
    let _ = verify(&id, &headers, body, now);

    if let Ok(text) = std::str::from_utf8(body) {
        let stamp = now.timestamp().to_string();
        let Ok(signature) = sign(SECRET, &id, &stamp, text) else {
            panic!("signing with a valid secret failed");
        };
        let signed = SignatureHeaders {
            webhook_id: Some(id.clone()),
            webhook_timestamp: Some(stamp),
            webhook_signature: Some(format!("v2,x v1,{signature}")),
            ..SignatureHeaders::default()
        };
        assert_eq!(
            verify(SECRET, &signed, body, now).ok(),
            Some(id),
            "a signed body failed"
        );
        decode_event(body);
    }
}

/// What `WebhookService::handle` reads from a verified body before applying it: an event
/// it accepts has a string `type` and an object `data`.
fn decode_event(body: &[u8]) {
    let Ok(payload) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    if let Ok(event) = read_event(&payload) {
        assert_eq!(
            payload.get("type").and_then(Value::as_str),
            Some(event.event_type),
            "an event read another type"
        );
        assert!(event.data.is_object(), "an event without an object");
    }
}

fn fixed_now() -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000, 0)
        .single()
        .unwrap_or_default()
}

/// An MCP POST body: a request keeps an object (or no) `params`; everything else is a
/// JSON-RPC error, never a panic.
pub fn mcp_message(data: &[u8]) {
    match parse_message(data) {
        Ok(Incoming::Request { params, method, .. }) => {
            assert!(
                params.as_ref().is_none_or(Value::is_object),
                "non-object params"
            );
            let _ = method;
        }
        Ok(Incoming::NoReply) => {}
        Err(malformed) => assert!(malformed.code < 0, "positive JSON-RPC error code"),
    }
}
