//! Route groups, each registered by a `configure`-style function.

pub mod cameras;
pub mod docs;
pub mod health;
pub mod hls;
pub mod local_session;
pub mod nodes;
