//! Tests of the SQLite adapter against real database files (one temp file per test).

// A test crate: its fixtures and helpers (not only `#[test]` fns) may panic on failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api_keys_repo;
mod audit_repo;
mod cameras_repo;
mod common;
mod database_url;
mod gdpr_repo;
mod groups_repo;
mod incidents_repo;
mod migrations;
mod motion_repo;
mod nodes_repo;
mod schema_rs;
mod sentinel_repo;
mod settings_repo;
mod usage_repo;
