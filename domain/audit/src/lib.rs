//! The org audit trail's entries.
//!
//! Pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

// Sibling contexts under the names this crate's modules use (`crate::ids`, …).
use sentinel_domain_cameras::fleet;
use sentinel_domain_kernel::{ids, python};

pub mod audit;
