//! Sentinel's pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

pub mod api_keys;
pub mod audit;
pub mod client_address;
pub mod fleet;
pub mod identity;
pub mod ids;
pub mod incidents;
pub mod keys;
pub mod live;
pub mod mcp;
pub mod motion;
pub mod notifications;
pub mod plans;
pub mod python;
pub mod rate_limit;
pub mod redaction;
pub mod releases;
pub mod sentinel;
pub mod settings;
pub mod timestamps;
