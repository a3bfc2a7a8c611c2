//! `GET /ws/node`: authenticate the upgrade, then serve one node's socket until it ends.

use super::window::SlidingWindow;
use crate::rate_limit::client_ip;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, AggregatedMessageStream, Session};
use sentinel_application::blocking::unblock;
use sentinel_application::motion::MotionError;
use sentinel_application::node_socket::{HeartbeatAck, SocketHeartbeat};
use sentinel_domain::ids::{NodeId, OrgId};
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::text::make_nul_free;
use sentinel_domain::timestamps::iso_naive;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Messages a node may send per minute; more are dropped with an error frame.
const MESSAGES_PER_MINUTE: usize = 180;
/// Snapshots arrive as base64 JPEGs inside one frame.
const MAX_FRAME_BYTES: usize = 16 * 1024 * 1024;

pub fn configure(config: &mut web::ServiceConfig) {
    config.route("/ws/node", web::get().to(node_socket));
}

struct Credentials {
    node: NodeId,
    key: String,
    from_query: bool,
}

async fn node_socket(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, actix_web::Error> {
    let Some(credentials) = credentials(&req) else {
        return Ok(refuse(StatusCode::FORBIDDEN, "Missing api_key or node_id"));
    };
    let org = match admit(&state, &credentials, &client_ip(&req)).await {
        Ok(org) => org,
        Err(refusal) => return Ok(refusal),
    };
    if credentials.from_query {
        tracing::warn!(node_id = %credentials.node, "deprecated query-string credentials on /ws/node; send X-Node-Id and X-Node-API-Key headers");
    }
    let (response, session, messages) = actix_ws::handle(&req, body)?;
    let messages = messages
        .max_frame_size(MAX_FRAME_BYTES)
        .aggregate_continuations()
        .max_continuation_size(MAX_FRAME_BYTES);
    let connection = state
        .node_sockets
        .register(&credentials.node, session.clone());
    tracing::info!(node_id = %credentials.node, "node socket connected");
    actix_web::rt::spawn(serve(
        state,
        org,
        credentials.node,
        connection,
        session,
        messages,
    ));
    Ok(response)
}

/// The node's org when the key is the node's; otherwise the refusal.
///
/// Node ids are no secret (every member and key holder sees them), so failures count
/// against the source that made them, never against the node: the right key is accepted
/// whatever anyone else sent. A source past its failure budget is refused before any
/// database lookup, unless memory already knows its key (a working node pushes segments
/// all the time, so its key is always there).
async fn admit(
    state: &AppState,
    credentials: &Credentials,
    source: &str,
) -> Result<OrgId, HttpResponse> {
    let hash = api_key_hash(&credentials.key);
    let owner = match state.fleet_directory.cached_node(&hash) {
        Some(known) => known,
        None if !state.node_sockets.source_may_try(source) => {
            return Err(refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many failed connection attempts",
            ));
        }
        None => {
            let directory = state.fleet_directory.clone();
            let loaded = unblock(move || directory.load_node(&hash)).await;
            match loaded {
                Ok(owner) => owner,
                Err(error) => {
                    tracing::warn!(%error, "node socket key lookup failed");
                    return Err(refuse(StatusCode::SERVICE_UNAVAILABLE, "Try again shortly"));
                }
            }
        }
    };
    let Some(node) = owner.filter(|node| node.node_id == credentials.node) else {
        state.node_sockets.note_failure(source);
        return Err(refuse(StatusCode::FORBIDDEN, "Invalid node_id or API key"));
    };
    if !state.node_sockets.admit_connect(&node.node_id) {
        return Err(refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many connection attempts",
        ));
    }
    Ok(node.org_id)
}

/// Headers win over the legacy query string, each value independently.
fn credentials(req: &HttpRequest) -> Option<Credentials> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let query: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    let from_query = |name: &str| {
        query
            .iter()
            .find(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| value.clone())
    };
    let key_header = header("x-node-api-key");
    let node_header = header("x-node-id");
    let used_query = key_header.is_none() || node_header.is_none();
    let key = key_header.or_else(|| from_query("api_key"))?;
    let node = node_header.or_else(|| from_query("node_id"))?;
    Some(Credentials {
        node: NodeId::new(node),
        key,
        from_query: used_query,
    })
}

fn refuse(status: StatusCode, detail: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({"detail": detail}))
}

async fn serve(
    state: web::Data<AppState>,
    org: OrgId,
    node: NodeId,
    connection: u64,
    mut session: Session,
    mut messages: AggregatedMessageStream,
) {
    let mut window = SlidingWindow::new(MESSAGES_PER_MINUTE, Duration::from_secs(60));
    while let Some(Ok(message)) = messages.recv().await {
        let keep_going = match message {
            AggregatedMessage::Text(text) => {
                if !window.admit(Instant::now()) {
                    send(&mut session, error_frame(None, "Rate limit exceeded")).await
                } else {
                    match serde_json::from_str::<Value>(&text) {
                        Ok(mut frame @ Value::Object(_)) => {
                            make_nul_free(&mut frame);
                            handle_frame(&state, &org, &node, &mut session, frame).await
                        }
                        // A frame that is not a JSON object ends the conversation.
                        _ => false,
                    }
                }
            }
            AggregatedMessage::Ping(bytes) => session.pong(&bytes).await.is_ok(),
            AggregatedMessage::Close(_) => false,
            AggregatedMessage::Binary(_) | AggregatedMessage::Pong(_) => true,
        };
        if !keep_going {
            break;
        }
    }
    state.node_sockets.unregister(&node, connection);
    let _ = session.close(None).await;
    tracing::info!(node_id = %node, "node socket closed");
}

/// Handles one frame; `false` when the socket is gone.
async fn handle_frame(
    state: &web::Data<AppState>,
    org: &OrgId,
    node: &NodeId,
    session: &mut Session,
    frame: Value,
) -> bool {
    let id = frame.get("id").filter(|id| !id.is_null()).cloned();
    match frame.get("type").and_then(Value::as_str) {
        Some("heartbeat") => {
            let payload = frame.get("payload").cloned().unwrap_or(Value::Null);
            let reply = match heartbeat(state, org, node, payload).await {
                Ok(ack) => ack_frame(state, id, &ack),
                Err(detail) => error_frame(id, &detail),
            };
            send(session, reply).await
        }
        Some("command_result") => {
            if let Some(id) = id.as_ref().and_then(Value::as_str) {
                let payload = frame.get("payload").cloned().unwrap_or(Value::Null);
                state.node_sockets.resolve(node, id, payload);
            }
            true
        }
        Some("event") => {
            if frame.get("command").and_then(Value::as_str) == Some("motion_detected") {
                let payload = frame.get("payload").cloned().unwrap_or(Value::Null);
                motion_event(state, org, node, payload).await;
            }
            true
        }
        other => {
            let kind = other.map_or_else(|| "null".to_owned(), str::to_owned);
            send(
                session,
                error_frame(id, &format!("Unknown message type: {kind}")),
            )
            .await
        }
    }
}

async fn heartbeat(
    state: &web::Data<AppState>,
    org: &OrgId,
    node: &NodeId,
    payload: Value,
) -> Result<HeartbeatAck, String> {
    let heartbeat: SocketHeartbeat =
        serde_json::from_value(payload).map_err(|error| format!("Invalid heartbeat: {error}"))?;
    heartbeat
        .check_limits()
        .map_err(|error| format!("Invalid heartbeat: {error}"))?;
    let versions = state
        .releases
        .version_policy(&state.config.node_versions.min_supported);
    let at = state.clock.now().naive_utc();
    let heartbeats = state.use_cases.socket_heartbeats.clone();
    let (org, node) = (org.clone(), node.clone());
    unblock(move || heartbeats.record_heartbeat(&org, &node, &heartbeat, &versions, at))
        .await
        .map_err(|error| {
            tracing::warn!(%error, "socket heartbeat not recorded");
            "Heartbeat could not be recorded".to_owned()
        })
}

/// A legacy `motion_detected` event (motion arrives over HTTP since CloudNode 0.1.61):
/// ingested like an HTTP report but regardless of the org's kill switch, as the original
/// did. Never answered; what is dropped is logged.
async fn motion_event(state: &web::Data<AppState>, org: &OrgId, node: &NodeId, payload: Value) {
    let (motion, org, node) = (state.motion.clone(), org.clone(), node.clone());
    match unblock(move || motion.ingest_socket_event(&org, &node, &payload)).await {
        Ok(_) => {}
        Err(MotionError::Storage(error)) => {
            tracing::warn!(%error, "socket motion event not stored");
        }
        Err(dropped) => tracing::debug!(%dropped, "socket motion event dropped"),
    }
}

fn ack_frame(state: &AppState, id: Option<Value>, ack: &HeartbeatAck) -> Value {
    let mut payload = json!({"timestamp": iso_naive(state.clock.now().naive_utc())});
    if let Some(version) = &ack.update_available {
        payload["update_available"] = json!(version);
    }
    if ack.unsupported {
        payload["unsupported"] = json!(true);
    }
    json!({"type": "ack", "id": id, "payload": payload})
}

fn error_frame(id: Option<Value>, detail: &str) -> Value {
    json!({"type": "error", "id": id, "payload": {"detail": detail}})
}

async fn send(session: &mut Session, frame: Value) -> bool {
    session.text(frame.to_string()).await.is_ok()
}
