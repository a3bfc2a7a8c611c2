//! Shared test fixtures: a manual clock, claim sets, and a tiny JWKS server.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use sentinel_ports::driven::clock::ManualClock;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub const FRONTEND_URL: &str = "http://localhost:5173";

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

pub fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(start_time()))
}

/// A Clerk V2 session issued at `now`, valid for a minute, for our frontend.
pub fn v2_claims(now: DateTime<Utc>) -> Value {
    let now = now.timestamp();
    json!({
        "v": 2, "sub": "user_2abc", "sid": "sess_1", "azp": FRONTEND_URL,
        "iss": "https://clerk.example.com",
        "iat": now, "nbf": now - 10, "exp": now + 60,
        "o": {"id": "org_2xyz", "rol": "admin", "slg": "acme",
              "per": "manage_cameras,view_cameras", "fpm": "3,2"},
        "fea": "o:cameras,o:admin", "pla": "o:pro"
    })
}

/// A Clerk V1 session (org fields at the top level).
pub fn v1_claims(now: DateTime<Utc>) -> Value {
    let now = now.timestamp();
    json!({
        "sub": "user_v1", "azp": FRONTEND_URL, "iat": now, "nbf": now, "exp": now + 60,
        "org_id": "org_v1", "org_role": "org:member", "org_slug": "v1",
        "org_permissions": ["org:cameras:view_cameras"],
        "email": "member@example.com", "username": "member"
    })
}

/// `claims` with `changes` merged in; a `null` change removes the claim.
pub fn with(mut claims: Value, changes: Value) -> Value {
    if let (Some(claims), Value::Object(changes)) = (claims.as_object_mut(), changes) {
        for (key, value) in changes {
            if value.is_null() {
                claims.remove(&key);
            } else {
                claims.insert(key, value);
            }
        }
    }
    claims
}

/// Serves one JWKS document over plain HTTP on 127.0.0.1, counting requests.
pub struct JwksServer {
    pub url: String,
    state: Arc<ServerState>,
}

struct ServerState {
    document: Mutex<Value>,
    status: AtomicU16,
    hits: AtomicUsize,
    last_authorization: Mutex<Option<String>>,
    /// Set by [`JwksServer::go_away`]: connections are dropped unanswered.
    gone: std::sync::atomic::AtomicBool,
}

impl JwksServer {
    pub fn start(document: Value) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v1/jwks", listener.local_addr().unwrap());
        let state = Arc::new(ServerState {
            document: Mutex::new(document),
            status: AtomicU16::new(200),
            hits: AtomicUsize::new(0),
            last_authorization: Mutex::new(None),
            gone: std::sync::atomic::AtomicBool::new(false),
        });
        let served = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if served.gone.load(Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                serve(stream, &served);
            }
        });
        Self { url, state }
    }

    pub fn set_document(&self, document: Value) {
        *self.state.document.lock().unwrap() = document;
    }

    pub fn set_status(&self, status: u16) {
        self.state.status.store(status, Ordering::SeqCst);
    }

    /// The endpoint stops answering: every connection is closed without a response.
    pub fn go_away(&self) {
        self.state.gone.store(true, Ordering::SeqCst);
    }

    pub fn hits(&self) -> usize {
        self.state.hits.load(Ordering::SeqCst)
    }

    pub fn last_authorization(&self) -> Option<String> {
        self.state.last_authorization.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, state: &ServerState) {
    let mut reader = BufReader::new(&stream);
    let mut authorization = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("authorization")
        {
            authorization = Some(value.trim().to_owned());
        }
    }
    state.hits.fetch_add(1, Ordering::SeqCst);
    *state.last_authorization.lock().unwrap() = authorization;
    let body = state.document.lock().unwrap().to_string();
    let status = state.status.load(Ordering::SeqCst);
    let response = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = (&stream).write_all(response.as_bytes());
}

/// A URL on which nothing listens.
pub fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}/v1/jwks")
}
