//! `POST/GET/DELETE /api/integration/keys`: the org's Home Assistant keys (admins only).
//! Only `kind = "integration"` keys are seen here; an MCP key's id is a 404.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Validate, actor};
use crate::responses::Success;
use crate::responses::integration::{IntegrationKeyCreated, IntegrationKeyItem};
use crate::routes::api_keys as shared;
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::{HttpRequest, delete, get, post, web};
use sentinel_application::api_keys::KeyRequest;
use sentinel_application::blocking::unblock;
use sentinel_domain::api_keys::{ApiKeyKind, ScopeMode};
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

const KIND: ApiKeyKind = ApiKeyKind::Integration;
const DEFAULT_NAME: &str = "Home Assistant";
const MAX_NAME_CHARS: usize = 100;

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
    #[schema(max_length = 100)]
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
    operation_id = "create_integration_key",
    tag = "integration",
    security(("session" = ["admin"])),
    request_body = CreateIntegrationKeyRequest,
    responses(
        (status = 200, body = IntegrationKeyCreated),
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
) -> Result<web::Json<IntegrationKeyCreated>, ApiError> {
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
    let (keys, at) = (state.use_cases.api_keys.clone(), now(&state));
    let created = unblock(move || keys.create_key(&actor, KIND, request, at)).await?;
    Ok(web::Json(IntegrationKeyCreated {
        id: created.key.id,
        name: created.key.name,
        key: created.raw_key,
        created_at: created.key.created_at,
        kind: KIND.as_str(),
        warning: shared::SAVE_WARNING,
    }))
}

/// The org's active integration keys, newest first (never the key or its hash).
#[utoipa::path(
    operation_id = "list_integration_keys",
    tag = "integration",
    security(("session" = ["admin"])),
    responses((status = 200, body = Vec<IntegrationKeyItem>))
)]
#[get("/api/integration/keys")]
async fn list_keys(
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<Vec<IntegrationKeyItem>>, ApiError> {
    let (keys, org) = (state.use_cases.api_keys.clone(), user.org_id.clone());
    let keys = unblock(move || keys.list_keys(&org, KIND)).await?;
    Ok(web::Json(
        keys.iter().map(IntegrationKeyItem::from).collect(),
    ))
}

/// Revokes one of the org's integration keys; it stops working at once.
#[utoipa::path(
    operation_id = "revoke_integration_key",
    tag = "integration",
    params(("key_id" = i64, Path, description = "The key's id")),
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = Success),
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
) -> Result<web::Json<Success>, ApiError> {
    let id = path.into_inner();
    shared::revoke(&req, &state, &user, KIND, "integration_key_revoke", id).await?;
    Ok(web::Json(Success::new()))
}
