//! The request's tracing span and its `X-Request-Id`: keep a well-formed inbound id,
//! otherwise mint 16 hex characters; echo it on the response and name it on the span.
//!
//! The span is attached to the request's future with `Instrument`, so it is entered only
//! while that future is polled. (A guard held across an `.await` stays entered while the
//! worker polls other requests: their spans then nest into each other, every log line
//! carries every open request's id and URL, and thousands of open requests overflow the
//! worker's stack.)
//!
//! The span never records a secret: the target's query string is redacted (the CloudNode's
//! legacy `/ws/node?api_key=...`), credential headers are never read. Its fields are only
//! computed when the span is enabled; the live path's spans (segment and playlist reads,
//! node pushes) are at `debug`, so the default `info` level costs them nothing.

use crate::metrics::{RouteClass, route_class};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use sentinel_domain::redaction::redact_target;
use tracing::{Instrument, Span};

const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, for handlers that log or echo it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

pub async fn request_span(
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
    let span = open_span(&req, &id);
    let outcome = next.call(req).instrument(span.clone()).await;
    record_outcome(&span, &outcome);
    let mut response = outcome?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}

/// `debug` for the live path, `info` for everything else.
fn open_span(req: &ServiceRequest, id: &str) -> Span {
    macro_rules! request_span {
        ($level:expr) => {
            tracing::span!(
                $level,
                "request",
                request_id = %id,
                http.method = %req.method(),
                http.route = %req.match_pattern().as_deref().unwrap_or("default"),
                http.target = %redact_target(req.path(), req.query_string()),
                http.status_code = tracing::field::Empty,
                exception.message = tracing::field::Empty,
            )
        };
    }
    match route_class(req.method(), req.path()) {
        RouteClass::SegmentGet
        | RouteClass::PlaylistGet
        | RouteClass::SegmentPush
        | RouteClass::NodeApi => request_span!(tracing::Level::DEBUG),
        _ => request_span!(tracing::Level::INFO),
    }
}

fn record_outcome<B>(span: &Span, outcome: &Result<ServiceResponse<B>, Error>) {
    if span.is_disabled() {
        return;
    }
    let (status, error) = match outcome {
        Ok(response) => (response.status(), response.response().error()),
        Err(error) => (error.as_response_error().status_code(), Some(error)),
    };
    span.record("http.status_code", status.as_u16());
    if let Some(error) = error.filter(|_| status.is_server_error()) {
        span.record("exception.message", tracing::field::display(error));
    }
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
    use actix_web::middleware::from_fn;
    use actix_web::test as http;
    use actix_web::{App, HttpResponse, web};
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn capture(level: tracing::Level) -> (Captured, tracing::subscriber::DefaultGuard) {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(level)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (captured, tracing::subscriber::set_default(subscriber))
    }

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

    /// Many requests in flight on one worker at once, each logging after an await: every
    /// line must carry its own request's id and nobody else's.
    #[actix_web::test]
    async fn a_log_line_names_only_its_own_request() {
        let (captured, _guard) = capture(tracing::Level::INFO);
        let app = http::init_service(App::new().wrap(from_fn(request_span)).route(
            "/work/{n}",
            web::get().to(|n: web::Path<u32>| async move {
                tokio::time::sleep(Duration::from_millis(u64::from(*n % 7))).await;
                tracing::info!(n = *n, "handled");
                HttpResponse::Ok().finish()
            }),
        ))
        .await;
        let requests = (0..64).map(|n| {
            let request = http::TestRequest::get()
                .uri(&format!("/work/{n}"))
                .insert_header(("x-request-id", format!("request-{n:04}")))
                .to_request();
            http::call_service(&app, request)
        });
        for response in futures_util::future::join_all(requests).await {
            assert_eq!(response.status(), 200);
        }
        let log = captured.text();
        let lines: Vec<&str> = log.lines().filter(|l| l.contains("handled")).collect();
        assert_eq!(lines.len(), 64, "{log}");
        for line in lines {
            assert_eq!(line.matches("request_id=").count(), 1, "{line}");
            let n: u32 = line
                .rsplit("n=")
                .next()
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("no n in {line}"));
            assert!(
                line.contains(&format!("request_id=request-{n:04}")),
                "{line}"
            );
            assert_eq!(line.matches("http.target=").count(), 1, "{line}");
            assert!(line.contains(&format!("http.target=/work/{n}}}")), "{line}");
        }
    }

    #[actix_web::test]
    async fn no_secret_reaches_the_log() {
        const NODE_KEY: &str = "0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
        const MCP_KEY: &str = "osc_0123456789abcdef0123456789abcdef";
        const BEARER: &str = "eyJhbGciOiJSUzI1NiJ9.payload.signature";
        let (captured, _guard) = capture(tracing::Level::TRACE);
        let app = http::init_service(App::new().wrap(from_fn(request_span)).route(
            "/ws/node",
            web::get().to(|| async {
                tracing::warn!("deprecated query-string credentials");
                HttpResponse::Forbidden().finish()
            }),
        ))
        .await;
        for query in [
            format!("node_id=aaaa0001&api_key={NODE_KEY}&k={MCP_KEY}"),
            format!("node_id=aaaa0001&api_k%65y={NODE_KEY}"),
        ] {
            let request = http::TestRequest::get()
                .uri(&format!("/ws/node?{query}"))
                .insert_header(("authorization", format!("Bearer {BEARER}")))
                .insert_header(("x-node-api-key", NODE_KEY))
                .to_request();
            let response = http::call_service(&app, request).await;
            assert_eq!(response.status(), 403);
        }
        let log = captured.text();
        assert_eq!(
            log.matches("deprecated query-string credentials").count(),
            2,
            "the log was captured: {log}"
        );
        assert!(log.contains("node_id=aaaa0001"), "{log}");
        for secret in [NODE_KEY, MCP_KEY, BEARER] {
            assert!(!log.contains(secret), "{secret} leaked into: {log}");
        }
    }

    #[actix_web::test]
    async fn live_path_spans_are_debug_and_echo_the_id() {
        let (captured, _guard) = capture(tracing::Level::INFO);
        let app = http::init_service(App::new().wrap(from_fn(request_span)).route(
            "/api/cameras/{id}/stream.m3u8",
            web::get().to(|| async {
                tracing::warn!("inside a playlist read");
                HttpResponse::Ok().finish()
            }),
        ))
        .await;
        let request = http::TestRequest::get()
            .uri("/api/cameras/cam1/stream.m3u8")
            .insert_header(("x-request-id", "abcdef1234"))
            .to_request();
        let response = http::call_service(&app, request).await;
        assert_eq!(
            response.headers().get("x-request-id").unwrap(),
            "abcdef1234"
        );
        let log = captured.text();
        assert!(log.contains("inside a playlist read"), "{log}");
        assert!(!log.contains("request_id"), "no span at info: {log}");
    }
}
