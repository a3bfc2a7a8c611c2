//! The HTTP edge: actix-web routes, extractors, the error envelope, rate limits, OpenAPI
//! and the SPA. `build_app` is shared by the binary and the integration tests.

mod allowed_methods;
mod app;
pub mod error;
pub mod extract;
pub mod mcp;
pub mod metrics;
pub mod middleware;
pub mod node_socket;
mod openapi;
mod page_buffer;
pub mod rate_limit;
pub mod responses;
mod routes;
pub mod spa;
pub mod sse;
mod state;

pub use app::build_app;
pub use error::ApiError;
pub use rate_limit::{MemoryRateLimitStore, RateLimiter};
pub use state::{
    AppState, HttpConfig, LiveLimits, NodeVersions, NotificationFeed, OperationsAccess, UseCases,
};
