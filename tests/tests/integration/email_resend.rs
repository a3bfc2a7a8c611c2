//! The Resend transport against a local fake of Resend's API (`RESEND_BASE_URL`).

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use sentinel_adapters_resend::{ResendMailer, ResendSettings};
use sentinel_ports::driven::mailer::{Mailer, OutgoingEmail, SendOutcome};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
struct Seen {
    idempotency_key: Option<String>,
    authorization: Option<String>,
    body: Value,
}

/// A fake `POST /emails` answering `reply` with `status`; returns its base URL and log.
fn fake_resend(status: u16, reply: Value) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = seen.clone();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = HttpServer::new(move || {
        let (log, reply) = (log.clone(), reply.clone());
        App::new().route(
            "/emails",
            web::post().to(move |req: HttpRequest, body: web::Json<Value>| {
                let (log, reply) = (log.clone(), reply.clone());
                async move {
                    let header = |name: &str| {
                        req.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned)
                    };
                    log.lock().unwrap().push(Seen {
                        idempotency_key: header("idempotency-key"),
                        authorization: header("authorization"),
                        body: body.into_inner(),
                    });
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                        .json(reply)
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    (format!("http://{address}"), seen)
}

fn mailer(base_url: &str, api_key: &str) -> ResendMailer {
    ResendMailer::new(ResendSettings {
        enabled: true,
        api_key: api_key.into(),
        from_address: "notifications@example.com".into(),
        from_name: "Sentinel by SourceBox".into(),
        base_url: base_url.into(),
    })
    .unwrap()
}

fn email() -> OutgoingEmail {
    OutgoingEmail {
        to: "alice@example.com".into(),
        subject: "[Sentinel] Camera offline: Door".into(),
        text: "text body".into(),
        html: "<p>html body</p>".into(),
        kind: "camera_offline".into(),
        idempotency_key: "outbox-42".into(),
    }
}

#[actix_web::test]
async fn a_send_carries_the_idempotency_key_header_and_the_documented_body() {
    let (base_url, seen) = fake_resend(200, json!({"id": "msg_123"}));
    let outcome = mailer(&base_url, "re_test_key")
        .send(&email())
        .await
        .unwrap();
    assert_eq!(
        outcome,
        SendOutcome::Sent {
            message_id: "msg_123".into()
        }
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.idempotency_key.as_deref(), Some("outbox-42"));
    assert_eq!(request.authorization.as_deref(), Some("Bearer re_test_key"));
    let body = &request.body;
    assert_eq!(
        body["from"],
        "Sentinel by SourceBox <notifications@example.com>"
    );
    assert_eq!(body["to"], json!(["alice@example.com"]));
    assert_eq!(body["subject"], "[Sentinel] Camera offline: Door");
    assert_eq!(body["text"], "text body");
    assert_eq!(body["html"], "<p>html body</p>");
    assert_eq!(
        body["tags"],
        json!([{"name": "event", "value": "camera_offline"}, {"name": "source", "value": "command_center"}])
    );
    assert!(body.get("reply_to").is_none_or(Value::is_null));
    assert!(
        body.get("idempotency_key").is_none(),
        "a header, not a body field"
    );
    assert!(
        body.get("headers").is_none_or(Value::is_null),
        "not an e-mail header"
    );
}

#[actix_web::test]
async fn provider_errors_and_missing_configuration_are_failures() {
    let (base_url, _) = fake_resend(
        422,
        json!({"statusCode": 422, "name": "validation_error", "message": "Invalid `to` field"}),
    );
    let failure = mailer(&base_url, "re_test_key")
        .send(&email())
        .await
        .unwrap_err();
    assert!(failure.0.starts_with("ResendError: "), "{}", failure.0);

    let (base_url, seen) = fake_resend(200, json!({"id": "never"}));
    let failure = mailer(&base_url, "").send(&email()).await.unwrap_err();
    assert_eq!(
        failure.0,
        "resend_unconfigured: RESEND_API_KEY or EMAIL_FROM_ADDRESS missing"
    );
    assert!(seen.lock().unwrap().is_empty());
}

/// A fake Clerk `GET /organizations/{org}/memberships` answering `reply`.
fn fake_clerk(reply: Value) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = HttpServer::new(move || {
        let (log, reply) = (log.clone(), reply.clone());
        App::new().route(
            "/organizations/{org}/memberships",
            web::get().to(move |req: HttpRequest| {
                let (log, reply) = (log.clone(), reply.clone());
                async move {
                    let auth = req
                        .headers()
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    log.lock().unwrap().push(format!("{} {}", req.uri(), auth));
                    HttpResponse::Ok().json(reply)
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    (format!("http://{address}"), seen)
}

#[actix_web::test]
async fn the_clerk_directory_lists_memberships_with_identifiers_and_roles() {
    use sentinel_adapters_clerk::ClerkOrgDirectory;
    use sentinel_ports::driven::org_directory::OrgDirectory;
    let (base, seen) = fake_clerk(json!({"data": [
        {"role": "org:admin", "public_user_data": {"identifier": "boss@example.com", "user_id": "u1"}},
        {"role": "org:member", "public_user_data": {"identifier": "+15551234"}},
        {"role": "org:member"},
    ], "total_count": 3}));
    let directory = ClerkOrgDirectory::with_api_base("sk_test", &base);
    let members = directory
        .members(&sentinel_domain::ids::OrgId::new("org_1"))
        .await
        .unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0].identifier, "boss@example.com");
    assert!(members[0].is_admin());
    assert!(!members[1].is_admin());
    assert_eq!(members[2].identifier, "");
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        ["/organizations/org_1/memberships?limit=100 Bearer sk_test"]
    );
}
