//! Who a caller is: session claims, local orgs, API keys.
//!
//! Pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

// Sibling contexts under the names this crate's modules use (`crate::ids`, …).
use sentinel_domain_kernel::ids;
use sentinel_domain_plans::plans;

pub mod api_keys;
pub mod identity;
