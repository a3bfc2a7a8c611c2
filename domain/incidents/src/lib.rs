//! Incidents and their evidence.
//!
//! Pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

// Sibling contexts under the names this crate's modules use (`crate::ids`, …).
use sentinel_domain_kernel::ids;

pub mod incidents;
