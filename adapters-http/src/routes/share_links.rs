//! `/api/share-links` (rest-api.md §14.1): an admin mints, lists and revokes links that hand
//! one camera's or one group's live view to someone without an account.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Validate, actor};
use crate::responses::sharing::{ShareLinkCreated, ShareLinkItem, ShareLinkList, ShareLinkRevoked};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::sharing::ShareLinkError;
use sentinel_domain::plans::Plan;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::sharing::{ShareLinkRequest, ShareRequestError};
use serde::Deserialize;
use serde_json::json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{OneOfBuilder, Schema};
use utoipa::{PartialSchema, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

const CREATE_LIMIT: RateLimit = RateLimit::per_minute(20);
const LIST_LIMIT: RateLimit = RateLimit::per_minute(60);
const REVOKE_LIMIT: RateLimit = RateLimit::per_minute(60);

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(create_link)
        .service(list_links)
        .service(revoke_link);
}

/// The create body as the handler reads it; [`CreateShareLinkBody`] documents it.
#[derive(Debug, Deserialize)]
pub struct CreateShareLinkRequest {
    label: String,
    camera_id: Option<String>,
    group_id: Option<i64>,
    expires_in_hours: Option<i64>,
    max_viewers: Option<i64>,
}

impl CreateShareLinkRequest {
    fn checked(&self) -> Result<ShareLinkRequest, ShareRequestError> {
        ShareLinkRequest::new(
            &self.label,
            self.camera_id.as_deref(),
            self.group_id,
            self.expires_in_hours,
            self.max_viewers,
        )
    }
}

impl Validate for CreateShareLinkRequest {
    fn validate(&self) -> Result<(), FieldError> {
        self.checked().map(|_| ()).map_err(field_error)
    }
}

fn field_error(error: ShareRequestError) -> FieldError {
    FieldError::new(error.field, error.message)
}

/// A link to one camera (schema only).
#[allow(dead_code)]
#[derive(ToSchema)]
struct CameraShareBody {
    /// 1–100 characters, not blank (trimmed).
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    label: String,
    /// The camera to share.
    #[schema(min_length = 1)]
    camera_id: String,
    /// 1–168; 24 when absent.
    #[schema(minimum = 1, maximum = 168)]
    expires_in_hours: Option<i64>,
    /// Concurrent viewers, 1–50; null or absent: 50.
    #[schema(minimum = 1, maximum = 50, nullable)]
    max_viewers: Option<i64>,
}

/// A link to one camera group: whichever cameras it holds while the link is used (schema
/// only).
#[allow(dead_code)]
#[derive(ToSchema)]
struct GroupShareBody {
    /// 1–100 characters, not blank (trimmed).
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    label: String,
    /// The group to share.
    group_id: i64,
    /// 1–168; 24 when absent.
    #[schema(minimum = 1, maximum = 168)]
    expires_in_hours: Option<i64>,
    /// Concurrent viewers, 1–50; null or absent: 50.
    #[schema(minimum = 1, maximum = 50, nullable)]
    max_viewers: Option<i64>,
}

/// Exactly one of `camera_id` and `group_id`.
struct CreateShareLinkBody;

impl PartialSchema for CreateShareLinkBody {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(CameraShareBody::schema())
            .item(GroupShareBody::schema())
            .into()
    }
}

impl ToSchema for CreateShareLinkBody {}

/// Mints a link and answers its token once (Pro and Pro Plus).
#[utoipa::path(
    tag = "share-links",
    security(("session" = ["admin"])),
    request_body = CreateShareLinkBody,
    responses(
        (status = 201, body = ShareLinkCreated),
        (status = 402, description = "`plan_required`: the org's plan is not Pro or Pro Plus"),
        (status = 404, description = "`Camera not found` or `Group not found`"),
        (status = 409, description = "The org already has 100 active links"),
        (status = 422, description = "A field breaks its rule, or not exactly one of `camera_id` and `group_id`"),
        (status = 429, description = "Over 20 a minute")
    )
)]
#[post("/api/share-links")]
async fn create_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<CreateShareLinkRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "share_link_create", CREATE_LIMIT)
        .await?;
    // `Json` already ran these checks (its 422); this only takes their result.
    let request = body
        .0
        .checked()
        .map_err(|error| ApiError::bad_request(error.to_string()))?;
    let (links, actor) = (state.use_cases.share_links.clone(), actor(&req, &user));
    let created = unblock(move || links.create(&actor, &request)).await?;
    Ok(HttpResponse::Created().json(ShareLinkCreated::from(&created)))
}

/// The org's links, newest first, with their status now.
#[utoipa::path(
    tag = "share-links",
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = ShareLinkList),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[get("/api/share-links")]
async fn list_links(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<ShareLinkList>, ApiError> {
    state
        .rate_limiter
        .check(&req, "share_link_list", LIST_LIMIT)
        .await?;
    let (links, org) = (state.use_cases.share_links.clone(), user.org_id.clone());
    let views = unblock(move || links.list(&org)).await?;
    Ok(web::Json(ShareLinkList {
        links: views.iter().map(ShareLinkItem::from).collect(),
    }))
}

/// Revokes a link on every instance at once (a revoked link answers 200 again).
#[utoipa::path(
    tag = "share-links",
    params(("link_id" = i64, Path, description = "The link's id")),
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = ShareLinkRevoked),
        (status = 404, description = "`Share link not found`"),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[delete("/api/share-links/{link_id}")]
async fn revoke_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    link_id: web::Path<i64>,
) -> Result<web::Json<ShareLinkRevoked>, ApiError> {
    state
        .rate_limiter
        .check(&req, "share_link_revoke", REVOKE_LIMIT)
        .await?;
    let (links, actor, link_id) = (
        state.use_cases.share_links.clone(),
        actor(&req, &user),
        link_id.into_inner(),
    );
    let view = unblock(move || links.revoke(&actor, link_id)).await?;
    Ok(web::Json(ShareLinkRevoked {
        success: true,
        link: ShareLinkItem::from(&view),
    }))
}

impl From<ShareLinkError> for ApiError {
    fn from(error: ShareLinkError) -> Self {
        match error {
            ShareLinkError::PlanRequired => ApiError::coded(
                StatusCode::PAYMENT_REQUIRED,
                "plan_required",
                &error.to_string(),
                json!({"plan": Plan::PRO.as_str()}),
            ),
            ShareLinkError::CameraNotFound
            | ShareLinkError::GroupNotFound
            | ShareLinkError::NotFound => ApiError::not_found(error.to_string()),
            ShareLinkError::TooManyActive => {
                ApiError::detail(StatusCode::CONFLICT, error.to_string())
            }
            ShareLinkError::Storage(cause) => ApiError::from(cause),
        }
    }
}
