//! What every operation shares, filled in once the routes have registered: each error
//! status gets its envelope schema, an operation that parses anything may answer 422, one
//! that needs a credential may answer 401 (and 403 when it needs an admin). Annotations
//! then declare only what is particular to their route.

use crate::openapi::SESSION;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::Response;
use utoipa::openapi::{
    Content, HeaderBuilder, KnownFormat, ObjectBuilder, OpenApi, Ref, RefOr, SchemaFormat, Type,
};

const JSON: &str = "application/json";
/// Node routes authenticate by this header (declared as a parameter: nodes send it on
/// every request).
const NODE_KEY_HEADER: &str = "X-Node-API-Key";

/// Completes every operation of `doc` (see the module's comment).
pub fn complete(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            complete_operation(operation);
        }
    }
}

fn complete_operation(operation: &mut Operation) {
    if parses_input(operation) {
        ensure(
            operation,
            "422",
            "Invalid path, query or body (`validation_failed`)",
        );
    }
    match credential(operation) {
        Credential::None => {}
        Credential::Any => ensure(operation, "401", "Missing or invalid credentials"),
        Credential::Admin => {
            ensure(operation, "401", "Missing or invalid credentials");
            ensure(operation, "403", "Admin permission required");
        }
    }
    for (status, response) in &mut operation.responses.responses {
        if let RefOr::T(response) = response {
            attach_envelope(status, response);
        }
    }
}

fn parses_input(operation: &Operation) -> bool {
    operation.request_body.is_some()
        || operation.parameters.as_ref().is_some_and(|parameters| {
            parameters
                .iter()
                .any(|p| matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query))
        })
}

enum Credential {
    None,
    Any,
    Admin,
}

fn credential(operation: &Operation) -> Credential {
    let node_key = operation.parameters.iter().flatten().any(|parameter| {
        parameter.parameter_in == ParameterIn::Header && parameter.name == NODE_KEY_HEADER
    });
    // Security requirements keep their map private; their JSON form is the contract anyway.
    let requirements = operation
        .security
        .iter()
        .flatten()
        .filter_map(|requirement| serde_json::to_value(requirement).ok())
        .collect::<Vec<_>>();
    let admin = requirements.iter().any(|requirement| {
        requirement[SESSION]
            .as_array()
            .is_some_and(|scopes| scopes.iter().any(|scope| scope == "admin"))
    });
    // An empty alternative (`security((), …)`) makes the credential optional: no 401.
    let optional = requirements
        .iter()
        .any(|requirement| requirement.as_object().is_some_and(|r| r.is_empty()));
    let required = !optional
        && requirements
            .iter()
            .any(|requirement| requirement.as_object().is_some_and(|r| !r.is_empty()));
    if admin {
        Credential::Admin
    } else if required || node_key {
        Credential::Any
    } else {
        Credential::None
    }
}

fn ensure(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| RefOr::T(Response::new(description)));
}

/// A 4xx without a body of its own gets the envelope its status uses.
fn attach_envelope(status: &str, response: &mut Response) {
    if !status.starts_with('4') || !response.content.is_empty() {
        return;
    }
    let schema = match status {
        "422" => "ValidationErrorBody",
        "429" => "RateLimitBody",
        _ => "ErrorBody",
    };
    let reference = RefOr::Ref(Ref::from_schema_name(schema));
    response
        .content
        .insert(JSON.to_owned(), Content::new(Some(reference)));
    if status == "429" {
        let seconds = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .build();
        response.headers.insert(
            "Retry-After".to_owned(),
            HeaderBuilder::new()
                .schema(seconds)
                .description(Some("Seconds until the window resets"))
                .build(),
        );
    }
}
