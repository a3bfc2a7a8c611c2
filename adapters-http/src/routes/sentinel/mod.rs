//! `/api/sentinel` (integration-and-sentinel.md §3.3–§3.4): the dashboard's config, run
//! history and manual runs (Clerk sessions), and the agent's service endpoints
//! (`X-Sentinel-Agent-Key`). `/runs/pending` is registered before `/runs/{run_id}`.

mod agent;
mod dashboard;

use crate::error::ApiError;
use crate::error::envelopes::CodedDetail;
use actix_web::http::StatusCode;
use sentinel_application::sentinel::SentinelError;
use sentinel_domain::sentinel::{PLAN_REQUIRED, PatchError};
use serde_json::{Value, json};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(dashboard::get_config)
        .service(dashboard::patch_config)
        .service(agent::pending_runs)
        .service(dashboard::manual_run)
        .service(dashboard::list_runs)
        .service(dashboard::run_detail)
        .service(agent::start_run)
        .service(agent::complete_run);
}

/// The contract's wording of the Sentinel use cases' refusals.
impl From<SentinelError> for ApiError {
    fn from(error: SentinelError) -> Self {
        match error {
            SentinelError::PlanRequired => coded(
                StatusCode::PAYMENT_REQUIRED,
                "plan_required",
                [("plan", Value::from(PLAN_REQUIRED.slug()))],
            ),
            SentinelError::DispatchDisabled => coded(
                StatusCode::SERVICE_UNAVAILABLE,
                "sentinel_dispatch_disabled",
                [],
            ),
            SentinelError::MonthlyCapReached { cap, used } => coded(
                StatusCode::TOO_MANY_REQUESTS,
                "monthly_cap_reached",
                [("cap", Value::from(cap)), ("used", Value::from(used))],
            ),
            SentinelError::RunNotFound => ApiError::not_found("run not found"),
            SentinelError::Patch(PatchError::Unprocessable { field, message }) => {
                ApiError::Validation {
                    message: format!("{message} ({field})"),
                    errors: vec![
                        json!({"type": "value_error", "loc": ["body", field], "msg": message}),
                    ],
                }
            }
            SentinelError::Patch(PatchError::BadRequest(message)) => ApiError::bad_request(message),
            SentinelError::Completion(error) => ApiError::bad_request(error.to_string()),
            SentinelError::IncidentNotInOrg => ApiError::bad_request(error.to_string()),
            SentinelError::Storage(error) => ApiError::from(error),
        }
    }
}

/// `{"detail": {"error": code, ...fields}}`, without a `message`, as the original answered.
fn coded<const N: usize>(status: StatusCode, code: &str, fields: [(&str, Value); N]) -> ApiError {
    ApiError::Structured {
        status,
        detail: CodedDetail {
            error: Some(code.to_owned()),
            message: None,
            extras: fields
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
        },
    }
}
