//! `SqliteStore`: every repository port over one connection pool. Each method takes one
//! pooled connection (never two: the in-memory pool has a single connection) and runs its
//! writes in one `BEGIN IMMEDIATE` transaction, so a read-then-write never fails to upgrade
//! its lock under WAL.

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

use crate::Database;
use crate::error::{StoreFailure, pool_error};
use diesel::SqliteConnection;
use sentinel_ports::driven::repos::RepoResult;

/// The SQLite implementation of `SettingsRepo`, `NodeRepo`, `CameraRepo`, `GroupRepo`,
/// `AuditRepo` and `MotionRepo` (and the live path's usage and access-log writers). Cheap to
/// clone; hold it as `Arc<dyn …Repo>` for each port.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    db: Database,
}

impl SqliteStore {
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Runs `work` on a pooled connection.
    fn read<T>(
        &self,
        work: impl FnOnce(&mut SqliteConnection) -> Result<T, StoreFailure>,
    ) -> RepoResult<T> {
        let mut conn = self.db.pool().get().map_err(|e| pool_error(&e))?;
        work(&mut conn).map_err(|StoreFailure(e)| e)
    }

    /// Runs `work` in an immediate transaction: all of it or none of it.
    fn write<T>(
        &self,
        work: impl FnOnce(&mut SqliteConnection) -> Result<T, StoreFailure>,
    ) -> RepoResult<T> {
        self.read(|conn| conn.immediate_transaction(work))
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
