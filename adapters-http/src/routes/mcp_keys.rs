//! `/api/mcp/keys` and `/api/mcp/tools` (mcp.md §6): the org's `osc_` keys with their tool
//! scopes, and the tool catalog the dashboard scopes them from. Admins only; only
//! `kind = "mcp"` keys are seen here (an integration key's id is a 404).

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Validate, actor};
use crate::mcp::tools::is_served;
use crate::responses::mcp::{
    McpKeyCreated, McpKeyItem, McpKeyRevoked, McpToolCatalog, McpToolItem,
};
use crate::routes::api_keys as shared;
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, delete, get, post, web};
use sentinel_application::api_keys::KeyRequest;
use sentinel_application::blocking::unblock;
use sentinel_domain::api_keys::{ApiKeyKind, ScopeMode};
use sentinel_domain::mcp::scope::{normalise_scope_tools, unknown_tool_names};
use sentinel_domain::mcp::{ToolClass, ToolSpec, tools};
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
};
use utoipa::{PartialSchema, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

const KIND: ApiKeyKind = ApiKeyKind::Mcp;
const MAX_NAME_CHARS: usize = 100;
const PAST_DUE: &str =
    "Your payment is past due. Please update your billing information before making changes.";

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(create_key)
        .service(list_keys)
        .service(revoke_key)
        .service(list_tools);
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateMcpKeyRequest {
    /// At most 100 characters (may be empty); `Default` when absent.
    #[serde(default = "default_name")]
    #[schema(max_length = 100)]
    name: String,
    /// `all` by default.
    #[serde(default = "default_mode")]
    #[schema(value_type = ScopeModeName)]
    scope_mode: String,
    /// The tools of a `custom` key (at least one, each a catalog tool: see
    /// `GET /api/mcp/tools`); ignored otherwise.
    #[serde(default)]
    scope_tools: Option<Vec<String>>,
}

/// The create body as documented: either a key of every (or every read-only) tool, whose
/// `scope_tools` is ignored, or a `custom` key with at least one catalog tool (schema
/// only: [`CreateMcpKeyRequest`] reads it, and a custom key without tools is its 400).
struct CreateMcpKeyBody;

impl PartialSchema for CreateMcpKeyBody {
    fn schema() -> RefOr<Schema> {
        let name = || {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(MAX_NAME_CHARS))
                .description(Some(
                    "At most 100 characters (may be empty); `Default` when absent",
                ))
        };
        let served: Vec<&str> = tools()
            .iter()
            .filter(|tool| is_served(tool.name))
            .map(|tool| tool.name)
            .collect();
        let whole = ObjectBuilder::new()
            .property("name", name())
            .property(
                "scope_mode",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["all", "readonly"]))
                    .description(Some("`all` when absent")),
            )
            .property(
                "scope_tools",
                // Read (a list of text, or null) before the mode decides to ignore it, so
                // any other JSON is the 422 of a malformed body, not "ignored".
                ArrayBuilder::new()
                    .schema_type(
                        [Type::Array, Type::Null]
                            .into_iter()
                            .collect::<SchemaType>(),
                    )
                    .items(ObjectBuilder::new().schema_type(Type::String))
                    .description(Some("A list of text, ignored for these modes")),
            );
        let custom = ObjectBuilder::new()
            .property("name", name())
            .property(
                "scope_mode",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["custom"])),
            )
            .required("scope_mode")
            .property(
                "scope_tools",
                ArrayBuilder::new()
                    .items(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some(served)),
                    )
                    .min_items(Some(1))
                    .description(Some(
                        "The tools this key may call (see `GET /api/mcp/tools`)",
                    )),
            )
            .required("scope_tools");
        OneOfBuilder::new().item(whole).item(custom).into()
    }
}

impl ToSchema for CreateMcpKeyBody {}

/// `all`, `readonly` or `custom` (schema only: the body reads it as text, to word the 422
/// as the original did).
#[allow(dead_code)]
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
enum ScopeModeName {
    All,
    Readonly,
    Custom,
}

fn default_name() -> String {
    "Default".to_owned()
}

fn default_mode() -> String {
    ScopeMode::All.as_str().to_owned()
}

impl Validate for CreateMcpKeyRequest {
    fn validate(&self) -> Result<(), FieldError> {
        if self.name.chars().count() > MAX_NAME_CHARS {
            return Err(FieldError::new(
                "name",
                format!("String should have at most {MAX_NAME_CHARS} characters"),
            ));
        }
        if ScopeMode::parse(&self.scope_mode).is_none() {
            return Err(FieldError::new(
                "scope_mode",
                "Input should be 'all', 'readonly' or 'custom'",
            ));
        }
        Ok(())
    }
}

impl CreateMcpKeyRequest {
    /// The stored scope: a custom key needs at least one tool, and only known ones.
    fn into_key_request(self) -> Result<KeyRequest, ApiError> {
        let scope_mode = ScopeMode::parse(&self.scope_mode).unwrap_or_default();
        let scope_tools = match scope_mode {
            ScopeMode::Custom => {
                let tools = normalise_scope_tools(&self.scope_tools.unwrap_or_default());
                if tools.is_empty() {
                    return Err(ApiError::bad_request(
                        "scope_tools must be a non-empty list when scope_mode='custom'.",
                    ));
                }
                let unknown = unknown_tool_names(&tools);
                if !unknown.is_empty() {
                    return Err(ApiError::bad_request(format!(
                        "Unknown tool names: {}.",
                        unknown.join(", ")
                    )));
                }
                tools
            }
            ScopeMode::All | ScopeMode::Readonly => Vec::new(),
        };
        Ok(KeyRequest {
            name: self.name,
            scope_mode,
            scope_tools,
        })
    }
}

/// Mints an `osc_` key; the raw key is in this answer only.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    request_body = CreateMcpKeyBody,
    responses(
        (status = 200, body = McpKeyCreated),
        (status = 400, description = "A custom scope without tools, or unknown tool names"),
        (status = 402, description = "Payment past due"),
        (status = 429, description = "More than 10 keys an hour"),
    )
)]
#[post("/api/mcp/keys")]
async fn create_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<CreateMcpKeyRequest>,
) -> Result<web::Json<McpKeyCreated>, ApiError> {
    require_active_billing(&state, &user).await?;
    state
        .rate_limiter
        .check(&req, "mcp_key_create", RateLimit::per_hour(10))
        .await?;
    let request = body.0.into_key_request()?;
    let actor = actor(&req, &user);
    let (keys, at) = (state.use_cases.api_keys.clone(), now(&state));
    let created = unblock(move || keys.create_key(&actor, KIND, request, at)).await?;
    let key = &created.key;
    Ok(web::Json(McpKeyCreated {
        id: key.id,
        name: key.name.clone(),
        key: created.raw_key.clone(),
        created_at: key.created_at,
        scope_mode: key.scope_mode.as_str(),
        scope_tools: key.scope_tools.clone(),
        warning: shared::SAVE_WARNING,
    }))
}

/// The org's active MCP keys, newest first (never the key or its hash).
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    responses((status = 200, body = Vec<McpKeyItem>))
)]
#[get("/api/mcp/keys")]
async fn list_keys(
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<Vec<McpKeyItem>>, ApiError> {
    let (keys, org) = (state.use_cases.api_keys.clone(), user.org_id.clone());
    let keys = unblock(move || keys.list_keys(&org, KIND)).await?;
    Ok(web::Json(keys.iter().map(McpKeyItem::from).collect()))
}

/// Revokes one of the org's MCP keys; it stops working at once.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = McpKeyRevoked),
        (status = 404, description = "Key not found (also another org's, or an integration key)"),
        (status = 429, description = "More than 30 revocations an hour"),
    )
)]
#[delete("/api/mcp/keys/{key_id}")]
async fn revoke_key(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<i64>,
) -> Result<web::Json<McpKeyRevoked>, ApiError> {
    let id = path.into_inner();
    shared::revoke(&req, &state, &user, KIND, "mcp_key_revoke", id).await?;
    Ok(web::Json(McpKeyRevoked {
        success: true,
        revoked: id,
    }))
}

/// The tools a key can be scoped to, read and write, each sorted by name.
#[utoipa::path(
    tag = "mcp",
    security(("session" = ["admin"])),
    responses((status = 200, body = McpToolCatalog))
)]
#[get("/api/mcp/tools")]
async fn list_tools(_user: AdminUser) -> web::Json<McpToolCatalog> {
    let served: Vec<&ToolSpec> = tools().iter().filter(|t| is_served(t.name)).collect();
    let of_class = |class: ToolClass| {
        let mut listed: Vec<&ToolSpec> = served
            .iter()
            .copied()
            .filter(|tool| tool.class == class)
            .collect();
        listed.sort_by_key(|tool| tool.name);
        listed
            .iter()
            .map(|tool| McpToolItem {
                name: tool.name,
                description: tool.description.trim(),
                category: class.as_str(),
            })
            .collect::<Vec<_>>()
    };
    web::Json(McpToolCatalog {
        read: of_class(ToolClass::Read),
        write: of_class(ToolClass::Write),
        total: served.len(),
    })
}

/// `require_active_billing`: no new keys while the payment is past due (no grace).
async fn require_active_billing(state: &AppState, user: &AdminUser) -> Result<(), ApiError> {
    let (settings, org) = (state.use_cases.org_settings.clone(), user.org_id.clone());
    if unblock(move || settings.payment_past_due(&org)).await? {
        return Err(ApiError::detail(StatusCode::PAYMENT_REQUIRED, PAST_DUE));
    }
    Ok(())
}
