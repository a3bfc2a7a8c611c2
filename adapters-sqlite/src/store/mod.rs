//! `Store`: every repository port over one connection pool, written once and compiled per
//! engine (`engine_sqlite`, `engine_postgres` include this module with their own `Conn`).
//! Each method takes one pooled connection (never two: the in-memory SQLite pool has a
//! single connection) and runs its writes in one transaction (`BEGIN IMMEDIATE` on SQLite,
//! so a read-then-write never fails to upgrade its lock under WAL).

mod api_keys;
mod audit;
mod cameras;
mod email;
mod gdpr;
mod groups;
mod incidents;
mod mcp_activity;
mod motion;
mod nodes;
mod notifications;
mod retention;
mod sentinel;
mod settings;
mod stream_access;
mod usage;
mod webhooks;

use super::{Backend, Conn, ConnPool, write_transaction};
use crate::error::{StoreFailure, pool_error};
use sentinel_ports::driven::repos::RepoResult;

/// Every repository port over one engine's connection pool (the app holds the engine-neutral
/// [`crate::SqlStore`]).
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

diesel::define_sql_function! {
    /// SQL `lower()`, for case-insensitive matching that also works on PostgreSQL.
    fn lower(text: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// `text` as a literal `LIKE` fragment under `ESCAPE '\'`.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"a_b%c\d"), r"a\_b\%c\\d");
        assert_eq!(escape_like("plain"), "plain");
    }
}
