//! SQLite storage: opening a database file or `:memory:` ([`SqliteDatabase`]: WAL, pragmas,
//! `migrations/sqlite`, the pool) and every repository port over it ([`SqliteStore`], from
//! [`SqliteDatabase::store`]), health probes included.
//!
//! The repositories are shared with the PostgreSQL adapter as source
//! (`sql-common/repositories/`) and compiled here for SQLite by [`engine`], with what only
//! SQLite spells its own way (`BEGIN IMMEDIATE`, the export's catalogue query).
//!
//! ```text
//! let db = SqliteDatabase::open(&config.database_url)?;  // migrations, then the pool
//! let store = Arc::new(db.store());                       // every repository port
//! let nodes: Arc<dyn NodeRepo> = store.clone();           // same for the other repos
//! ```

mod database;
pub mod engine;

// The shared repository sources name `crate::error` and `crate::schema`.
pub(crate) use sentinel_sql_common::{error, schema};

pub use database::{MIGRATIONS, SqliteDatabase, SqlitePool, SqlitePooledConnection};
pub use engine::store::Store as SqliteStore;
