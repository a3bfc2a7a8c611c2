//! `/api/share-links` (rest-api.md §14.1): an admin mints, lists and revokes links that hand
//! one camera's or one group's live view to someone without an account.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Validate, actor};
use crate::responses::sharing::{ShareLinkCreated, ShareLinkItem, ShareLinkList, ShareLinkRevoked};
use crate::routes::nodes::wire::LaxInt;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::sharing::ShareLinkError;
use sentinel_domain::plans::Plan;
use sentinel_domain::rate_limit::RateLimit;
use sentinel_domain::sharing::{
    LABEL_MAX_CHARS, MAX_EXPIRY_HOURS, MAX_VIEWERS, ShareLinkRequest, ShareRequestError,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};
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

/// The create body as the handler reads it; [`CreateShareLinkBody`] documents it. Integers
/// are read laxly (`"24"`, `24.0`), as every request model is.
#[derive(Debug, Deserialize)]
pub struct CreateShareLinkRequest {
    label: String,
    camera_id: Option<String>,
    group_id: Option<LaxInt>,
    expires_in_hours: Option<LaxInt>,
    max_viewers: Option<LaxInt>,
}

impl CreateShareLinkRequest {
    fn checked(&self) -> Result<ShareLinkRequest, ShareRequestError> {
        let int = |value: Option<LaxInt>| value.map(|LaxInt(n)| n);
        ShareLinkRequest::new(
            &self.label,
            self.camera_id.as_deref(),
            int(self.group_id),
            int(self.expires_in_hours),
            int(self.max_viewers),
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

/// The create body as documented: a link to one camera or to one group, never both (each
/// variant allows the other target only as null, so no body matches both).
struct CreateShareLinkBody;

impl PartialSchema for CreateShareLinkBody {
    fn schema() -> RefOr<Schema> {
        let camera = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .description(Some("The camera to share"));
        let group = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .description(Some(
                "The group to share: whichever cameras it holds while the link is used",
            ));
        OneOfBuilder::new()
            .item(share_body("camera_id", camera, "group_id"))
            .item(share_body("group_id", group, "camera_id"))
            .into()
    }
}

impl ToSchema for CreateShareLinkBody {}

/// One variant of the create body: `target` required, `other` absent or null.
fn share_body(target: &str, target_schema: ObjectBuilder, other: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .property(
            "label",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(LABEL_MAX_CHARS))
                .pattern(Some(r"\S"))
                .description(Some("1–100 characters, not blank (trimmed)")),
        )
        .required("label")
        .property(target, target_schema)
        .required(target)
        .property(
            other,
            ObjectBuilder::new()
                .schema_type(Type::Null)
                .description(Some("A link has one target: absent or null")),
        )
        .property(
            "expires_in_hours",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(MAX_EXPIRY_HOURS))
                .description(Some("1–168; 24 when absent")),
        )
        .property(
            "max_viewers",
            ObjectBuilder::new()
                .schema_type(
                    [Type::Integer, Type::Null]
                        .into_iter()
                        .collect::<SchemaType>(),
                )
                .minimum(Some(1))
                .maximum(Some(MAX_VIEWERS))
                .description(Some("Concurrent viewers, 1–50; null or absent: 50")),
        )
}

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
