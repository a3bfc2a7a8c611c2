//! `POST /api/local/session`: sign-in for local mode. Only exists when no Clerk keys are
//! configured, and only answers loopback clients; everything else gets a plain 404.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{Json, Validate};
use crate::responses::local_session::LocalSessionIssued;
use crate::state::AppState;
use actix_web::{HttpRequest, post, web};
use sentinel_application::blocking::unblock;
use sentinel_domain::identity::OrgRole;
use sentinel_domain::ids::OrgId;
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::identity::LocalSessionError;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config.service(create_local_session);
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LocalSessionRequest {
    #[schema(value_type = LocalRole)]
    role: String,
    /// Org slug; `local` by default. Any other slug is a separate local org.
    #[schema(pattern = "^[a-z0-9-]{1,32}$", min_length = 1, max_length = 32)]
    org: Option<String>,
}

/// The role the session carries. Documentation only: the handler reads the text, to word a
/// bad value as the original did.
#[allow(dead_code, reason = "documentation: only its schema is used")]
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum LocalRole {
    Admin,
    Member,
}

impl Validate for LocalSessionRequest {
    fn validate(&self) -> Result<(), FieldError> {
        match self.role.as_str() {
            "admin" | "member" => Ok(()),
            _ => Err(FieldError::new(
                "role",
                "Input should be 'admin' or 'member'",
            )),
        }
    }
}

/// Issues a Clerk-shaped session token for the local org (local mode only).
#[utoipa::path(
    tag = "local",
    security(()),
    request_body = LocalSessionRequest,
    responses(
        (status = 200, body = LocalSessionIssued),
        (status = 404, description = "Not in local mode, or the client is not on loopback")
    )
)]
#[post("/api/local/session")]
async fn create_local_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LocalSessionRequest>,
) -> Result<web::Json<LocalSessionIssued>, ApiError> {
    let issuer = state
        .local_sessions
        .as_ref()
        .filter(|_| req.peer_addr().is_some_and(|peer| peer.ip().is_loopback()))
        .ok_or_else(|| ApiError::not_found("Not Found"))?;
    let role = match body.0.role.as_str() {
        "admin" => OrgRole::Admin,
        _ => OrgRole::Member,
    };
    let org = body.0.org.as_deref().unwrap_or("local");
    let mut session = issuer.issue(org, role).map_err(session_error)?;
    let plan = settle_plan(&state, &session.org_id, &session.plan).await?;
    if plan != session.plan {
        session = issuer
            .issue_on_plan(org, role, &plan)
            .map_err(session_error)?;
    }
    Ok(web::Json(LocalSessionIssued::from(&session)))
}

fn session_error(error: LocalSessionError) -> ApiError {
    match error {
        LocalSessionError::InvalidOrgSlug(invalid) => ApiError::Validation {
            message: format!("{invalid} (org)"),
            errors: vec![
                json!({"type": "value_error", "loc": ["body", "org"], "msg": invalid.to_string()}),
            ],
        },
        LocalSessionError::Signing(cause) => ApiError::internal(cause),
    }
}

/// The org's plan: the stored one, else `LOCAL_PLAN` stored now (local mode has no billing
/// to ask).
async fn settle_plan(state: &AppState, org: &OrgId, local_plan: &Plan) -> Result<Plan, ApiError> {
    let local_plan_service = state.use_cases.local_plan.clone();
    let (org, plan, now) = (org.clone(), local_plan.clone(), state.clock.now());
    Ok(unblock(move || local_plan_service.settle_local_plan(&org, &plan, now)).await?)
}
