//! Route groups, each registered by a `configure`-style function.

pub mod docs;
pub mod health;
pub mod local_session;
