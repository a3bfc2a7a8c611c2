//! `build_app`: the one function `main` and the tests use to assemble the HTTP app.

use crate::allowed_methods::AllowedMethods;
use crate::middleware::{body_deadline, request_span, security_headers};
use crate::openapi::ApiDoc;
use crate::routes;
use crate::spa;
use crate::state::AppState;
use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, Error, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// Every route, middleware and the SPA fallback, in the order the contract gives
/// (outermost first: security headers, request id, CORS, router).
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    let cors = cors(&state.config.cors_origins);
    let (app, openapi) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .app_data(crate::extract::path::config())
        // The live path first: the router tries resources in registration order, and a
        // viewer's segment and playlist GETs should not be matched against every dynamic
        // pattern of the API before their own.
        .configure(routes::hls::configure)
        .configure(routes::health::configure)
        .configure(routes::local_session::configure)
        .configure(routes::nodes::configure)
        .configure(routes::cameras::configure)
        .configure(routes::groups::configure)
        .configure(routes::share_links::configure)
        .configure(routes::settings::configure)
        .configure(routes::danger::configure)
        .configure(routes::gdpr_export::configure)
        .configure(routes::audit::configure)
        .configure(routes::stream_logs::configure)
        .configure(routes::usage::configure)
        .configure(routes::motion::configure)
        .configure(routes::mcp_keys::configure)
        .configure(routes::mcp_activity::configure)
        .configure(routes::incidents::configure)
        .configure(routes::sentinel::configure)
        .configure(routes::integration::configure)
        .configure(routes::email::configure)
        .configure(routes::notifications::configure)
        .configure(routes::webhooks::configure)
        .split_for_parts();
    let mut openapi = openapi;
    crate::openapi::complete(&mut openapi);
    let allowed = web::Data::new(AllowedMethods::from_openapi(&openapi));
    app.app_data(allowed)
        .service(SwaggerUi::new("/api-docs/{_:.*}").url("/api/openapi.json", openapi))
        .configure(routes::docs::configure)
        .configure(crate::node_socket::configure)
        .configure(crate::mcp::configure)
        .configure(routes::public_files::configure)
        .configure(routes::metrics::configure)
        .configure(routes::downloads::configure)
        .default_service(web::to(spa::fallback))
        .app_data(crate::middleware::payload_config())
        .wrap(from_fn(crate::middleware::nul_free_uri))
        .wrap(actix_web::middleware::ErrorHandlers::new().handler(
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            crate::middleware::payload_too_large,
        ))
        .wrap(Compress::default())
        .wrap(cors)
        .wrap(from_fn(body_deadline))
        .wrap(from_fn(request_span))
        .wrap(from_fn(crate::metrics::observe_latency))
        .wrap(from_fn(security_headers))
}

/// The contract's CORS: fixed origins plus validated extras, credentials, no PATCH.
fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::CONTENT_LANGUAGE,
            header::HeaderName::from_static("x-node-api-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([header::HeaderName::from_static("x-request-id")])
        .supports_credentials()
        .block_on_origin_mismatch(false)
        .max_age(600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
