//! CloudNode management and the node-facing calls (`/api/nodes/…`, rest-api.md §2).
//!
//! Check order follows the contract: for user routes, malformed JSON → session/admin/billing
//! → body validation → rate limit → handler; for node routes, body validation → rate limit
//! → key check inside the handler. Rate limits are therefore counted in the handlers rather
//! than by a wrapping middleware. Node routes count per node once the key is known to be a
//! node's, else per client address; `validate` always per client address (docs/security.md).

mod wire;

use wire::{CreateNodeBody, HeartbeatBody, RegisterBody};

use crate::error::ApiError;
use crate::error::envelopes::CodedDetail;
use crate::extract::json::parse_body;
use crate::extract::{AdminUser, Json, NodeKey, ViewUser, actor};
use crate::rate_limit::client_ip;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, delete, get, post, web};
use chrono::NaiveDateTime;
use sentinel_application::fleet::{
    FleetError, FleetResult, FleetService, NodeAuthFailure, PlanLimitHit, request_node_wipe,
};
use sentinel_domain::fleet::NodeListing;
use sentinel_domain::ids::NodeId;
use sentinel_domain::plans::aware_iso;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use serde_json::{Map, Value, json};
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
    request_body(content = Object, description = "`{\"node_id\": \"<8 hex>\"}`"),
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, description = "`{success, node_id, name}`"),
        (status = 400, description = "`Invalid JSON body` / `node_id is required`"),
        (status = 401, description = "`API key required`"),
        (status = 403, description = "`Invalid API key for this node`"),
        (status = 404, description = "`Node '<id>' not found`"),
    )
)]
#[post("/api/nodes/validate")]
async fn validate_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    // Per client, not per presented key: the key is what a caller here would be guessing.
    state
        .rate_limiter
        .check_client(&req, "nodes_validate", VALIDATE_LIMIT)
        .await?;
    let key = require_key(key)?;
    let body: Value =
        serde_json::from_slice(&body).map_err(|_| ApiError::bad_request("Invalid JSON body"))?;
    let node_id = match body.get("node_id") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        Some(other @ (Value::Number(_) | Value::Bool(true))) => other.to_string(),
        _ => return Err(ApiError::bad_request("node_id is required")),
    };
    let node_id = NodeId::new(node_id);
    let service = fleet(&state);
    let caller = Caller::Validate(node_id.clone());
    let validated = run_fleet(caller, move || service.validate_node(&key, &node_id)).await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "node_id": validated.node_id,
        "name": validated.name,
    })))
}

/// (Re)registers a node and its cameras; answers with the camera-id map and plan hints.
#[utoipa::path(
    tag = "nodes",
    request_body = RegisterBody,
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, description = "`{success, node_id, node_secret, status, message, cameras, plan, plan_limit_hit?, update_available?}`"),
        (status = 401, description = "`API key required`"),
        (status = 403, description = "`Invalid API key for this node`"),
        (status = 404, description = "`Node not found. Create this node in the dashboard first.`"),
        (status = 426, description = "Below the supported version: `{detail: {message, reported, min_supported, latest}}`"),
    )
)]
#[post("/api/nodes/register")]
async fn register_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
    body: Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_register", REGISTER_LIMIT)
        .await?;
    let key = require_key(key)?;
    let request = body.0.into_request();
    let service = fleet(&state);
    let raw_key = key.clone();
    let outcome = run_fleet(Caller::Register, move || {
        service.register_node(&raw_key, &request)
    })
    .await?;
    let cameras: Map<String, Value> = outcome
        .cameras
        .into_iter()
        .map(|(device_path, camera_id)| (device_path, Value::from(camera_id.into_inner())))
        .collect();
    let mut body = json!({
        "success": true,
        "node_id": outcome.node_id,
        "node_secret": key,
        "status": "updated",
        "message": "Node re-registered successfully",
        "cameras": cameras,
        "plan": outcome.plan,
    });
    if let Some(hit) = &outcome.plan_limit_hit {
        body["plan_limit_hit"] = plan_limit_hit_json(hit);
    }
    if let Some(latest) = outcome.update_available {
        body["update_available"] = Value::from(latest.to_string());
    }
    Ok(HttpResponse::Ok().json(body))
}

/// Liveness, camera states and storage stats in; suspended cameras, recording wishes,
/// plan and update hints out.
#[utoipa::path(
    tag = "nodes",
    request_body = HeartbeatBody,
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, description = "`{success, timestamp, plan, disabled_cameras, recording_state, update_available?}`"),
        (status = 401, description = "`API key required`"),
        (status = 403, description = "`Invalid API key`"),
        (status = 404, description = "`Node not found`"),
        (status = 426, description = "Below the supported version"),
    )
)]
#[post("/api/nodes/heartbeat")]
async fn heartbeat(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
    body: Json<HeartbeatBody>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_heartbeat", HEARTBEAT_LIMIT)
        .await?;
    let key = require_key(key)?;
    let request = body.0.into_request();
    let service = fleet(&state);
    let outcome = run_fleet(Caller::Heartbeat, move || service.heartbeat(&key, &request)).await?;
    let recording_state: Map<String, Value> = outcome
        .recording_state
        .into_iter()
        .map(|(camera_id, records)| (camera_id.into_inner(), Value::from(records)))
        .collect();
    let mut body = json!({
        "success": true,
        "timestamp": iso_naive(outcome.timestamp),
        "plan": outcome.plan,
        "disabled_cameras": outcome.disabled_cameras,
        "recording_state": recording_state,
    });
    if let Some(latest) = outcome.update_available {
        body["update_available"] = Value::from(latest.to_string());
    }
    Ok(HttpResponse::Ok().json(body))
}

/// The node holding the key deletes itself (and its cameras). No body.
#[utoipa::path(
    tag = "nodes",
    params(("X-Node-API-Key" = String, Header, description = "The node's API key")),
    responses(
        (status = 200, description = "`{success, deleted}`"),
        (status = 401, description = "`API key required`"),
        (status = 404, description = "`Node not found`"),
    )
)]
#[post("/api/nodes/self/decommission")]
async fn decommission_self(
    req: HttpRequest,
    state: web::Data<AppState>,
    key: NodeKey,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_decommission", DECOMMISSION_LIMIT)
        .await?;
    let key = require_key(key)?;
    let ip = client_ip(&req);
    let service = fleet(&state);
    let deleted = run_fleet(Caller::Decommission, move || {
        service.decommission_node(&key, Some(&ip))
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"success": true, "deleted": deleted})))
}

/// The session's plan and limits, the org's usage and billing standing.
#[utoipa::path(
    tag = "nodes",
    responses((status = 200, description = "`{plan, plan_name, features, limits, usage, payment_past_due, grace_days_remaining, grace_expires_at, grace_window_days, plan_cancel_pending}`"))
)]
#[get("/api/nodes/plan")]
async fn plan_overview(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<HttpResponse, ApiError> {
    let service = fleet(&state);
    let session = user.0.clone();
    let live = state.live_pipeline.clone();
    let overview = run_fleet(Caller::Dashboard, move || {
        // Stored month total plus what the meter has not flushed yet, as the cap sees it.
        let used = live.viewer_seconds_used(&session.org_id)?;
        service.plan_overview(&session, i64::try_from(used).unwrap_or(i64::MAX))
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "plan": overview.plan,
        "plan_name": overview.plan_name,
        "features": overview.features,
        "limits": overview.limits,
        "usage": {
            "nodes": overview.nodes,
            "cameras": overview.cameras,
            "viewer_hours_used": overview.viewer_hours_used(),
            "viewer_hours_limit": overview.limits.max_viewer_hours_per_month,
        },
        "payment_past_due": overview.payment_past_due,
        "grace_days_remaining": overview.grace.map(|grace| grace.days_remaining),
        "grace_expires_at": overview.grace.map(|grace| aware_iso(&grace.expires_at)),
        "grace_window_days": sentinel_domain::plans::PAYMENT_GRACE_DAYS,
        "plan_cancel_pending": overview.plan_cancel_pending,
    })))
}

/// Which of the org's nodes hold a live WebSocket.
#[utoipa::path(
    tag = "nodes",
    responses(
        (status = 200, description = "`{connected_nodes: [node_id], count}`"),
        (status = 403, description = "`Admin permission required`"),
    )
)]
#[get("/api/nodes/ws-status")]
async fn ws_status(state: web::Data<AppState>, user: AdminUser) -> Result<HttpResponse, ApiError> {
    let service = fleet(&state);
    let org = user.org_id.clone();
    let sockets = state.node_commands.clone();
    let connected = run_fleet(Caller::Dashboard, move || {
        service.connected_nodes(&org, sockets.as_ref())
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"count": connected.len(), "connected_nodes": connected})))
}

/// The org's nodes with their version standing.
#[utoipa::path(
    tag = "nodes",
    responses(
        (status = 200, description = "Node objects plus `update_available`, `latest_node_version`, `min_supported_node_version`, `version_supported`"),
        (status = 403, description = "`Admin permission required`"),
    )
)]
#[get("/api/nodes")]
async fn list_nodes(state: web::Data<AppState>, user: AdminUser) -> Result<HttpResponse, ApiError> {
    let service = fleet(&state);
    let org = user.org_id.clone();
    let versions = *service.versions();
    let nodes = run_fleet(Caller::Dashboard, move || service.list_nodes(&org)).await?;
    let now = now(&state);
    let body: Vec<Value> = nodes
        .iter()
        .map(|listed| {
            let mut node = node_json(&listed.listing, now);
            node["update_available"] =
                json!(listed.version.update_available.map(|v| v.to_string()));
            node["latest_node_version"] = json!(versions.latest.to_string());
            node["min_supported_node_version"] = json!(versions.min_supported.to_string());
            node["version_supported"] = json!(listed.version.supported);
            node
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Creates a node and returns its API key once.
#[utoipa::path(
    tag = "nodes",
    request_body = CreateNodeBody,
    responses(
        (status = 200, description = "`{success, node_id, name, api_key, warning}`"),
        (status = 402, description = "Payment past due"),
        (status = 403, description = "`Admin permission required` or the plan's node limit"),
    )
)]
#[post("/api/nodes")]
async fn create_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    // A body that is not JSON at all is refused before the session is looked at.
    if !body.is_empty() && serde_json::from_slice::<Value>(&body).is_err() {
        parse_body::<CreateNodeBody>(&body)?;
    }
    let user = AdminUser::extract(&req).await?;
    let service = fleet(&state);
    let billing = service.clone();
    let org = user.org_id.clone();
    run_fleet(Caller::Dashboard, move || {
        billing.require_active_billing(&org)
    })
    .await?;
    let body: CreateNodeBody = parse_body(&body)?;
    state
        .rate_limiter
        .check(&req, "nodes_create", CREATE_LIMIT)
        .await?;
    let actor = actor(&req, &user);
    let plan = user.plan.clone();
    let created = run_fleet(Caller::Dashboard, move || {
        service.create_node(&actor, &plan, body.name.as_deref())
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "node_id": created.node_id,
        "name": created.name,
        "api_key": created.api_key,
        "warning": KEY_WARNING,
    })))
}

/// One node of the org.
#[utoipa::path(
    tag = "nodes",
    params(("node_id" = String, Path, description = "The node's id")),
    responses((status = 200, description = "Node object"), (status = 404, description = "`Node not found`"))
)]
#[get("/api/nodes/{node_id}")]
async fn get_node(
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let service = fleet(&state);
    let org = user.org_id.clone();
    let node_id = NodeId::new(path.into_inner());
    let listing = run_fleet(Caller::Dashboard, move || service.get_node(&org, &node_id)).await?;
    Ok(HttpResponse::Ok().json(node_json(&listing, now(&state))))
}

/// Asks the node to wipe itself (when connected), then deletes it and its cameras (their
/// live video is dropped).
#[utoipa::path(
    tag = "nodes",
    params(("node_id" = String, Path, description = "The node's id")),
    responses((status = 200, description = "`{success, deleted, node_wiped}`"), (status = 404, description = "`Node not found`"))
)]
#[delete("/api/nodes/{node_id}")]
async fn delete_node(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_delete", DELETE_LIMIT)
        .await?;
    let service = fleet(&state);
    let actor = actor(&req, &user);
    let node_id = NodeId::new(path.into_inner());
    let (lookup, org, id) = (service.clone(), user.org_id.clone(), node_id.clone());
    run_fleet(Caller::Dashboard, move || lookup.get_node(&org, &id)).await?;
    let node_wiped = request_node_wipe(state.node_commands.as_ref(), &node_id).await;
    let deleted = run_fleet(Caller::Dashboard, move || {
        service.delete_node(&actor, &node_id, node_wiped)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "deleted": deleted.node_id,
        "node_wiped": deleted.node_wiped,
    })))
}

/// Issues a new API key; the old one stops working at once.
#[utoipa::path(
    tag = "nodes",
    params(("node_id" = String, Path, description = "The node's id")),
    responses((status = 200, description = "`{success, node_id, api_key, key_rotated_at, warning}`"), (status = 404, description = "`Node not found`"))
)]
#[post("/api/nodes/{node_id}/rotate-key")]
async fn rotate_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "nodes_rotate_key", ROTATE_LIMIT)
        .await?;
    let service = fleet(&state);
    let actor = actor(&req, &user);
    let node_id = NodeId::new(path.into_inner());
    let rotated = run_fleet(Caller::Dashboard, move || {
        service.rotate_node_key(&actor, &node_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "success": true,
        "node_id": rotated.node_id,
        "api_key": rotated.api_key,
        "key_rotated_at": iso_naive(rotated.key_rotated_at),
        "warning": ROTATED_KEY_WARNING,
    })))
}

/// The Node object of the contract.
pub fn node_json(listing: &NodeListing, now: NaiveDateTime) -> Value {
    let node = &listing.node;
    json!({
        "node_id": node.node_id,
        "name": node.name,
        "hostname": node.hostname,
        "local_ip": node.local_ip,
        "http_port": node.http_port,
        "status": node.effective_status(now),
        "last_seen": node.last_seen.map(iso_naive),
        "key_rotated_at": node.key_rotated_at.map(iso_naive),
        "camera_count": listing.camera_count,
        "created_at": node.created_at.map(iso_naive),
        "video_codec": node.video_codec,
        "audio_codec": node.audio_codec,
        "last_register_error": node.last_register_error,
        "last_register_error_at": node.last_register_error_at.map(iso_naive),
        "node_version": node.node_version,
        "version_checked_at": node.version_checked_at.map(iso_naive),
        "storage": node.storage.map(|storage| json!({
            "used_bytes": storage.used_bytes,
            "max_bytes": storage.max_bytes,
            "disk_free_bytes": storage.disk_free_bytes,
            "disk_total_bytes": storage.disk_total_bytes,
            "reported_at": iso_naive(storage.reported_at),
        })),
    })
}

fn plan_limit_hit_json(hit: &PlanLimitHit) -> Value {
    json!({
        "plan": hit.plan_name,
        "max_cameras": hit.max_cameras,
        "skipped": hit.skipped,
        "detail": hit.detail(),
    })
}

/// The fleet service over this app's ports and its configured version floor.
fn fleet(state: &AppState) -> FleetService {
    let versions = &state.config.node_versions;
    FleetService::new(
        state.repos.clone(),
        state.fleet_directory.clone(),
        state.live.clone(),
        state.clock.clone(),
        state.releases.version_policy(&versions.min_supported),
        state.notification_events.clone(),
    )
    .with_plan_lookup(state.plan_lookup.clone())
}

fn now(state: &AppState) -> NaiveDateTime {
    state.clock.now().naive_utc()
}

fn require_key(key: NodeKey) -> Result<String, ApiError> {
    key.0
        .ok_or_else(|| ApiError::detail(StatusCode::UNAUTHORIZED, "API key required"))
}

/// Who is calling, for the wording of node-auth failures (rest-api.md §2.8).
#[derive(Debug, Clone)]
enum Caller {
    /// A signed-in user (dashboard routes).
    Dashboard,
    Validate(NodeId),
    Register,
    Heartbeat,
    Decommission,
}

/// Runs a fleet use case off the async runtime and words its failures for `caller`.
async fn run_fleet<T, F>(caller: Caller, work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> FleetResult<T> + Send + 'static,
    T: Send + 'static,
{
    web::block(work)
        .await?
        .map_err(|error| fleet_error(&caller, error))
}

fn fleet_error(caller: &Caller, error: FleetError) -> ApiError {
    match error {
        FleetError::NodeAuth(failure) => node_auth_error(caller, failure),
        FleetError::NodeNotFound => ApiError::not_found("Node not found"),
        FleetError::PaymentPastDue => {
            ApiError::detail(StatusCode::PAYMENT_REQUIRED, error.to_string())
        }
        FleetError::NodeLimitReached { .. } => ApiError::forbidden(error.to_string()),
        FleetError::UnsupportedVersion(refusal) => ApiError::Structured {
            status: StatusCode::UPGRADE_REQUIRED,
            detail: CodedDetail::from_value(json!({
                "message": refusal.message(),
                "reported": refusal.reported_raw,
                "min_supported": refusal.min_supported.to_string(),
                "latest": refusal.latest.to_string(),
            })),
        },
        FleetError::Repo(repo) => ApiError::from(repo),
    }
}

/// The §2.8 matrix: every node route words its 401/403/404 its own way.
fn node_auth_error(caller: &Caller, failure: NodeAuthFailure) -> ApiError {
    match failure {
        NodeAuthFailure::KeyRequired => {
            ApiError::detail(StatusCode::UNAUTHORIZED, "API key required")
        }
        NodeAuthFailure::UnknownNode => ApiError::not_found(match caller {
            Caller::Validate(node_id) => format!("Node '{node_id}' not found"),
            Caller::Register => {
                "Node not found. Create this node in the dashboard first.".to_owned()
            }
            Caller::Dashboard | Caller::Heartbeat | Caller::Decommission => {
                "Node not found".to_owned()
            }
        }),
        NodeAuthFailure::WrongKey => ApiError::forbidden(match caller {
            Caller::Validate(_) | Caller::Register => "Invalid API key for this node",
            Caller::Dashboard | Caller::Heartbeat | Caller::Decommission => "Invalid API key",
        }),
    }
}
