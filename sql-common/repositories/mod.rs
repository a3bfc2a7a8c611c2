//! `Store`: every repository port over one connection pool, written once and compiled per
//! engine. Not a module of `sentinel-sql-common`: each SQL adapter includes this directory
//! inside its engine module (`#[path = "../../sql-common/repositories/mod.rs"] pub mod
//! store;`), which must define `Conn`, `Backend`, `ConnPool`, `write_transaction` and
//! `export_sql`, with `crate::error` and `crate::schema` re-exported from sql-common at the
//! adapter's root. So diesel checks every query against the engine's own connection type.
//!
//! Each method takes one pooled connection (never two: the in-memory SQLite pool has a
//! single connection) and runs its writes in one transaction (`BEGIN IMMEDIATE` on SQLite,
//! so a read-then-write never fails to upgrade its lock under WAL; an advisory lock on
//! PostgreSQL).

mod api_keys;
mod audit;
mod cameras;
mod email;
mod gdpr;
mod groups;
mod health;
mod incidents;
mod mcp_activity;
mod member_access;
mod motion;
mod nodes;
mod notifications;
mod retention;
mod sentinel;
mod settings;
mod share_links;
mod stream_access;
mod usage;
mod webhooks;

use super::{Backend, Conn, ConnPool, write_transaction};
use crate::error::{StoreFailure, pool_error};
use sentinel_ports::driven::repos::RepoResult;
// Imported here for the repository modules (`super::{escape_like, lower}`).
use sentinel_sql_common::{escape_like, lower};

/// Every repository port over one engine's connection pool, plus the database's health
/// probes (the app holds the engine-neutral `SqlStore`, which forwards to one of these).
#[derive(Debug, Clone)]
pub struct Store {
    pool: ConnPool,
}

impl Store {
    pub(crate) fn new(pool: ConnPool) -> Self {
        Self { pool }
    }

    /// Runs `work` on a pooled connection.
    fn read<T>(&self, work: impl FnOnce(&mut Conn) -> Result<T, StoreFailure>) -> RepoResult<T> {
        let mut conn = self.pool.get().map_err(|e| pool_error(&e))?;
        work(&mut conn).map_err(|StoreFailure(e)| e)
    }

    /// Runs `work` in one write transaction: all of it or none of it.
    fn write<T>(&self, work: impl FnOnce(&mut Conn) -> Result<T, StoreFailure>) -> RepoResult<T> {
        self.read(|conn| write_transaction(conn, work))
    }
}
