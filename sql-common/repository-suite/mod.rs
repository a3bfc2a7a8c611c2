//! The repository test suite, written once and run by each SQL adapter against its own
//! engine, as the repositories themselves are compiled (see `sql-common/src/lib.rs`): each
//! adapter's `tests/storage/main.rs` includes this directory
//! (`#[path = "../../../sql-common/repository-suite/mod.rs"] mod repositories;`) beside a
//! `common` module that provides the engine's fixture:
//!
//! - `temp_database()`: a `TempDatabase` with `store` (the adapter's `Store`) and `db` (its
//!   database, whose `connection()` hands out the engine's pooled connection), migrated and
//!   of its own, deleted on drop;
//! - everything in [`fixtures`] (re-exported, so tests name `crate::common::…` only).
//!
//! Tests that only make sense on one engine (pragmas, file URLs, SQL in one dialect) live in
//! that adapter's `tests/storage`, not here.

pub mod fixtures;

mod api_keys_repo;
mod audit_repo;
mod cameras_repo;
mod groups_repo;
mod incidents_repo;
mod member_access_repo;
mod motion_repo;
mod nodes_repo;
mod notifications_repo;
mod sentinel_repo;
mod settings_repo;
mod share_links_repo;
mod usage_repo;
mod widths;
