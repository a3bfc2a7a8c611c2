//! Application services: what handlers and background loops call.

pub mod fleet_directory;
pub mod health;
