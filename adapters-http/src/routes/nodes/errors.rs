//! How node routes word their failures: the node-auth matrix (rest-api.md §2.8), the 426 of
//! an unsupported version, and the mapping of the fleet use cases' errors.

use crate::error::ApiError;
use crate::error::envelopes::CodedDetail;
use crate::extract::NodeKey;
use actix_web::http::StatusCode;
use sentinel_application::fleet::{FleetError, NodeAuthFailure, UnsupportedVersion};
use sentinel_domain::ids::NodeId;
use serde_json::{Map, Value};

pub(super) fn require_key(key: NodeKey) -> Result<String, ApiError> {
    key.0
        .ok_or_else(|| ApiError::detail(StatusCode::UNAUTHORIZED, "API key required"))
}

/// Who is calling, for the wording of node-auth failures (rest-api.md §2.8).
#[derive(Debug, Clone)]
pub(super) enum Caller {
    /// A signed-in user (dashboard routes).
    Dashboard,
    Validate(NodeId),
    Register,
    Heartbeat,
    Decommission,
}

impl Caller {
    /// How this caller's route words a fleet refusal.
    pub(super) fn words(self) -> impl FnOnce(FleetError) -> ApiError {
        move |error| fleet_error(&self, error)
    }
}

/// Dashboard routes word fleet refusals plainly, so `?` does it.
impl From<FleetError> for ApiError {
    fn from(error: FleetError) -> Self {
        fleet_error(&Caller::Dashboard, error)
    }
}

fn fleet_error(caller: &Caller, error: FleetError) -> ApiError {
    match error {
        FleetError::NodeAuth(failure) => node_auth_error(caller, failure),
        FleetError::NodeNotFound => ApiError::not_found("Node not found"),
        FleetError::PaymentPastDue => {
            ApiError::detail(StatusCode::PAYMENT_REQUIRED, error.to_string())
        }
        FleetError::NodeLimitReached { .. } => ApiError::forbidden(error.to_string()),
        FleetError::UnsupportedVersion(refusal) => ApiError::Structured {
            status: StatusCode::UPGRADE_REQUIRED,
            detail: unsupported_version(&refusal),
        },
        FleetError::Repo(repo) => ApiError::from(repo),
    }
}

/// The 426 detail: `{message, reported, min_supported, latest}`.
fn unsupported_version(refusal: &UnsupportedVersion) -> CodedDetail {
    let extras: Map<String, Value> = [
        ("reported", refusal.reported_raw.clone()),
        ("min_supported", refusal.min_supported.to_string()),
        ("latest", refusal.latest.to_string()),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), Value::from(value)))
    .collect();
    CodedDetail {
        error: None,
        message: Some(refusal.message()),
        extras,
    }
}

/// The §2.8 matrix: every node route words its 401/403/404 its own way.
fn node_auth_error(caller: &Caller, failure: NodeAuthFailure) -> ApiError {
    match failure {
        NodeAuthFailure::KeyRequired => {
            ApiError::detail(StatusCode::UNAUTHORIZED, "API key required")
        }
        NodeAuthFailure::UnknownNode => ApiError::not_found(match caller {
            Caller::Validate(node_id) => format!("Node '{node_id}' not found"),
            Caller::Register => {
                "Node not found. Create this node in the dashboard first.".to_owned()
            }
            Caller::Dashboard | Caller::Heartbeat | Caller::Decommission => {
                "Node not found".to_owned()
            }
        }),
        NodeAuthFailure::WrongKey => ApiError::forbidden(match caller {
            Caller::Validate(_) | Caller::Register => "Invalid API key for this node",
            Caller::Dashboard | Caller::Heartbeat | Caller::Decommission => "Invalid API key",
        }),
    }
}
