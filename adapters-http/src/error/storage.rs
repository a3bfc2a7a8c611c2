//! Storage failures as the envelope: handlers run repository work through
//! `sentinel_application::blocking::unblock` and `?` turns a [`RepoError`] into this.

use super::ApiError;
use actix_web::http::StatusCode;
use sentinel_ports::driven::repos::RepoError;

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
