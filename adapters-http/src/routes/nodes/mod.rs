//! CloudNode management and the node-facing calls (`/api/nodes/…`, rest-api.md §2).
//!
//! Check order follows the contract: for user routes, malformed JSON → session/admin/billing
//! → body validation → rate limit → handler; for node routes, body validation → rate limit
//! → key check inside the handler. Rate limits are therefore counted in the handlers rather
//! than by a wrapping middleware. Node routes count per node once the key is known to be a
//! node's, else per client address; `validate` always per client address (docs/security.md).

mod errors;
pub(crate) mod wire;

use errors::{Caller, require_key};

use wire::{CreateNodeBody, HeartbeatBody, RegisterBody, ValidateNodeBody};

use crate::error::ApiError;
use crate::extract::json::parse_body;
use crate::extract::{AdminUser, Json, NodeKey, ViewUser, actor};
use crate::rate_limit::client_ip;
use crate::responses::nodes::{
    HeartbeatAnswer, NodeCreated, NodeDecommissioned, NodeDeleted, NodeItem, NodeKeyRotated,
    NodeListItem, NodeRegistered, NodeValidated, PlanOverviewBody, WsStatus,
};
use crate::state::AppState;
use actix_web::{FromRequest, HttpRequest, delete, get, post, web};
use chrono::NaiveDateTime;
use sentinel_application::blocking::unblock;
use sentinel_application::fleet::FleetService;
use sentinel_domain::fleet::NodeListing;
use sentinel_domain::ids::NodeId;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::text::make_nul_free;
use serde_json::Value;
use utoipa_actix_web::service_config::ServiceConfig;

const VALIDATE_LIMIT: RateLimit = RateLimit::per_minute(10);
const REGISTER_LIMIT: RateLimit = RateLimit::per_minute(10);
const HEARTBEAT_LIMIT: RateLimit = RateLimit::per_minute(60);
const CREATE_LIMIT: RateLimit = RateLimit::per_hour(20);
const DECOMMISSION_LIMIT: RateLimit = RateLimit::per_hour(10);
const DELETE_LIMIT: RateLimit = RateLimit::per_hour(20);
const ROTATE_LIMIT: RateLimit = RateLimit::per_minute(5);

const KEY_WARNING: &str = "Store this API key securely. It cannot be retrieved again.";
const ROTATED_KEY_WARNING: &str = "Store this API key securely. It cannot be retrieved again. Update your CameraNode config immediately.";

/// Static segments (`plan`, `ws-status`, `self/decommission`) are registered before
/// `{node_id}`.
pub fn configure(config: &mut ServiceConfig) {
    config
        .service(validate_node)
        .service(register_node)
        .service(heartbeat)
        .service(decommission_self)
        .service(plan_overview)
        .service(ws_status)
        .service(list_nodes)
        .service(create_node)
        .service(get_node)
        .service(delete_node)
        .service(rotate_key);
}

/// Setup-wizard credential check: does the `X-Node-API-Key` belong to `node_id`?
#[utoipa::path(
    tag = "nodes",
    security(()),
    request_body = ValidateNodeBody,
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, body = NodeValidated),
        (status = 400, description = "`Invalid JSON body` / `node_id is required`"),
        (status = 401, description = "`API key required`"),
        (status = 403, description = "`Invalid API key for this node`"),
        (status = 404, description = "`Node '<id>' not found`"),
        (status = 429, description = "Over 10 a minute from this address"),
    )
)]
#[post("/api/nodes/validate")]
async fn validate_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
    body: web::Bytes,
) -> Result<web::Json<NodeValidated>, ApiError> {
    // Per client, not per presented key: the key is what a caller here would be guessing.
    state
        .rate_limiter
        .check_client(&req, "nodes_validate", VALIDATE_LIMIT)
        .await?;
    let key = require_key(key)?;
    let mut body: Value =
        serde_json::from_slice(&body).map_err(|_| ApiError::bad_request("Invalid JSON body"))?;
    make_nul_free(&mut body);
    let node_id = match body.get("node_id") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        Some(other @ (Value::Number(_) | Value::Bool(true))) => other.to_string(),
        _ => return Err(ApiError::bad_request("node_id is required")),
    };
    let node_id = NodeId::new(node_id);
    let service = fleet(&state);
    let caller = Caller::Validate(node_id.clone());
    let validated = unblock(move || service.validate_node(&key, &node_id))
        .await
        .map_err(caller.words())?;
    Ok(web::Json(NodeValidated::from(validated)))
}

/// (Re)registers a node and its cameras; answers with the camera-id map and plan hints.
#[utoipa::path(
    tag = "nodes",
    security(()),
    request_body = RegisterBody,
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, body = NodeRegistered),
        (status = 401, description = "`API key required`"),
        (status = 403, description = "`Invalid API key for this node`"),
        (status = 404, description = "`Node not found. Create this node in the dashboard first.`"),
        (status = 426, description = "Below the supported version: `{detail: {message, reported, min_supported, latest}}`"),
        (status = 429, description = "Over 10 a minute"),
    )
)]
#[post("/api/nodes/register")]
async fn register_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
    body: Json<RegisterBody>,
) -> Result<web::Json<NodeRegistered>, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_register", REGISTER_LIMIT)
        .await?;
    let key = require_key(key)?;
    let request = body.0.into_request();
    let service = fleet(&state);
    let raw_key = key.clone();
    let outcome = unblock(move || service.register_node(&raw_key, &request))
        .await
        .map_err(Caller::Register.words())?;
    Ok(web::Json(NodeRegistered::new(outcome, key)))
}

/// Liveness, camera states and storage stats in; suspended cameras, recording wishes,
/// plan and update hints out.
#[utoipa::path(
    tag = "nodes",
    security(()),
    request_body = HeartbeatBody,
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, body = HeartbeatAnswer),
        (status = 401, description = "`API key required`"),
        (status = 403, description = "`Invalid API key`"),
        (status = 404, description = "`Node not found`"),
        (status = 426, description = "Below the supported version"),
        (status = 429, description = "Over 60 a minute"),
    )
)]
#[post("/api/nodes/heartbeat")]
async fn heartbeat(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
    body: Json<HeartbeatBody>,
) -> Result<web::Json<HeartbeatAnswer>, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_heartbeat", HEARTBEAT_LIMIT)
        .await?;
    let key = require_key(key)?;
    let request = body.0.into_request();
    let service = fleet(&state);
    let outcome = unblock(move || service.heartbeat(&key, &request))
        .await
        .map_err(Caller::Heartbeat.words())?;
    Ok(web::Json(HeartbeatAnswer::from(outcome)))
}

/// The node holding the key deletes itself (and its cameras). No body.
#[utoipa::path(
    tag = "nodes",
    security(()),
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, body = NodeDecommissioned),
        (status = 401, description = "`API key required`"),
        (status = 404, description = "`Node not found`"),
        (status = 429, description = "Over 10 an hour"),
    )
)]
#[post("/api/nodes/self/decommission")]
async fn decommission_self(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
) -> Result<web::Json<NodeDecommissioned>, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_decommission", DECOMMISSION_LIMIT)
        .await?;
    let key = require_key(key)?;
    let ip = client_ip(&req);
    let service = fleet(&state);
    let deleted = unblock(move || service.decommission_node(&key, Some(&ip)))
        .await
        .map_err(Caller::Decommission.words())?;
    Ok(web::Json(NodeDecommissioned {
        success: true,
        deleted,
    }))
}

/// The session's plan and limits, the org's usage and billing standing.
#[utoipa::path(
    tag = "nodes",
    security(("session" = [])),
    responses((status = 200, body = PlanOverviewBody))
)]
#[get("/api/nodes/plan")]
async fn plan_overview(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<PlanOverviewBody>, ApiError> {
    let service = fleet(&state);
    let session = user.0.clone();
    let live = state.live_pipeline.clone();
    let overview = unblock(move || {
        // Stored month total plus what the meter has not flushed yet, as the cap sees it.
        let used = live.viewer_seconds_used(&session.org_id)?;
        service.plan_overview(&session, i64::try_from(used).unwrap_or(i64::MAX))
    })
    .await?;
    Ok(web::Json(PlanOverviewBody::from(&overview)))
}

/// Which of the org's nodes hold a live WebSocket.
#[utoipa::path(
    tag = "nodes",
    security(("session" = ["admin"])),
    responses((status = 200, body = WsStatus))
)]
#[get("/api/nodes/ws-status")]
async fn ws_status(
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<WsStatus>, ApiError> {
    let service = fleet(&state);
    let org = user.org_id.clone();
    let sockets = state.node_commands.clone();
    let connected = unblock(move || service.connected_nodes(&org, sockets.as_ref())).await?;
    Ok(web::Json(WsStatus {
        count: connected.len(),
        connected_nodes: connected,
    }))
}

/// The org's nodes with their version standing.
#[utoipa::path(
    tag = "nodes",
    security(("session" = ["admin"])),
    responses((status = 200, body = Vec<NodeListItem>))
)]
#[get("/api/nodes")]
async fn list_nodes(
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<Vec<NodeListItem>>, ApiError> {
    let service = fleet(&state);
    let org = user.org_id.clone();
    let versions = *service.versions();
    let nodes = unblock(move || service.list_nodes(&org)).await?;
    let now = now(&state);
    Ok(web::Json(
        nodes
            .iter()
            .map(|listed| NodeListItem::new(listed, &versions, now))
            .collect(),
    ))
}

/// Creates a node and returns its API key once.
#[utoipa::path(
    tag = "nodes",
    security(("session" = ["admin"])),
    request_body = CreateNodeBody,
    responses(
        (status = 200, body = NodeCreated),
        (status = 402, description = "Payment past due"),
        (status = 403, description = "`Admin permission required` or the plan's node limit"),
        (status = 429, description = "Over 20 an hour"),
    )
)]
#[post("/api/nodes")]
async fn create_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<web::Json<NodeCreated>, ApiError> {
    // A body that is not JSON at all is refused before the session is looked at.
    if !body.is_empty() && serde_json::from_slice::<Value>(&body).is_err() {
        parse_body::<CreateNodeBody>(&body)?;
    }
    let user = AdminUser::extract(&req).await?;
    let service = fleet(&state);
    let billing = service.clone();
    let org = user.org_id.clone();
    unblock(move || billing.require_active_billing(&org)).await?;
    let body: CreateNodeBody = parse_body(&body)?;
    state
        .rate_limiter
        .check(&req, "nodes_create", CREATE_LIMIT)
        .await?;
    let actor = actor(&req, &user);
    let plan = user.plan.clone();
    let created = unblock(move || service.create_node(&actor, &plan, body.name.as_deref())).await?;
    Ok(web::Json(NodeCreated::new(created, KEY_WARNING)))
}

/// One node of the org.
#[utoipa::path(
    tag = "nodes",
    params(("node_id" = String, Path, description = "The node's id")),
    security(("session" = ["admin"])),
    responses((status = 200, body = NodeItem), (status = 404, description = "`Node not found`"))
)]
#[get("/api/nodes/{node_id}")]
async fn get_node(
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
) -> Result<web::Json<NodeItem>, ApiError> {
    let service = fleet(&state);
    let org = user.org_id.clone();
    let node_id = NodeId::new(path.into_inner());
    let listing = unblock(move || service.get_node(&org, &node_id)).await?;
    Ok(web::Json(NodeItem::new(&listing, now(&state))))
}

/// Asks the node to wipe itself (when connected), then deletes it and its cameras (their
/// live video is dropped).
#[utoipa::path(
    tag = "nodes",
    params(("node_id" = String, Path, description = "The node's id")),
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = NodeDeleted),
        (status = 404, description = "`Node not found`"),
        (status = 429, description = "Over 20 an hour")
    )
)]
#[delete("/api/nodes/{node_id}")]
async fn delete_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
) -> Result<web::Json<NodeDeleted>, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_delete", DELETE_LIMIT)
        .await?;
    let node_id = NodeId::new(path.into_inner());
    let deleted = fleet(&state)
        .wipe_and_delete_node(state.node_commands.as_ref(), &actor(&req, &user), &node_id)
        .await?;
    Ok(web::Json(NodeDeleted::from(deleted)))
}

/// Issues a new API key; the old one stops working at once.
#[utoipa::path(
    tag = "nodes",
    params(("node_id" = String, Path, description = "The node's id")),
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = NodeKeyRotated),
        (status = 404, description = "`Node not found`"),
        (status = 429, description = "Over 5 a minute")
    )
)]
#[post("/api/nodes/{node_id}/rotate-key")]
async fn rotate_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
) -> Result<web::Json<NodeKeyRotated>, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_rotate_key", ROTATE_LIMIT)
        .await?;
    let service = fleet(&state);
    let actor = actor(&req, &user);
    let node_id = NodeId::new(path.into_inner());
    let rotated = unblock(move || service.rotate_node_key(&actor, &node_id)).await?;
    Ok(web::Json(NodeKeyRotated::new(rotated, ROTATED_KEY_WARNING)))
}

/// The Node object as JSON, for the MCP node tools (the same [`NodeItem`]).
pub fn node_json(listing: &NodeListing, now: NaiveDateTime) -> Value {
    // Strings, numbers and options always serialise; `Null` is unreachable.
    serde_json::to_value(NodeItem::new(listing, now)).unwrap_or_default()
}

/// The fleet service checking against the configured version floor and the latest
/// release known now.
fn fleet(state: &AppState) -> FleetService {
    let versions = &state.config.node_versions;
    FleetService::clone(&state.use_cases.fleet)
        .with_versions(state.releases.version_policy(&versions.min_supported))
}

fn now(state: &AppState) -> NaiveDateTime {
    state.clock.now().naive_utc()
}
