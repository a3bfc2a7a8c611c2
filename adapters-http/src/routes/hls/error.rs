//! The live routes' errors.

use crate::error::ApiError;
use crate::error::envelopes::{CodedDetail, ErrorBody, ErrorDetail};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use sentinel_application::live::LiveError;
use sentinel_domain::live::viewer_cap_message;
use std::fmt;

/// `Retry-After` of the viewer-hour cap's 429.
const VIEWER_CAP_RETRY_AFTER: u32 = 3_600;

/// The 503 of a push or read the shared live store did not answer: the node retries.
const SHARED_STORE_UNAVAILABLE: &str = "Live store unavailable, retry shortly";

/// The live routes' errors: the common envelope, plus the viewer-hour cap's 429 (E1 body
/// with `Retry-After: 3600`, unlike the rate limiter's E4).
#[derive(Debug)]
pub(super) enum HlsError {
    Api(ApiError),
    ViewerCapReached { cap_seconds: u64 },
}

impl fmt::Display for HlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => error.fmt(f),
            Self::ViewerCapReached { cap_seconds } => {
                write!(f, "429: viewer-hour cap of {cap_seconds} s reached")
            }
        }
    }
}

impl ResponseError for HlsError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Api(error) => error.status_code(),
            Self::ViewerCapReached { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Api(error) => error.error_response(),
            Self::ViewerCapReached { cap_seconds } => HttpResponse::TooManyRequests()
                .insert_header((
                    header::RETRY_AFTER,
                    HeaderValue::from(VIEWER_CAP_RETRY_AFTER),
                ))
                .json(ErrorBody {
                    detail: ErrorDetail::Message(viewer_cap_message(*cap_seconds)),
                }),
        }
    }
}

impl From<ApiError> for HlsError {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

impl From<LiveError> for HlsError {
    fn from(error: LiveError) -> Self {
        let api = match error {
            LiveError::ViewerCapReached { cap_seconds } => {
                return Self::ViewerCapReached { cap_seconds };
            }
            LiveError::CameraNotFound
            | LiveError::CameraNodeNotFound
            | LiveError::SegmentNotFound
            | LiveError::StreamNotStarted => ApiError::not_found(error.to_string()),
            LiveError::InvalidSegmentName
            | LiveError::InvalidPlaylist(_)
            | LiveError::InvalidCodecReport(_) => ApiError::bad_request(error.to_string()),
            LiveError::Suspended(notice) => match serde_json::to_value(&notice) {
                Ok(detail) => ApiError::Structured {
                    status: StatusCode::PAYMENT_REQUIRED,
                    detail: CodedDetail::from_value(detail),
                },
                Err(cause) => ApiError::internal(cause),
            },
            LiveError::Storage(cause) => ApiError::from(cause),
            LiveError::Cold(warmup) => {
                ApiError::internal(format!("live memory still cold: {warmup:?}"))
            }
            LiveError::Fetch(fetch) => {
                ApiError::internal(format!("shared live memory still cold: {fetch:?}"))
            }
            LiveError::SharedStoreUnavailable(cause) => {
                tracing::warn!(%cause, "live request failed on the shared live store");
                ApiError::detail(StatusCode::SERVICE_UNAVAILABLE, SHARED_STORE_UNAVAILABLE)
            }
        };
        Self::Api(api)
    }
}
