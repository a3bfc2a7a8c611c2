//! Request body caps, explicit for every route: typed JSON bodies through `Json<T>`
//! (256 KiB, its own check), raw `web::Bytes` bodies through the `PayloadConfig` below
//! (the same 256 KiB), streamed uploads (segments, playlists, MCP) through their
//! route's own cap. Actix answers an overflow of the raw limit with a plain-text 413;
//! [`payload_too_large`] turns every 413 that is not already JSON into the envelope.

use crate::error::ApiError;
use actix_web::ResponseError;
use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::web;

/// The cap of raw (`web::Bytes`, `String`) bodies.
pub const MAX_RAW_BODY_BYTES: usize = 256 * 1024;

pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(MAX_RAW_BODY_BYTES)
}

pub fn payload_too_large<B: MessageBody>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let (request, _) = response.into_parts();
    let envelope = ApiError::detail(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("Request body too large (max {MAX_RAW_BODY_BYTES} bytes)"),
    )
    .error_response();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, envelope).map_into_right_body(),
    ))
}
