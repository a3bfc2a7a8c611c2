//! Path segments that do not parse (`/api/incidents/counts` against an integer id, an id
//! past `i64`) answer the 422 envelope with the location `path.<name>`, like FastAPI,
//! instead of actix's plain-text 404.

use super::json::{capitalise, summary, validation};
use crate::allowed_methods::AllowedMethods;
use crate::spa::method_not_allowed;
use actix_web::error::{InternalError, PathError};
use actix_web::{Error, HttpRequest, web};
use serde_json::{Value, json};

/// The app-wide `PathConfig`: every `web::Path<T>` extractor fails through `path_error`.
pub fn config() -> web::PathConfig {
    web::PathConfig::default().error_handler(path_error)
}

fn path_error(error: PathError, req: &HttpRequest) -> Error {
    // `PATCH /api/incidents/counts` reaches the `{incident_id}` handler, yet names the
    // `counts` resource, which takes no PATCH: that is a 405, not a bad id.
    let literal_allow = req
        .app_data::<web::Data<AllowedMethods>>()
        .and_then(|table| table.literal_allow(req.path()));
    if let Some(allow) = literal_allow {
        let response = method_not_allowed(Some(&allow));
        return InternalError::from_response("method not allowed", response).into();
    }
    let msg = capitalise(&error.to_string());
    let (names, values): (Vec<&str>, Vec<&str>) = req.match_info().iter().unzip();
    let mut path = vec!["path".to_owned()];
    // actix's message does not name the segment; with several we name them all rather
    // than guess which one failed.
    if !names.is_empty() {
        path.push(names.join(","));
    }
    let loc: Vec<Value> = path.iter().cloned().map(Value::from).collect();
    let input = values.join("/");
    validation(
        summary(&msg, &path),
        json!({"type": "value_error", "loc": loc, "msg": msg, "input": input}),
    )
    .into()
}
