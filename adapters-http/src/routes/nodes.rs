//! CloudNode management and the node-facing calls (`/api/nodes/…`).

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(_config: &mut ServiceConfig) {}
