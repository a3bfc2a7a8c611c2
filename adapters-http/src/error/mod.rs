//! One error type for every handler, mapped to the wire envelopes in one place
//! (docs/rest-api.md §0.3, "Error envelopes"; the types are in [`envelopes`]).

pub mod envelopes;
mod storage;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use envelopes::{
    CodedDetail, ErrorBody, ErrorDetail, RateLimitBody, ValidationDetail, ValidationErrorBody,
};
use sentinel_domain::rate_limit::RateLimit;
use sentinel_ports::driven::identity::IdentityError;
use serde_json::{Map, Value};
use std::fmt;

pub const RATE_LIMIT_MESSAGE: &str = "Too many requests. Back off and retry after the Retry-After window. See https://sentinel-command.com/docs#api-rate-limits for per-route limits.";

#[derive(Debug)]
pub enum ApiError {
    /// `{"detail": "<message>"}` — nearly every handler error.
    Detail { status: StatusCode, message: String },
    /// `{"detail": {"error", "message", ...}}` — coded bodies (plan limit, version floor).
    Structured {
        status: StatusCode,
        detail: CodedDetail,
    },
    /// 422 `{"detail": {"error": "validation_failed", "message", "errors"}}`.
    Validation { message: String, errors: Vec<Value> },
    /// 429 with the top-level rate-limit body and `Retry-After`.
    RateLimited { limit: RateLimit, retry_after: u64 },
    /// A server fault: logged with its cause, answered with a bare 500.
    Internal(String),
}

impl ApiError {
    pub fn detail(status: StatusCode, message: impl Into<String>) -> Self {
        Self::Detail {
            status,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::detail(StatusCode::NOT_FOUND, message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::detail(StatusCode::BAD_REQUEST, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::detail(StatusCode::FORBIDDEN, message)
    }

    /// `{"detail": {"error": code, "message": message, ...extras}}`. The extras may not
    /// redefine `error` or `message`: the envelope's meaning depends on them.
    pub fn coded(status: StatusCode, code: &str, message: &str, extras: Value) -> Self {
        let extras: Map<String, Value> = match extras {
            Value::Object(extras) => extras
                .into_iter()
                .filter(|(key, _)| key != "error" && key != "message")
                .collect(),
            _ => Map::new(),
        };
        Self::Structured {
            status,
            detail: CodedDetail {
                error: Some(code.to_owned()),
                message: Some(message.to_owned()),
                extras,
            },
        }
    }

    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Detail { status, message } => write!(f, "{status}: {message}"),
            Self::Structured { status, detail } => {
                let code = detail.error.as_deref().unwrap_or("-");
                write!(
                    f,
                    "{status}: {code}: {}",
                    detail.message.as_deref().unwrap_or("")
                )
            }
            Self::Validation { message, .. } => write!(f, "422: {message}"),
            Self::RateLimited { limit, .. } => write!(f, "429: {limit}"),
            Self::Internal(cause) => write!(f, "500: {cause}"),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Detail { status, .. } | Self::Structured { status, .. } => *status,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        match self {
            Self::Detail { message, .. } => HttpResponse::build(status).json(ErrorBody {
                detail: ErrorDetail::Message(message.clone()),
            }),
            Self::Structured { detail, .. } => HttpResponse::build(status).json(ErrorBody {
                detail: ErrorDetail::Coded(detail.clone()),
            }),
            Self::Validation { message, errors } => {
                HttpResponse::build(status).json(ValidationErrorBody {
                    detail: ValidationDetail {
                        error: "validation_failed",
                        message: message.clone(),
                        errors: errors.clone(),
                    },
                })
            }
            Self::RateLimited { limit, retry_after } => HttpResponse::build(status)
                .insert_header((header::RETRY_AFTER, HeaderValue::from(*retry_after)))
                .json(RateLimitBody {
                    error: "rate_limit_exceeded",
                    message: RATE_LIMIT_MESSAGE,
                    limit: limit.to_string(),
                    retry_after_seconds: *retry_after,
                }),
            Self::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                HttpResponse::build(status)
                    .content_type("text/plain; charset=utf-8")
                    .body("Internal Server Error")
            }
        }
    }
}

impl From<IdentityError> for ApiError {
    fn from(error: IdentityError) -> Self {
        let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::UNAUTHORIZED);
        Self::detail(status, error.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;
    use serde_json::json;

    async fn body_of(error: ApiError) -> (StatusCode, Value) {
        let response = error.error_response();
        let status = response.status();
        let bytes = to_bytes(response.into_body()).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[actix_web::test]
    async fn coded_errors_flatten_extras_and_keep_their_code() {
        let error = ApiError::coded(
            StatusCode::NOT_FOUND,
            "camera_not_found",
            "Camera not found",
            json!({"camera_id": "c1", "error": "ignored", "message": "ignored"}),
        );
        let (status, body) = body_of(error).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body,
            json!({"detail": {"error": "camera_not_found", "message": "Camera not found", "camera_id": "c1"}})
        );
    }

    #[actix_web::test]
    async fn plain_details_are_strings() {
        let (status, body) = body_of(ApiError::forbidden("Admin permission required")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body, json!({"detail": "Admin permission required"}));
    }

    #[actix_web::test]
    async fn rate_limited_has_the_top_level_body_and_retry_after() {
        let error = ApiError::RateLimited {
            limit: RateLimit::per_minute(10),
            retry_after: 60,
        };
        let response = error.error_response();
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "60");
        let (_, body) = body_of(error).await;
        assert_eq!(body["error"], "rate_limit_exceeded");
        assert_eq!(body["limit"], "10 per 1 minute");
        assert_eq!(body["retry_after_seconds"], 60);
    }
}
