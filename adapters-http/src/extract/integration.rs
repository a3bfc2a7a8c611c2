//! Home Assistant's `osi_` integration key (integration-and-sentinel.md §1.2). Only keys of
//! kind `integration` pass: an MCP `osc_` key is as unknown here as a made-up one. The
//! caller becomes a synthetic, non-admin user of the key's org.

use crate::error::ApiError;
use crate::rate_limit::client_ip;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use sentinel_application::api_keys::ApiKeyAuthError;
use sentinel_application::audit_trail::Actor;
use sentinel_application::blocking::unblock_value;
use sentinel_domain::api_keys::{ApiKey, ApiKeyKind};
use sentinel_domain::identity::AuthUser;
use sentinel_domain::ids::UserId;
use sentinel_domain::plans::Plan;

const MISSING: &str = "Missing Bearer integration key";
const EMPTY: &str = "Empty Bearer token";
const INVALID: &str = "Invalid or revoked integration key";
/// The synthetic user's `org_role`.
pub const INTEGRATION_ROLE: &str = "integration";

/// A request authenticated by an integration key.
#[derive(Debug, Clone)]
pub struct IntegrationKey {
    pub key: ApiKey,
    /// `integration:<key id>`, role `integration`, username = key name, no e-mail.
    pub user: AuthUser,
}

impl IntegrationKey {
    /// The audit actor: the synthetic user at the client's address.
    pub fn actor(&self, req: &HttpRequest) -> Actor {
        Actor::new(
            self.user.org_id.clone(),
            self.user.user_id.clone(),
            &self.user.email,
            &self.user.username,
            Some(client_ip(req)),
        )
    }
}

impl FromRequest for IntegrationKey {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let presented = bearer_key(
            req.headers()
                .get(header::AUTHORIZATION)
                .and_then(|value| value.to_str().ok()),
        )
        .map(str::to_owned);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let raw = presented.map_err(unauthorized)?;
            let auth = state.api_key_auth.clone();
            let key = unblock_value(move || auth.authenticate(ApiKeyKind::Integration, &raw))
                .await?
                .map_err(|error| match error {
                    ApiKeyAuthError::Invalid => unauthorized(INVALID),
                    ApiKeyAuthError::Storage(cause) => ApiError::from(cause),
                })?;
            let user = synthetic_user(&key);
            Ok(IntegrationKey { key, user })
        })
    }
}

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive, token trimmed),
/// or the 401 message for a missing or empty one.
pub fn bearer_key(authorization: Option<&str>) -> Result<&str, &'static str> {
    let value = authorization.ok_or(MISSING)?;
    let scheme = value.get(..7).ok_or(MISSING)?;
    if !scheme.eq_ignore_ascii_case("bearer ") {
        return Err(MISSING);
    }
    let token = value[7..].trim();
    if token.is_empty() {
        Err(EMPTY)
    } else {
        Ok(token)
    }
}

fn synthetic_user(key: &ApiKey) -> AuthUser {
    AuthUser {
        user_id: UserId::new(format!("integration:{}", key.id)),
        org_id: key.org_id.clone(),
        org_role: Some(INTEGRATION_ROLE.to_owned()),
        is_admin: false,
        permissions: Vec::new(),
        features: Vec::new(),
        // No session, so no claimed plan: an empty slug, which is the free tier.
        plan: Plan::new(""),
        email: String::new(),
        username: key.name.clone(),
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::detail(StatusCode::UNAUTHORIZED, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_the_token_trimmed() {
        assert_eq!(bearer_key(Some("Bearer osi_abc")), Ok("osi_abc"));
        assert_eq!(bearer_key(Some("bEaReR   osi_abc  ")), Ok("osi_abc"));
    }

    #[test]
    fn missing_or_empty_tokens_get_their_own_messages() {
        assert_eq!(bearer_key(None), Err(MISSING));
        assert_eq!(bearer_key(Some("Basic abc")), Err(MISSING));
        assert_eq!(bearer_key(Some("Bearer")), Err(MISSING));
        assert_eq!(bearer_key(Some("osi_abc")), Err(MISSING));
        assert_eq!(bearer_key(Some("Bearer    ")), Err(EMPTY));
        assert_eq!(bearer_key(Some("Bearer ")), Err(EMPTY));
    }
}
