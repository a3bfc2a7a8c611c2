//! What the MCP and the Home Assistant key routes share: revocation, and
//! the mapping of the key use cases' errors. The kind is the boundary between the two
//! surfaces: each lists and revokes only its own.

use crate::error::ApiError;
use crate::extract::{AdminUser, actor};
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::HttpRequest;
use sentinel_application::api_keys::ApiKeyError;
use sentinel_application::blocking::unblock;
use sentinel_domain::api_keys::ApiKeyKind;
use sentinel_domain::rate_limit::RateLimit;

pub const SAVE_WARNING: &str = "Save this key now. You won't be able to see it again.";

/// Revocations per hour and admin org, on both surfaces.
const REVOKE_LIMIT: RateLimit = RateLimit::per_hour(30);

/// Revokes one of the org's keys of `kind` (404 for another org's or the other kind's); it
/// stops working at once. `limit_name` names the rate-limit bucket.
pub async fn revoke(
    req: &HttpRequest,
    state: &AppState,
    user: &AdminUser,
    kind: ApiKeyKind,
    limit_name: &str,
    id: i64,
) -> Result<(), ApiError> {
    state
        .rate_limiter
        .check(req, limit_name, REVOKE_LIMIT)
        .await?;
    let actor = actor(req, user);
    let (keys, auth, at) = (
        state.use_cases.api_keys.clone(),
        state.api_key_auth.clone(),
        now(state),
    );
    unblock(move || keys.revoke_key(&auth, &actor, kind, id, at)).await?;
    Ok(())
}

/// An unknown key is the contract's 404.
impl From<ApiKeyError> for ApiError {
    fn from(error: ApiKeyError) -> Self {
        match error {
            ApiKeyError::NotFound => ApiError::not_found("Key not found"),
            ApiKeyError::Repo(cause) => ApiError::from(cause),
        }
    }
}
