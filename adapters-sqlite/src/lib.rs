//! SQL storage on SQLite or PostgreSQL: the schema (`migrations/{sqlite,postgres}` +
//! [`schema`]), opening and migrating the database ([`Database`]), and every repository port
//! over it ([`SqlStore`], from [`Database::store`]).
//!
//! The repositories are written once (`store/`) against diesel's query builder and compiled
//! per engine (`engine_sqlite`, `engine_postgres`), each with its own connection type; the
//! few things the engines spell differently (write transactions, the export's catalogue
//! query) live in those two modules.
//!
//! ```text
//! let db = Database::open(&config.database_url)?;   // migrations, then the pool
//! let store = Arc::new(db.store());                  // SqlStore: every repository port
//! let nodes: Arc<dyn NodeRepo> = store.clone();      // same for the other repos
//! ```

// `store/` is compiled once per engine on purpose (see above).
#![allow(clippy::duplicate_mod)]

mod database;
pub mod engine_postgres;
pub mod engine_sqlite;
mod error;
mod health;
mod location;
pub mod schema;
mod sql_store;
#[cfg(feature = "testing")]
pub mod testing;

pub use database::{
    Database, Engine, MIGRATIONS, POSTGRES_MIGRATIONS, PostgresPool, PostgresPooledConnection,
    SqlitePool, SqlitePooledConnection, TABLE_NAMES,
};
pub use engine_postgres::store::Store as PostgresRepos;
pub use engine_sqlite::store::Store as SqliteRepos;
pub use error::StorageError;
pub use location::{DatabaseLocation, PostgresUrl};

pub use sql_store::SqlStore;
