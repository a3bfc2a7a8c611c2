//! `POST/GET/DELETE /api/integration/keys`: the org's Home Assistant keys (admins only).
//! Only `kind = "integration"` keys are seen here; an MCP key's id is a 404.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Validate, actor};
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use sentinel_domain::api_keys::{ApiKey, ApiKeyKind, ScopeMode};
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::usecases::api_keys::{self, ApiKeyError, KeyRequest};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

const KIND: ApiKeyKind = ApiKeyKind::Integration;
const DEFAULT_NAME: &str = "Home Assistant";
const MAX_NAME_CHARS: usize = 100;
pub const SAVE_WARNING: &str = "Save this key now. You won't be able to see it again.";

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(create_key)
        .service(list_keys)
        .service(revoke_key);
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateIntegrationKeyRequest {
    /// At most 100 characters; `Home Assistant` by default.
    #[serde(default = "default_name")]
    name: String,
}

fn default_name() -> String {
    DEFAULT_NAME.to_owned()
}

impl Validate for CreateIntegrationKeyRequest {
    fn validate(&self) -> Result<(), FieldError> {
        if self.name.chars().count() > MAX_NAME_CHARS {
            return Err(FieldError::new(
                "name",
                format!("String should have at most {MAX_NAME_CHARS} characters"),
            ));
        }
        Ok(())
    }
}

/// Mints an `osi_` key; the raw key is in this answer only.
#[utoipa::path(
    tag = "integration",
    request_body = CreateIntegrationKeyRequest,
    responses(
        (status = 200, description = "`{id, name, key, created_at, kind, warning}`"),
        (status = 403, description = "Admin permission required"),
        (status = 429, description = "More than 10 keys an hour"),
    )
)]
#[post("/api/integration/keys")]
async fn create_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<CreateIntegrationKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_key_create", RateLimit::per_hour(10))
        .await?;
    let actor = actor(&req, &user);
    let request = KeyRequest {
        name: body.0.name,
        scope_mode: ScopeMode::All,
        scope_tools: Vec::new(),
    };
    let (repos, events, at) = (
        state.repos.clone(),
        state.notification_events.clone(),
        now(&state),
    );
    let created =
        run_keys(move || api_keys::create_key(&repos, events.as_ref(), &actor, KIND, request, at))
            .await?;
    Ok(HttpResponse::Ok().json(json!({
        "id": created.key.id,
        "name": created.key.name,
        "key": created.raw_key,
        "created_at": iso_naive(created.key.created_at),
        "kind": KIND.as_str(),
        "warning": SAVE_WARNING,
    })))
}

/// The org's active integration keys, newest first (never the key or its hash).
#[utoipa::path(
    tag = "integration",
    responses((status = 200, description = "`[{id, name, created_at, last_used_at, revoked, scope_mode, scope_tools, kind}]`"))
)]
#[get("/api/integration/keys")]
async fn list_keys(state: web::Data<AppState>, user: AdminUser) -> Result<HttpResponse, ApiError> {
    let (repos, org) = (state.repos.clone(), user.org_id.clone());
    let keys = run_keys(move || api_keys::list_keys(&repos, &org, KIND)).await?;
    let body: Vec<Value> = keys.iter().map(listed_key).collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Revokes one of the org's integration keys; it stops working at once.
#[utoipa::path(
    tag = "integration",
    responses(
        (status = 200, description = "`{\"success\": true}`"),
        (status = 404, description = "Key not found (also another org's, or an MCP key)"),
        (status = 429, description = "More than 30 revocations an hour"),
    )
)]
#[delete("/api/integration/keys/{key_id}")]
async fn revoke_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "integration_key_revoke", RateLimit::per_hour(30))
        .await?;
    let actor = actor(&req, &user);
    let id = path.into_inner();
    let (repos, events, auth, at) = (
        state.repos.clone(),
        state.notification_events.clone(),
        state.api_key_auth.clone(),
        now(&state),
    );
    run_keys(move || api_keys::revoke_key(&repos, events.as_ref(), &auth, &actor, KIND, id, at))
        .await?;
    Ok(HttpResponse::Ok().json(json!({"success": true})))
}

fn listed_key(key: &ApiKey) -> Value {
    json!({
        "id": key.id,
        "name": key.name,
        "created_at": iso_naive(key.created_at),
        "last_used_at": key.last_used_at.map(iso_naive),
        "revoked": key.revoked,
        "scope_mode": key.scope_mode.as_str(),
        "scope_tools": key.scope_tools,
        "kind": key.kind.as_str(),
    })
}

/// Runs a key use case off the runtime; an unknown key is the contract's 404.
async fn run_keys<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiKeyError> + Send + 'static,
    T: Send + 'static,
{
    web::block(work).await?.map_err(|error| match error {
        ApiKeyError::NotFound => ApiError::not_found("Key not found"),
        ApiKeyError::Repo(cause) => ApiError::from(cause),
    })
}
