//! Share links: handing one camera's or one group's live view to someone without an
//! account (rest-api.md §14).
//!
//! Pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

use sentinel_domain_kernel::ids;

pub mod sharing;
