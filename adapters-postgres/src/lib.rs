//! PostgreSQL storage: migrating a server's database under an advisory lock and pooling
//! connections to it ([`PostgresDatabase`]), and every repository port over it
//! ([`PostgresStore`], from [`PostgresDatabase::store`]), health probes included.
//!
//! The repositories are shared with the SQLite adapter as source
//! (`sql-common/repositories/`) and compiled here for PostgreSQL by [`engine`], with what
//! only PostgreSQL spells its own way (advisory-lock write transactions, the export's
//! catalogue query).
//!
//! ```text
//! let db = PostgresDatabase::open(&config.database_url)?;  // migrations, then the pool
//! let store = Arc::new(db.store());                         // every repository port
//! let nodes: Arc<dyn NodeRepo> = store.clone();             // same for the other repos
//! ```

mod database;
pub mod engine;
#[cfg(feature = "testing")]
pub mod testing;

// The shared repository sources name `crate::error` and `crate::schema`.
pub(crate) use sentinel_sql_common::{error, schema};

pub use database::{MIGRATIONS, PostgresDatabase, PostgresPool, PostgresPooledConnection};
pub use engine::store::Store as PostgresStore;
