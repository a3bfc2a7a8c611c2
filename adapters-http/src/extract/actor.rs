//! The audit actor of a request: the signed-in user and the client address.

use crate::rate_limit::client_ip;
use actix_web::HttpRequest;
use sentinel_application::audit_trail::Actor;
use sentinel_domain::identity::AuthUser;

pub fn actor(req: &HttpRequest, user: &AuthUser) -> Actor {
    Actor::new(
        user.org_id.clone(),
        user.user_id.clone(),
        &user.email,
        &user.username,
        Some(client_ip(req)),
    )
}
