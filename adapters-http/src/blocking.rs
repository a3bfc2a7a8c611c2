//! The one place handlers leave the async runtime for synchronous repository work.

use crate::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::web;
use sentinel_ports::driven::repos::RepoError;

/// Runs `work` on the blocking pool and maps storage failures to the envelope.
pub async fn run_blocking<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, RepoError> + Send + 'static,
    T: Send + 'static,
{
    web::block(work).await?.map_err(ApiError::from)
}

impl From<RepoError> for ApiError {
    fn from(error: RepoError) -> Self {
        match error {
            RepoError::NotFound(what) => ApiError::not_found(not_found_message(what)),
            RepoError::Conflict(message) => ApiError::detail(StatusCode::CONFLICT, message),
            RepoError::Unavailable(cause) => {
                tracing::warn!(%cause, "storage unavailable");
                ApiError::detail(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Storage temporarily unavailable",
                )
            }
            RepoError::Storage(cause) => ApiError::internal(cause),
        }
    }
}

/// `camera` → `Camera not found`, as the contract words it.
fn not_found_message(what: &str) -> String {
    let mut chars = what.chars();
    match chars.next() {
        Some(first) => format!("{}{} not found", first.to_uppercase(), chars.as_str()),
        None => "Not found".to_owned(),
    }
}
