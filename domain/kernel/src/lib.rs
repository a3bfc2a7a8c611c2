//! What every bounded context shares: ids, timestamps, Python-compatible formatting, keys, redaction, rate-limit keys, client addresses, org settings keys.
//!
//! Pure rules: no I/O, no framework, no clock reads (time comes in as an argument).

pub mod client_address;
pub mod ids;
pub mod keys;
pub mod python;
pub mod python_int;
pub mod rate_limit;
pub mod redaction;
pub mod settings;
pub mod text;
pub mod timestamps;
