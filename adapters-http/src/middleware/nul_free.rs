//! A `%00` in the path or query reaches the routes as U+FFFD (`text::nul_free`): a NUL
//! cannot be stored in, nor looked up from, PostgreSQL text, and both backends must answer
//! the same request alike (an id holding one is simply not found).

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Uri;
use actix_web::http::uri::PathAndQuery;
use actix_web::middleware::Next;
use sentinel_domain::text::nul_free_escapes;
use std::borrow::Cow;

pub async fn nul_free_uri(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let sent = req.uri().path_and_query().map(PathAndQuery::as_str);
    if let Some(Cow::Owned(fixed)) = sent.map(nul_free_escapes) {
        let mut parts = req.uri().clone().into_parts();
        // `%EF%BF%BD` is as valid in a URI as the `%00` it replaces, so both parse.
        if let Ok(path_and_query) = PathAndQuery::try_from(fixed) {
            parts.path_and_query = Some(path_and_query);
            if let Ok(uri) = Uri::from_parts(parts) {
                // Routing reads the match info's copy of the URI, handlers the head's.
                req.match_info_mut().get_mut().update(&uri);
                req.head_mut().uri = uri;
            }
        }
    }
    next.call(req).await
}
