//! Which methods a path answers, for the `Allow` header every 405 must carry (RFC 9110
//! §15.5.6). Read from the OpenAPI document (every documented route) plus the routes it
//! does not describe; actix itself does not say which methods its other resources take.

use actix_web::http::Method;
use utoipa::openapi::OpenApi;

/// Routes outside the OpenAPI document, with the methods they answer.
const UNDOCUMENTED: &[(&str, &[Method])] = &[
    ("/mcp", &[Method::POST]),
    ("/mcp/", &[Method::POST]),
    ("/ws/node", &[Method::GET]),
    ("/metrics", &[Method::GET]),
    ("/api/openapi.json", &[Method::GET]),
];

#[derive(Debug, Default)]
pub struct AllowedMethods {
    routes: Vec<(Vec<Segment>, Vec<Method>)>,
}

#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Parameter,
}

impl AllowedMethods {
    pub fn from_openapi(document: &OpenApi) -> Self {
        let mut table = Self::default();
        for (path, item) in &document.paths.paths {
            let operations = [
                (Method::GET, &item.get),
                (Method::PUT, &item.put),
                (Method::POST, &item.post),
                (Method::DELETE, &item.delete),
                (Method::PATCH, &item.patch),
                (Method::HEAD, &item.head),
                (Method::OPTIONS, &item.options),
            ];
            let methods: Vec<Method> = operations
                .into_iter()
                .filter(|(_, operation)| operation.is_some())
                .map(|(method, _)| method)
                .collect();
            table.add(path, &methods);
        }
        for (path, methods) in UNDOCUMENTED {
            table.add(path, methods);
        }
        table
    }

    fn add(&mut self, pattern: &str, methods: &[Method]) {
        let segments = pattern
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') && segment.ends_with('}') {
                    Segment::Parameter
                } else {
                    Segment::Literal(segment.to_owned())
                }
            })
            .collect();
        self.routes.push((segments, methods.to_vec()));
    }

    /// The methods `path`'s resource answers, as an `Allow` header value; `None` when no
    /// route matches. A route spelled out literally (`/api/nodes/plan`) is the resource
    /// itself: the methods of a pattern it also matches (`/api/nodes/{node_id}`) belong to
    /// another resource, whose handler would answer 404 for it. Otherwise every matching
    /// pattern contributes.
    pub fn allow_header(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = path.split('/').collect();
        let matching: Vec<&(Vec<Segment>, Vec<Method>)> = self
            .routes
            .iter()
            .filter(|(segments, _)| matches(segments, &parts))
            .collect();
        let literal: Vec<_> = matching
            .iter()
            .copied()
            .filter(|(segments, _)| is_literal(segments))
            .collect();
        let chosen = if literal.is_empty() {
            matching
        } else {
            literal
        };
        let mut methods: Vec<&Method> = chosen
            .into_iter()
            .flat_map(|(_, methods)| methods)
            .collect();
        if methods.is_empty() {
            return None;
        }
        methods.sort_by_key(|method| method.as_str());
        methods.dedup();
        Some(
            methods
                .iter()
                .map(|method| method.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }

    /// The `Allow` value of a literally spelled route for `path`, if there is one: a request
    /// that reached a pattern's handler although `path` names another resource.
    pub fn literal_allow(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .any(|(segments, _)| is_literal(segments) && matches(segments, &parts))
            .then(|| self.allow_header(path))
            .flatten()
    }
}

fn is_literal(segments: &[Segment]) -> bool {
    segments
        .iter()
        .all(|segment| matches!(segment, Segment::Literal(_)))
}

fn matches(segments: &[Segment], parts: &[&str]) -> bool {
    segments.len() == parts.len()
        && segments
            .iter()
            .zip(parts)
            .all(|(segment, part)| match segment {
                Segment::Literal(literal) => literal == part,
                Segment::Parameter => !part.is_empty(),
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> AllowedMethods {
        let mut table = AllowedMethods::default();
        table.add("/api/incidents", &[Method::GET, Method::POST]);
        table.add("/api/incidents/stats", &[Method::GET]);
        table.add(
            "/api/incidents/{incident_id}",
            &[Method::GET, Method::PATCH, Method::DELETE],
        );
        table
    }

    #[test]
    fn a_literal_route_is_its_own_resource() {
        assert_eq!(
            table().allow_header("/api/incidents/stats").as_deref(),
            Some("GET")
        );
        assert_eq!(
            table().literal_allow("/api/incidents/stats").as_deref(),
            Some("GET")
        );
        assert_eq!(table().literal_allow("/api/incidents/7"), None);
    }

    #[test]
    fn every_matching_pattern_contributes() {
        assert_eq!(
            table().allow_header("/api/incidents/7").as_deref(),
            Some("DELETE, GET, PATCH")
        );
        assert_eq!(
            table().allow_header("/api/incidents").as_deref(),
            Some("GET, POST")
        );
        assert_eq!(table().allow_header("/api/incidents/1/x"), None);
        assert_eq!(table().allow_header("/api/incidents/"), None);
    }
}
