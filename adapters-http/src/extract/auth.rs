//! Authenticated users. The token comes from `Authorization: Bearer …` or, failing that,
//! the first cookie whose name starts with `__session` (what Clerk's browser SDK sets).

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use sentinel_domain::identity::AuthUser;
use sentinel_ports::driven::identity::IdentityError;
use std::borrow::Cow;
use std::ops::Deref;

const ADMIN_REQUIRED: &str = "Admin permission required";

/// Any signed-in member of an org.
#[derive(Debug, Clone)]
pub struct ViewUser(pub AuthUser);

/// A signed-in org admin.
#[derive(Debug, Clone)]
pub struct AdminUser(pub AuthUser);

impl Deref for ViewUser {
    type Target = AuthUser;
    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl Deref for AdminUser {
    type Target = AuthUser;
    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl FromRequest for ViewUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await.map(ViewUser) })
    }
}

impl FromRequest for AdminUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = authenticate(&req).await?;
            if user.is_admin {
                Ok(AdminUser(user))
            } else {
                Err(ApiError::forbidden(ADMIN_REQUIRED))
            }
        })
    }
}

/// A request's verified session (or why it has none), kept in its extensions.
#[derive(Clone)]
struct Session(Result<AuthUser, IdentityError>);

/// Verifies once per request: the rate limiter and every extractor of the same request
/// share the answer.
pub(crate) async fn authenticate(req: &HttpRequest) -> Result<AuthUser, ApiError> {
    if let Some(Session(done)) = req.extensions().get::<Session>() {
        return done.clone().map_err(ApiError::from);
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    // An absent token still goes through the verifier: a half-configured deployment must
    // answer 503, not 401.
    let token = bearer_token(req).unwrap_or_default();
    let outcome = state.identity.verify(&token).await;
    req.extensions_mut().insert(Session(outcome.clone()));
    outcome.map_err(ApiError::from)
}

/// The raw session token of a request, if any.
pub fn bearer_token(req: &HttpRequest) -> Option<Cow<'_, str>> {
    if let Some(value) = req.headers().get(header::AUTHORIZATION) {
        let token = header_token(value.to_str().ok()?);
        return (!token.is_empty()).then_some(token);
    }
    let cookies = req.cookies().ok()?;
    cookies
        .iter()
        .find(|cookie| cookie.name().starts_with("__session"))
        .map(|cookie| cookie.value().to_owned())
        .filter(|token| !token.is_empty())
        .map(Cow::Owned)
}

/// The header's value with every `Bearer ` removed, as the original did, then trimmed;
/// borrowed in the usual case of one leading `Bearer ` and no other space (this runs on
/// every viewer GET: a memchr for the space, not a substring search of the whole token).
fn header_token(value: &str) -> Cow<'_, str> {
    let rest = value.strip_prefix("Bearer ").unwrap_or(value);
    if rest.contains(' ') {
        Cow::Owned(value.replace("Bearer ", "").trim().to_owned())
    } else {
        Cow::Borrowed(rest.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_token_loses_every_bearer_prefix_like_the_original() {
        assert_eq!(header_token("Bearer abc.def"), "abc.def");
        assert!(matches!(header_token("Bearer abc.def"), Cow::Borrowed(_)));
        assert_eq!(header_token("abc.def "), "abc.def");
        assert_eq!(header_token("Bearer Bearer abc"), "abc");
        assert_eq!(header_token(" Bearer abc"), "abc");
        assert_eq!(header_token("Bearer "), "");
        assert_eq!(header_token("Bearer abc "), "abc");
        assert_eq!(header_token("abc Bearer def"), "abc def");
    }
}
