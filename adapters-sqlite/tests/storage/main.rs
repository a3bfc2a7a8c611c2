//! Tests of the SQLite adapter against real database files (one temp file per test): the
//! repository suite shared with the PostgreSQL adapter, then what only SQLite has.

// A test crate: its fixtures and helpers (not only `#[test]` fns) may panic on failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "../../../sql-common/repository-suite/mod.rs"]
mod repositories;

mod database_url;
mod gdpr_repo;
mod migrations;
mod schema_rs;
