//! `X-Request-Id`: keep a well-formed inbound id, otherwise mint 16 hex characters; echo
//! it on the response and put it on the request's tracing span.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, for handlers that log or echo it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let inbound = req
        .headers()
        .get(&HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_well_formed(value))
        .map(str::to_owned);
    let id = inbound.unwrap_or_else(mint);
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id);
    let _entered = span.enter();
    let mut response = next.call(req).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}

/// 8–128 characters, alphanumeric once dashes are removed.
fn is_well_formed(value: &str) -> bool {
    (8..=128).contains(&value.len())
        && value
            .chars()
            .filter(|c| *c != '-')
            .all(|c| c.is_ascii_alphanumeric())
        && value.chars().any(|c| c != '-')
}

fn mint() -> String {
    format!("{:016x}", rand::random::<u64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuids_and_plain_tokens() {
        assert!(is_well_formed("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(is_well_formed("abcdef12"));
    }

    #[test]
    fn refuses_short_long_and_odd_ids() {
        assert!(!is_well_formed("abc"));
        assert!(!is_well_formed(&"a".repeat(129)));
        assert!(!is_well_formed("bad id with spaces"));
        assert!(!is_well_formed("--------"));
        assert!(!is_well_formed("abc<script>"));
    }

    #[test]
    fn minted_ids_are_sixteen_lowercase_hex() {
        let id = mint();
        assert_eq!(id.len(), 16);
        assert!(
            id.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }
}
