//! The request span `TracingLogger` opens, without secrets: tracing-actix-web's default
//! records the full target, which puts `/ws/node?api_key=...` (the CloudNode's legacy
//! query-string credentials) and any other query-string key into every log line of the
//! request. Credential headers are never recorded.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use sentinel_domain::redaction::redact_target;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

pub struct RedactedRootSpan;

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // The field values are computed only when the span is enabled: matching the route
        // walks the router a second time, which a viewer GET should not pay for when
        // nobody records it.
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %request.match_pattern().as_deref().unwrap_or("default"),
            http.target = %redact_target(request.path(), request.query_string()),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{App, HttpResponse, test, web};
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use tracing_actix_web::TracingLogger;

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

    const NODE_KEY: &str = "0b8f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
    const MCP_KEY: &str = "osc_0123456789abcdef0123456789abcdef";
    const BEARER: &str = "eyJhbGciOiJSUzI1NiJ9.payload.signature";

    #[actix_web::test]
    async fn no_secret_reaches_the_log() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = test::init_service(
            App::new()
                .wrap(TracingLogger::<RedactedRootSpan>::new())
                .route(
                    "/ws/node",
                    web::get().to(|| async {
                        tracing::warn!("deprecated query-string credentials");
                        HttpResponse::Forbidden().finish()
                    }),
                ),
        )
        .await;
        let request = test::TestRequest::get()
            .uri(&format!(
                "/ws/node?node_id=aaaa0001&api_key={NODE_KEY}&k={MCP_KEY}"
            ))
            .insert_header(("authorization", format!("Bearer {BEARER}")))
            .insert_header(("x-node-api-key", NODE_KEY))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), 403);
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(
            log.contains("deprecated query-string credentials"),
            "the log was captured: {log}"
        );
        assert!(log.contains("node_id=aaaa0001"), "{log}");
        for secret in [NODE_KEY, MCP_KEY, BEARER] {
            assert!(!log.contains(secret), "{secret} leaked into: {log}");
        }
    }
}
