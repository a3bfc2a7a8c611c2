//! Extractors: typed bodies and queries that fail with the 422 envelope, and the
//! authenticated-user kinds. A handler that takes `AdminUser` cannot forget the check.

mod actor;
pub(crate) mod auth;
mod integration;
pub mod json;
mod node;
pub mod path;
mod query;

pub use actor::actor;
pub use auth::{AdminUser, ViewUser, bearer_token};
pub use integration::IntegrationKey;
pub use json::{Json, Validate};
pub use node::{LiveNode, NodeKey, authenticate as authenticate_node};
pub use query::{Query, parse_query};
