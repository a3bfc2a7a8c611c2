//! Incidents REST (integration-and-sentinel.md §2, rest-api.md §5): admins file, list,
//! count, read, change and delete their org's incidents, and download evidence (raw blobs
//! and a one-segment VOD playlist per clip). Every route is admin-only; another org's
//! incident is a plain 404.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{AdminUser, Json, Query, Validate};
use crate::responses::incidents::{
    IncidentCounts, IncidentDeleted, IncidentDetail, IncidentItem, IncidentList, SeverityName,
    StatusName,
};
use crate::routes::cameras::now;
use crate::routes::within;
use crate::state::AppState;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::incidents::{Author, IncidentDraft, IncidentError, IncidentPatch};
use sentinel_domain::incidents::{IncidentQuery, Severity, Status};
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, PartialSchema, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

const EVIDENCE_CACHE: &str = "private, max-age=300";

pub fn configure(config: &mut ServiceConfig) {
    // `counts` before `{incident_id}`.
    config
        .service(create_incident)
        .service(list_incidents)
        .service(incident_counts)
        .service(get_incident)
        .service(update_incident)
        .service(delete_incident)
        .service(evidence_playlist)
        .service(evidence_blob);
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateIncidentRequest {
    /// 1..200 characters (trimmed; blank → 400).
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    title: String,
    /// At least one character (trimmed; blank → 400).
    #[schema(min_length = 1, pattern = r"\S")]
    summary: String,
    /// `medium` when absent or null.
    #[schema(value_type = Option<SeverityName>)]
    severity: Option<String>,
    /// One of the org's cameras (an unknown one is a 404); empty or null: none.
    camera_id: Option<String>,
}

impl Validate for CreateIncidentRequest {
    fn validate(&self) -> Result<(), FieldError> {
        let chars = self.title.chars().count();
        if chars == 0 {
            return Err(FieldError::new(
                "title",
                "String should have at least 1 character",
            ));
        }
        if chars > 200 {
            return Err(FieldError::new(
                "title",
                "String should have at most 200 characters",
            ));
        }
        if self.summary.is_empty() {
            return Err(FieldError::new(
                "summary",
                "String should have at least 1 character",
            ));
        }
        Ok(())
    }
}

/// Files an incident (`open`, `created_by = user:<id>`) and notifies the org.
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    request_body = CreateIncidentRequest,
    responses(
        (status = 201, description = "The incident with `evidence: []`", body = IncidentDetail),
        (status = 400, description = "Invalid severity, or a blank title or summary"),
        (status = 404, description = "`Camera '<id>' not found`: `camera_id` is none of the org's cameras"),
        (status = 429, description = "Over 60 a minute"),
    )
)]
#[post("/api/incidents")]
async fn create_incident(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<CreateIncidentRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "incident_create", RateLimit::per_minute(60))
        .await?;
    let body = body.0;
    let draft = IncidentDraft {
        title: body.title,
        summary: body.summary,
        severity: body.severity,
        camera_id: body.camera_id,
    };
    let author = Author::User(user.user_id.clone());
    let (incidents, org, at) = (
        state.use_cases.incidents.clone(),
        user.org_id.clone(),
        now(&state),
    );
    let detail = unblock(move || incidents.create_incident(&org, &draft, &author, at)).await?;
    Ok(HttpResponse::Created().json(IncidentDetail::from(&detail)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only incidents in this status (empty: any).
    #[param(value_type = Option<StatusFilter>, inline)]
    status: Option<String>,
    /// Only incidents of this severity (empty: any).
    #[param(value_type = Option<SeverityFilter>, inline)]
    severity: Option<String>,
    /// One camera's incidents (empty: every camera).
    camera_id: Option<String>,
    /// Default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// Default 0.
    #[param(minimum = 0, maximum = 1_000_000)]
    offset: Option<i64>,
}

/// A status, or empty for any (schema only: the handler reads text, as [`StatusName`]).
struct StatusFilter;

impl PartialSchema for StatusFilter {
    fn schema() -> RefOr<Schema> {
        filter(&["open", "acknowledged", "resolved", "dismissed"])
    }
}

impl ToSchema for StatusFilter {}

/// A severity, or empty for any (schema only, as [`StatusFilter`]).
struct SeverityFilter;

impl PartialSchema for SeverityFilter {
    fn schema() -> RefOr<Schema> {
        filter(&["low", "medium", "high", "critical"])
    }
}

impl ToSchema for SeverityFilter {}

/// One of `names`, or `""` (no filter).
fn filter(names: &[&str]) -> RefOr<Schema> {
    let values = names.iter().copied().chain([""]);
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .into()
}

impl Validate for ListQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 200)?;
        within("offset", self.offset, Some(0), 1_000_000)
    }
}

/// The org's incidents, newest first, with `report` and `evidence_count`.
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    params(ListQuery),
    responses(
        (status = 200, body = IncidentList),
        (status = 400, description = "Invalid status or severity"),
    )
)]
#[get("/api/incidents")]
async fn list_incidents(
    state: web::Data<AppState>,
    user: AdminUser,
    query: Query<ListQuery>,
) -> Result<web::Json<IncidentList>, ApiError> {
    let params = query.0;
    let (limit, offset) = (params.limit.unwrap_or(50), params.offset.unwrap_or(0));
    let status = non_empty(params.status)
        .map(|s| Status::parse(&s))
        .transpose()
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let severity = non_empty(params.severity)
        .map(|s| Severity::parse(&s))
        .transpose()
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let query = IncidentQuery {
        status,
        severity,
        camera_id: non_empty(params.camera_id),
        limit,
        offset,
    };
    let (incidents, org) = (state.use_cases.incidents.clone(), user.org_id.clone());
    let page = unblock(move || incidents.list_incidents(&org, &query)).await?;
    Ok(web::Json(IncidentList {
        total: page.total,
        limit,
        offset,
        incidents: page.incidents.iter().map(IncidentItem::from).collect(),
    }))
}

/// Open incidents (all, critical, high) and the total.
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    responses((status = 200, body = IncidentCounts))
)]
#[get("/api/incidents/counts")]
async fn incident_counts(
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<web::Json<IncidentCounts>, ApiError> {
    let (incidents, org) = (state.use_cases.incidents.clone(), user.org_id.clone());
    let counts = unblock(move || incidents.incident_counts(&org)).await?;
    Ok(web::Json(IncidentCounts::from(counts)))
}

/// One incident with its evidence (metadata only).
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = IncidentDetail),
        (status = 404, description = "Incident not found")
    )
)]
#[get("/api/incidents/{incident_id}")]
async fn get_incident(
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<i64>,
) -> Result<web::Json<IncidentDetail>, ApiError> {
    let (incidents, org, id) = (
        state.use_cases.incidents.clone(),
        user.org_id.clone(),
        path.into_inner(),
    );
    let detail = unblock(move || incidents.get_incident(&org, id)).await?;
    Ok(web::Json(IncidentDetail::from(&detail)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateIncidentRequest {
    /// Ours: not blank (a 400), trimmed and cut to 200 characters.
    #[schema(min_length = 1, pattern = r"\S")]
    title: Option<String>,
    /// Closing (resolved/dismissed) stamps `resolved_at`/`resolved_by`; `open` clears them.
    #[schema(value_type = Option<StatusName>)]
    status: Option<String>,
    #[schema(value_type = Option<SeverityName>)]
    severity: Option<String>,
    /// Stored verbatim.
    summary: Option<String>,
    /// Stored verbatim.
    report: Option<String>,
}

impl Validate for UpdateIncidentRequest {}

/// Changes title, status, severity, summary or report (absent or null = unchanged).
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    request_body = UpdateIncidentRequest,
    responses(
        (status = 200, body = IncidentDetail),
        (status = 400, description = "Invalid status or severity, or a blank title"),
        (status = 404, description = "Incident not found"),
        (status = 429, description = "Over 120 a minute"),
    )
)]
#[patch("/api/incidents/{incident_id}")]
async fn update_incident(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<i64>,
    body: Json<UpdateIncidentRequest>,
) -> Result<web::Json<IncidentDetail>, ApiError> {
    state
        .rate_limiter
        .check(&req, "incident_update", RateLimit::per_minute(120))
        .await?;
    let body = body.0;
    let patch = IncidentPatch {
        title: body.title,
        status: body.status,
        severity: body.severity,
        summary: body.summary,
        report: body.report,
    };
    let author = Author::User(user.user_id.clone());
    let (incidents, org, id, at) = (
        state.use_cases.incidents.clone(),
        user.org_id.clone(),
        path.into_inner(),
        now(&state),
    );
    let detail = unblock(move || incidents.update_incident(&org, id, &patch, &author, at)).await?;
    Ok(web::Json(IncidentDetail::from(&detail)))
}

/// Deletes the incident and its evidence.
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    responses(
        (status = 200, body = IncidentDeleted),
        (status = 404, description = "Incident not found"),
        (status = 429, description = "Over 60 a minute"),
    )
)]
#[delete("/api/incidents/{incident_id}")]
async fn delete_incident(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<i64>,
) -> Result<web::Json<IncidentDeleted>, ApiError> {
    state
        .rate_limiter
        .check(&req, "incident_delete", RateLimit::per_minute(60))
        .await?;
    let (incidents, org, id) = (
        state.use_cases.incidents.clone(),
        user.org_id.clone(),
        path.into_inner(),
    );
    unblock(move || incidents.delete_incident(&org, id)).await?;
    Ok(web::Json(IncidentDeleted { deleted: id }))
}

/// The raw evidence bytes (snapshot JPEG, clip MPEG-TS).
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    responses(
        (status = 200, description = "The blob; `Content-Type` is its mime without parameters",
            content(
                (Vec<u8> = "image/*"),
                (Vec<u8> = "video/*"),
                (Vec<u8> = "application/octet-stream"),
            )),
        (status = 404, description = "Incident not found / Evidence blob not found"),
        (status = 429, description = "Over 120 a minute"),
    )
)]
#[get("/api/incidents/{incident_id}/evidence/{evidence_id}")]
async fn evidence_blob(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "incident_evidence", RateLimit::per_minute(120))
        .await?;
    let (incident_id, evidence_id) = path.into_inner();
    let (incidents, org) = (state.use_cases.incidents.clone(), user.org_id.clone());
    let download =
        unblock(move || incidents.evidence_download(&org, incident_id, evidence_id)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, download.content_type))
        .insert_header((CACHE_CONTROL, EVIDENCE_CACHE))
        .body(download.data))
}

/// A one-segment VOD playlist that plays a clip (its segment is the evidence blob).
#[utoipa::path(
    tag = "incidents",
    security(("session" = ["admin"])),
    responses(
        (status = 200, description = "A one-segment VOD playlist", body = String,
            content_type = "application/vnd.apple.mpegurl"),
        (status = 404, description = "Incident not found / Clip not found"),
        (status = 429, description = "Over 120 a minute"),
    )
)]
#[get("/api/incidents/{incident_id}/evidence/{evidence_id}/playlist.m3u8")]
async fn evidence_playlist(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "incident_playlist", RateLimit::per_minute(120))
        .await?;
    let (incident_id, evidence_id) = path.into_inner();
    let (incidents, org) = (state.use_cases.incidents.clone(), user.org_id.clone());
    let playlist = unblock(move || incidents.clip_playlist(&org, incident_id, evidence_id)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/vnd.apple.mpegurl"))
        .insert_header((CACHE_CONTROL, EVIDENCE_CACHE))
        .body(playlist))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

/// The REST wording of the incident use cases' refusals.
impl From<IncidentError> for ApiError {
    fn from(error: IncidentError) -> Self {
        match error {
            IncidentError::InvalidSeverity(e) => ApiError::bad_request(e.to_string()),
            IncidentError::InvalidStatus(e) => ApiError::bad_request(e.to_string()),
            IncidentError::Text(e) => ApiError::bad_request(e.to_string()),
            // A well-formed draft naming a camera the org does not have (or another org's):
            // the answer of any other id the caller cannot see (the original answered 400).
            IncidentError::CameraNotFound(id) | IncidentError::CameraNotInOrg(id) => {
                ApiError::not_found(format!("Camera '{id}' not found"))
            }
            IncidentError::IncidentNotFound(_) => ApiError::not_found("Incident not found"),
            IncidentError::EvidenceBlobNotFound => ApiError::not_found("Evidence blob not found"),
            IncidentError::ClipNotFound => ApiError::not_found("Clip not found"),
            IncidentError::Storage(error) => ApiError::from(error),
            // MCP-only outcomes never come out of the REST use cases.
            other => ApiError::internal(other),
        }
    }
}
