//! `.wrap(rate_limited("route", limit))`: put any resource or scope under a limit.

use crate::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::middleware::{Next, from_fn};
use actix_web::{Error, ResponseError, web};
use sentinel_domain::rate_limit::RateLimit;

/// Counts each request against `limit` in the bucket `route:<tenant key>`.
pub fn rate_limited<S, B>(
    route: &'static str,
    limit: RateLimit,
) -> impl Transform<
    S,
    ServiceRequest,
    Response = ServiceResponse<EitherBody<B>>,
    Error = Error,
    InitError = (),
>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    from_fn(move |req: ServiceRequest, next: Next<B>| async move {
        let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
            return next
                .call(req)
                .await
                .map(ServiceResponse::map_into_left_body);
        };
        if let Err(error) = state.rate_limiter.check(req.request(), route, limit).await {
            let response = error.error_response();
            return Ok(req.into_response(response).map_into_right_body());
        }
        next.call(req)
            .await
            .map(ServiceResponse::map_into_left_body)
    })
}
