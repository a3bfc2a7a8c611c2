//! CloudNode authentication by `X-Node-API-Key`. The key is hashed and looked up in the
//! fleet directory's memory, so a steady stream of pushes never reads the database.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use sentinel_application::blocking::unblock;
use sentinel_application::fleet_directory::AuthNode;
use sentinel_domain::keys::api_key_hash;
use std::future::{Ready, ready};
use std::ops::Deref;

const HEADER: &str = "x-node-api-key";

/// The raw key a request presents, if any (routes that word their own errors use this).
#[derive(Debug, Clone)]
pub struct NodeKey(pub Option<String>);

impl FromRequest for NodeKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(NodeKey(presented_key(req))))
    }
}

/// A node authenticated for the live endpoints (segment, playlist, codec, motion):
/// 401 `Missing API key` without a key, 401 `Invalid API key` for an unknown one.
#[derive(Debug, Clone)]
pub struct LiveNode(pub AuthNode);

impl Deref for LiveNode {
    type Target = AuthNode;
    fn deref(&self) -> &AuthNode {
        &self.0
    }
}

impl FromRequest for LiveNode {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = presented_key(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let key = key.ok_or_else(|| unauthorized("Missing API key"))?;
            authenticate(&state, &key)
                .await?
                .map(LiveNode)
                .ok_or_else(|| unauthorized("Invalid API key"))
        })
    }
}

/// The node owning `raw_key`, from memory when known, else from the database (off the
/// async runtime).
pub async fn authenticate(state: &AppState, raw_key: &str) -> Result<Option<AuthNode>, ApiError> {
    let hash = api_key_hash(raw_key);
    if let Some(known) = state.fleet_directory.cached_node(&hash) {
        return Ok(known);
    }
    let directory = state.fleet_directory.clone();
    unblock(move || directory.load_node(&hash))
        .await
        .map_err(ApiError::internal)
}

fn presented_key(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(str::to_owned)
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::detail(StatusCode::UNAUTHORIZED, message)
}
