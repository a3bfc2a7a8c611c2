//! Path segments that do not parse (`/api/incidents/counts` against an integer id, an id
//! past `i64`) answer the 422 envelope with the location `path.<name>`, like FastAPI,
//! instead of actix's plain-text 404.

use super::json::{capitalise, summary, validation};
use actix_web::error::PathError;
use actix_web::{Error, HttpRequest, web};
use serde_json::{Value, json};

/// The app-wide `PathConfig`: every `web::Path<T>` extractor fails through `path_error`.
pub fn config() -> web::PathConfig {
    web::PathConfig::default().error_handler(path_error)
}

fn path_error(error: PathError, req: &HttpRequest) -> Error {
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
