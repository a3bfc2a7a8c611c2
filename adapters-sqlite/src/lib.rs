//! SQLite storage: the schema (`migrations/` + [`schema`]), opening and migrating the
//! database ([`Database`]), and every repository port over it ([`SqliteStore`]).
//!
//! ```text
//! let db = Database::open(&config.database_url)?;   // WAL + migrations, then the pool
//! let store = Arc::new(SqliteStore::new(db.clone()));
//! let nodes: Arc<dyn NodeRepo> = store.clone();      // same for the other repos
//! ```

mod database;
mod error;
mod health;
mod location;
pub mod schema;
mod store;

pub use database::{Database, MIGRATIONS, SqlitePool, SqlitePooledConnection, TABLE_NAMES};
pub use error::StorageError;
pub use location::DatabaseLocation;
pub use store::SqliteStore;
