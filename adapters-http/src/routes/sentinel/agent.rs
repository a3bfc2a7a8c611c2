//! The agent's service endpoints (§3.4): authenticated by `X-Sentinel-Agent-Key`, across
//! every org.

use crate::error::ApiError;
use crate::extract::json::FieldError;
use crate::extract::{Json, Query, Validate};
use crate::responses::incidents::SeverityName;
use crate::responses::sentinel::{
    ClaimedRun, PendingRun, PendingRuns, RunOutcome, SentinelRunDetail, SentinelRunItem,
};
use crate::routes::within;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, get, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::sentinel::CompleteRequest;
use serde::Deserialize;
use serde_json::Value;
use std::future::{Ready, ready};
use utoipa::{IntoParams, ToSchema};

const AGENT_KEY_HEADER: &str = "x-sentinel-agent-key";

/// A caller that presented the agent key.
pub(super) struct AgentKey;

impl FromRequest for AgentKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Err(ApiError::internal("application state missing")));
        };
        let presented = req.headers().get(AGENT_KEY_HEADER).map(|v| v.as_bytes());
        ready(
            state
                .sentinel
                .authenticate_agent(presented)
                .map(|()| AgentKey)
                .map_err(|error| ApiError::detail(StatusCode::UNAUTHORIZED, error.to_string())),
        )
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PendingQuery {
    /// Default 20.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

impl Validate for PendingQuery {
    fn validate(&self) -> Result<(), FieldError> {
        within("limit", self.limit, Some(1), 100)
    }
}

/// Pending runs of every org, oldest first, each with its `org_id`.
#[utoipa::path(
    tag = "sentinel",
    security(("agent_key" = [])),
    params(PendingQuery),
    responses(
        (status = 200, body = PendingRuns),
        (status = 401, description = "Missing or wrong agent key")
    )
)]
#[get("/api/sentinel/runs/pending")]
pub(super) async fn pending_runs(
    state: web::Data<AppState>,
    _agent: AgentKey,
    query: Query<PendingQuery>,
) -> Result<web::Json<PendingRuns>, ApiError> {
    let (service, limit) = (state.sentinel.clone(), query.0.limit.unwrap_or(20));
    let runs = unblock(move || service.pending_runs(limit)).await?;
    Ok(web::Json(PendingRuns {
        runs: runs.iter().map(PendingRun::from).collect(),
    }))
}

/// Claims a pending run (`running`); a run that is not pending comes back unchanged with
/// `claimed: false`.
#[utoipa::path(
    tag = "sentinel",
    security(("agent_key" = [])),
    responses(
        (status = 200, body = ClaimedRun),
        (status = 401, description = "Missing or wrong agent key"),
        (status = 404, description = "run not found")
    )
)]
#[post("/api/sentinel/runs/{run_id}/start")]
pub(super) async fn start_run(
    state: web::Data<AppState>,
    _agent: AgentKey,
    path: web::Path<String>,
) -> Result<web::Json<ClaimedRun>, ApiError> {
    let (service, run_id) = (state.sentinel.clone(), path.into_inner());
    let (run, claimed) = unblock(move || service.start_run(&run_id)).await?;
    Ok(web::Json(ClaimedRun {
        run: SentinelRunItem::from(&run),
        claimed,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CompleteRunRequest {
    #[schema(value_type = RunOutcome)]
    outcome: String,
    /// Required (low..critical) for `incident`; ignored otherwise.
    #[schema(value_type = Option<SeverityName>)]
    severity: Option<String>,
    /// An incident of the run's org.
    incident_id: Option<i64>,
    /// At most 8000 characters.
    #[serde(default)]
    #[schema(max_length = 8000)]
    summary: String,
    #[serde(default)]
    tool_call_count: i64,
    /// `[{tool, args, result}]`; the last 50 kept, each bounded.
    #[schema(value_type = Option<Vec<Object>>)]
    tool_trace: Option<Vec<Value>>,
}

impl Validate for CompleteRunRequest {
    fn validate(&self) -> Result<(), FieldError> {
        if self.summary.chars().count() > 8000 {
            return Err(FieldError::new(
                "summary",
                "String should have at most 8000 characters",
            ));
        }
        Ok(())
    }
}

/// Records the agent's result (first terminal outcome wins; `error` may be upgraded).
#[utoipa::path(
    tag = "sentinel",
    security(("agent_key" = [])),
    request_body = CompleteRunRequest,
    responses(
        (status = 200, body = SentinelRunDetail),
        (status = 400, description = "Invalid outcome, missing severity, or a foreign incident"),
        (status = 401, description = "Missing or wrong agent key"),
        (status = 404, description = "run not found"),
    )
)]
#[post("/api/sentinel/runs/{run_id}/complete")]
pub(super) async fn complete_run(
    state: web::Data<AppState>,
    _agent: AgentKey,
    path: web::Path<String>,
    body: Json<CompleteRunRequest>,
) -> Result<web::Json<SentinelRunDetail>, ApiError> {
    let body = body.0;
    let request = CompleteRequest {
        outcome: body.outcome,
        severity: body.severity,
        incident_id: body.incident_id,
        summary: body.summary,
        tool_call_count: body.tool_call_count,
        tool_trace: body.tool_trace,
    };
    let (service, run_id) = (state.sentinel.clone(), path.into_inner());
    let run = unblock(move || service.complete_run(&run_id, &request)).await?;
    Ok(web::Json(SentinelRunDetail::from(&run)))
}
