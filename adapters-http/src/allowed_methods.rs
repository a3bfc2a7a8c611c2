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

    /// Every method some route of `path` answers (several patterns may match one path),
    /// as an `Allow` header value; `None` when no route matches.
    pub fn allow_header(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = path.split('/').collect();
        let mut methods: Vec<&Method> = self
            .routes
            .iter()
            .filter(|(segments, _)| matches(segments, &parts))
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
    fn every_matching_pattern_contributes() {
        assert_eq!(
            table().allow_header("/api/incidents/stats").as_deref(),
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
