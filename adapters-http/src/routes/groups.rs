//! Camera groups and assignment.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Query, Validate, ViewUser};
use crate::responses::groups::{
    GroupAssigned, GroupCreated, GroupDeleted, GroupItem, GroupUpdated,
};
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::{HttpRequest, delete, get, patch, post, put, web};
use sentinel_application::blocking::unblock;
use sentinel_domain::fleet::CameraGroupChanges;
use sentinel_domain::ids::CameraId;
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_groups)
        .service(create_group)
        .service(update_group)
        .service(delete_group)
        .service(assign_group);
}

/// The org's groups with their camera counts.
#[utoipa::path(
    tag = "groups",
    security(("session" = [])),
    responses((status = 200, body = Vec<GroupItem>))
)]
#[get("/api/camera-groups")]
async fn list_groups(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<Vec<GroupItem>>, ApiError> {
    let (catalog, org) = (state.use_cases.cameras.clone(), user.org_id.clone());
    let groups = unblock(move || catalog.list_groups(&org)).await?;
    Ok(web::Json(groups.iter().map(GroupItem::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateGroupRequest {
    /// Unique within the org, at most 100 characters, not blank.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    name: String,
    /// At most 20 characters; `#22c55e` by default.
    #[schema(max_length = 20)]
    color: Option<String>,
    /// At most 10 characters; `📁` by default.
    #[schema(max_length = 10)]
    icon: Option<String>,
}

impl Validate for CreateGroupRequest {
    fn validate(&self) -> Result<(), FieldError> {
        check_group_fields(
            Some(&self.name),
            self.color.as_deref(),
            self.icon.as_deref(),
        )
    }
}

/// A group's fields as create and update accept them: a name that is not blank and at most
/// 100 characters, a colour of at most 20 and an icon of at most 10.
fn check_group_fields(
    name: Option<&str>,
    color: Option<&str>,
    icon: Option<&str>,
) -> Result<(), FieldError> {
    let too_long = |field: &str, value: &str, max: usize| {
        (value.chars().count() > max).then(|| {
            FieldError::new(
                field,
                format!("String should have at most {max} characters"),
            )
        })
    };
    if name.is_some_and(|name| name.trim().is_empty()) {
        return Err(FieldError::new(
            "name",
            "String should have at least 1 character",
        ));
    }
    let checks = [
        name.and_then(|n| too_long("name", n, 100)),
        color.and_then(|c| too_long("color", c, 20)),
        icon.and_then(|i| too_long("icon", i, 10)),
    ];
    checks.into_iter().flatten().next().map_or(Ok(()), Err)
}

/// The fields to change; absent or null ones keep their value.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateGroupRequest {
    /// Unique within the org, at most 100 characters, not blank.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    name: Option<String>,
    /// At most 20 characters.
    #[schema(max_length = 20)]
    color: Option<String>,
    /// At most 10 characters.
    #[schema(max_length = 10)]
    icon: Option<String>,
}

impl Validate for UpdateGroupRequest {
    fn validate(&self) -> Result<(), FieldError> {
        check_group_fields(
            self.name.as_deref(),
            self.color.as_deref(),
            self.icon.as_deref(),
        )
    }
}

#[utoipa::path(
    tag = "groups",
    security(("session" = ["admin"])),
    request_body = CreateGroupRequest,
    responses(
        (status = 200, body = GroupCreated),
        (status = 409, description = "Group name already exists in the org"),
        (status = 429, description = "Over 20 a minute")
    )
)]
#[post("/api/camera-groups")]
async fn create_group(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<CreateGroupRequest>,
) -> Result<web::Json<GroupCreated>, ApiError> {
    state
        .rate_limiter
        .check(&req, "group_create", RateLimit::per_minute(20))
        .await?;
    let (catalog, org, at) = (
        state.use_cases.cameras.clone(),
        user.org_id.clone(),
        now(&state),
    );
    let request = body.0;
    let (id, name) = unblock(move || {
        catalog.create_group(
            &org,
            request.name.trim(),
            request.color.as_deref(),
            request.icon.as_deref(),
            at,
        )
    })
    .await?;
    Ok(web::Json(GroupCreated {
        success: true,
        id,
        name,
    }))
}

/// Renames a group or changes its colour or icon (ours: the original could only delete and
/// recreate, losing the assignments).
#[utoipa::path(
    tag = "groups",
    security(("session" = ["admin"])),
    request_body = UpdateGroupRequest,
    responses(
        (status = 200, body = GroupUpdated),
        (status = 404, description = "Group not found"),
        (status = 409, description = "Group name already exists in the org"),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[patch("/api/camera-groups/{group_id}")]
async fn update_group(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<i64>,
    body: Json<UpdateGroupRequest>,
) -> Result<web::Json<GroupUpdated>, ApiError> {
    state
        .rate_limiter
        .check(&req, "group_update", RateLimit::per_minute(60))
        .await?;
    let request = body.0;
    let changes = CameraGroupChanges {
        name: request.name.map(|name| name.trim().to_owned()),
        color: request.color,
        icon: request.icon,
    };
    let (catalog, org, group_id) = (
        state.use_cases.cameras.clone(),
        user.org_id.clone(),
        path.into_inner(),
    );
    let group = unblock(move || catalog.update_group(&org, group_id, &changes)).await?;
    Ok(web::Json(GroupUpdated::from(&group)))
}

#[utoipa::path(
    tag = "groups",
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = GroupDeleted),
        (status = 404, description = "Group not found"),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[delete("/api/camera-groups/{group_id}")]
async fn delete_group(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<i64>,
) -> Result<web::Json<GroupDeleted>, ApiError> {
    state
        .rate_limiter
        .check(&req, "group_delete", RateLimit::per_minute(60))
        .await?;
    let (catalog, org, group_id) = (
        state.use_cases.cameras.clone(),
        user.org_id.clone(),
        path.into_inner(),
    );
    let name = unblock(move || catalog.delete_group(&org, group_id)).await?;
    Ok(web::Json(GroupDeleted {
        success: true,
        deleted: name,
    }))
}

#[derive(Debug, Deserialize)]
struct AssignQuery {
    group_id: Option<i64>,
}

impl Validate for AssignQuery {}

/// Puts a camera in a group (`?group_id=N`), or takes it out (absent or 0).
#[utoipa::path(
    tag = "groups",
    params(("group_id" = Option<i64>, Query, description = "Target group; absent or 0 unassigns")),
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = GroupAssigned),
        (status = 404, description = "Camera or group not found"),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[put("/api/cameras/{camera_id}/group")]
async fn assign_group(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<String>,
    query: Query<AssignQuery>,
) -> Result<web::Json<GroupAssigned>, ApiError> {
    state
        .rate_limiter
        .check(&req, "group_assign", RateLimit::per_minute(60))
        .await?;
    let camera_id = CameraId::new(path.into_inner());
    let group_id = query.0.group_id.filter(|id| *id != 0);
    let (catalog, org, id) = (
        state.use_cases.cameras.clone(),
        user.org_id.clone(),
        camera_id.clone(),
    );
    unblock(move || catalog.assign_group(&org, &id, group_id)).await?;
    Ok(web::Json(GroupAssigned {
        success: true,
        camera_id,
        group_id,
    }))
}
