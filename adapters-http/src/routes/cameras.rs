//! Cameras, groups and org settings (`/api/cameras`, `/api/camera-groups`, `/api/settings`).

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(_config: &mut ServiceConfig) {}
