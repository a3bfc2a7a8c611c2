//! Tests of the PostgreSQL adapter against a real server (`SENTINEL_TEST_POSTGRES_URL`,
//! default the local server's `test` database; one fresh schema per test): the repository
//! suite shared with the SQLite adapter, then what only PostgreSQL has.

// A test crate: its fixtures and helpers (not only `#[test]` fns) may panic on failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "../../../sql-common/repository-suite/mod.rs"]
mod repositories;

mod database;
