//! Application services: what handlers and background loops call.

pub mod health;
