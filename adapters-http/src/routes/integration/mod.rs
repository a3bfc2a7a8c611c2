//! The Home Assistant integration API (integration-and-sentinel.md §1): admins manage `osi_`
//! keys with their dashboard session; Home Assistant reads cameras, snapshots, status and
//! motion with such a key. No plan gate anywhere; the data-plane limits count per client IP
//! (an `osi_` key is not a JWT).

mod cameras;
mod keys;
mod motion;
mod status;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    keys::configure(config);
    cameras::configure(config);
    status::configure(config);
    motion::configure(config);
}
