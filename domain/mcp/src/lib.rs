//! The MCP tool catalogue, scopes, arguments and call limits.
//!
//! Pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

// Sibling contexts under the names this crate's modules use (`crate::ids`, …).
use sentinel_domain_identity::api_keys;
use sentinel_domain_kernel::python;
use sentinel_domain_plans::plans;

pub mod mcp;
