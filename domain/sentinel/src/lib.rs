//! The Sentinel AI agent's configuration, gates and runs.
//!
//! Pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

// Sibling contexts under the names this crate's modules use (`crate::ids`, …).
use sentinel_domain_incidents::incidents;
use sentinel_domain_kernel::{ids, python};
use sentinel_domain_notifications::notifications;
use sentinel_domain_plans::plans;

pub mod sentinel;
