//! Secrets out of logs and error reports: query-string credentials, bearer tokens and
//! anything shaped like an `osc_`/`osi_` key or a `shr_` share token become `[redacted]`.

pub const REDACTED: &str = "[redacted]";

/// Query parameters whose value is a credential, whatever it looks like.
const SECRET_PARAMETERS: &[&str] = &["key", "token", "secret", "password", "signature", "auth"];

/// Prefixes of the API keys this server mints (MCP `osc_`, integration `osi_`), of its
/// share-link tokens (`shr_`, which travel in paths) and of Clerk secrets.
const KEY_PREFIXES: &[&str] = &["osc_", "osi_", "shr_", "sk_live_", "sk_test_", "whsec_"];

/// `a=1&api_key=s3cret` -> `a=1&api_key=[redacted]`; values that look like keys are
/// redacted under any name. Names and values are judged as the server reads them, i.e.
/// percent-decoded (`api_k%65y` is `api_key`), and kept in the form they were sent.
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value))
                if is_secret_parameter(&decoded(name)) || looks_like_key(&decoded(value)) =>
            {
                format!("{name}={REDACTED}")
            }
            _ => redact_text(pair),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A query-string component as `application/x-www-form-urlencoded` decodes it.
fn decoded(component: &str) -> String {
    let spaced = component.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// A path and query with the query's secrets and any key-shaped path segment (a share
/// link's token) redacted.
pub fn redact_target(path: &str, query: &str) -> String {
    let path = redact_text(path);
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", redact_query(query))
    }
}

/// Free text with every key-shaped run (`osc_...` anywhere, even inside a path) and
/// every `Bearer <token>` redacted.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut at_boundary = true;
    while let Some(c) = rest.chars().next() {
        if at_boundary {
            if let Some(prefix) = KEY_PREFIXES.iter().find(|p| rest.starts_with(*p)) {
                let key = &rest[prefix.len()..];
                let end = key.find(|c: char| !is_key_char(c)).unwrap_or(key.len());
                out.push_str(REDACTED);
                rest = &key[end..];
                at_boundary = false;
                continue;
            }
            if let Some(scheme) = rest.get(..7).filter(|s| s.eq_ignore_ascii_case("bearer ")) {
                let token = rest[7..].trim_start_matches(' ');
                let end = token
                    .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';'))
                    .unwrap_or(token.len());
                out.push_str(scheme);
                out.push_str(if end > 0 { REDACTED } else { "" });
                rest = &token[end..];
                continue;
            }
        }
        out.push(c);
        at_boundary = !is_key_char(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_secret_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_PARAMETERS.iter().any(|secret| name.contains(secret))
}

fn looks_like_key(value: &str) -> bool {
    KEY_PREFIXES.iter().any(|prefix| value.starts_with(prefix))
}

/// `a***@domain`: an address as logs and audit rows may show it.
pub fn redact_address(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_credentials_are_redacted_by_name_and_by_shape() {
        assert_eq!(
            redact_query("node_id=abc&api_key=0b8f5a2e-1c3d&limit=5"),
            "node_id=abc&api_key=[redacted]&limit=5"
        );
        assert_eq!(
            redact_query("k=osc_0123456789abcdef&token=x"),
            "k=[redacted]&token=[redacted]"
        );
        assert_eq!(redact_target("/ws/node", ""), "/ws/node");
        assert_eq!(
            redact_query("node_id=n1&api_k%65y=0b8f5a2e-1c3d"),
            "node_id=n1&api_k%65y=[redacted]"
        );
        assert_eq!(
            redact_query("%41PI%5FKEY=s&x=osc%5F0123&t%6fken=u&a+key=v"),
            "%41PI%5FKEY=[redacted]&x=[redacted]&t%6fken=[redacted]&a+key=[redacted]"
        );
        assert_eq!(
            redact_target("/ws/node", "api_key=s"),
            "/ws/node?api_key=[redacted]"
        );
    }

    #[test]
    fn share_tokens_in_paths_are_redacted() {
        let token = "shr_0123456789abcdef0123456789abcdef";
        assert_eq!(
            redact_target(&format!("/api/share/{token}/cameras/c1/stream.m3u8"), ""),
            "/api/share/[redacted]/cameras/c1/stream.m3u8"
        );
        assert_eq!(
            redact_target(&format!("/share/{token}"), "x=1"),
            "/share/[redacted]?x=1"
        );
    }

    #[test]
    fn text_loses_keys_and_bearer_tokens_and_keeps_the_rest() {
        assert_eq!(
            redact_text("Authorization: Bearer eyJhbGciOi.x-y_z key osi_abc123 ok"),
            "Authorization: Bearer [redacted] key [redacted] ok"
        );
        assert_eq!(
            redact_text("failed for osc_deadbeef, retrying"),
            "failed for [redacted], retrying"
        );
        assert_eq!(redact_text("nothing secret here"), "nothing secret here");
        assert_eq!(
            redact_text("cannot open /data/osc_abc123/x.db: denied"),
            "cannot open /data/[redacted]/x.db: denied"
        );
        assert_eq!(redact_text("a_osc_abc stays"), "a_osc_abc stays");
        assert_eq!(redact_text("bearer"), "bearer");
    }

    #[test]
    fn addresses_are_redacted_to_first_letter_and_domain() {
        assert_eq!(redact_address("alice@example.com"), "a***@example.com");
        assert_eq!(redact_address("nope"), "***");
    }
}
