//! Bodies that are files rather than JSON, so their 2xx still has a schema.

use utoipa::ToSchema;

/// A ZIP archive's bytes (`application/zip`).
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ZipArchive(pub Vec<u8>);
