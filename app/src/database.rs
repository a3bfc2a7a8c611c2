//! The engine choice: `DATABASE_URL` names a SQLite file (or memory) or a PostgreSQL server,
//! and the matching adapter opens it. Choosing an adapter is wiring, so it lives here and
//! neither SQL adapter knows the other. [`Database`] is the opened database of either kind;
//! [`SqlStore`] every repository port over it.

mod sql_store;

pub use sentinel_sql_common::{DatabaseLocation, PostgresUrl, StorageError};
pub use sql_store::SqlStore;

use async_trait::async_trait;
use sentinel_adapters_postgres::{PostgresDatabase, PostgresPooledConnection};
use sentinel_adapters_sqlite::{SqliteDatabase, SqlitePooledConnection};
use sentinel_ports::driven::health::{DatabaseProbe, OutboxStats, ProbeFailure};

/// Which engine a [`Database`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The migrated database and its connection pool, on whichever engine `DATABASE_URL`
/// names. Cheap to clone (the pool is shared).
#[derive(Clone)]
pub enum Database {
    Sqlite(SqliteDatabase),
    Postgres(PostgresDatabase),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("location", self.location())
            .field("engine", &self.engine())
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens (creating if needed) and migrates the database `url` names, then pools it
    /// (see the adapters for each engine's start-up).
    pub fn open(url: &str) -> Result<Self, StorageError> {
        Ok(match DatabaseLocation::parse(url)? {
            DatabaseLocation::Postgres(_) => Self::Postgres(PostgresDatabase::open(url)?),
            DatabaseLocation::File(_) | DatabaseLocation::Memory => {
                Self::Sqlite(SqliteDatabase::open(url)?)
            }
        })
    }

    /// `sentinel migrate`: pending migrations (and WAL on SQLite), no pool. Returns the
    /// versions applied.
    pub fn migrate_only(url: &str) -> Result<Vec<String>, StorageError> {
        match DatabaseLocation::parse(url)? {
            DatabaseLocation::Postgres(_) => PostgresDatabase::migrate_only(url),
            DatabaseLocation::File(_) | DatabaseLocation::Memory => {
                SqliteDatabase::migrate_only(url)
            }
        }
    }

    /// `SELECT 1` on a pooled connection (health checks).
    pub fn ping(&self) -> Result<(), StorageError> {
        match self {
            Self::Sqlite(db) => db.ping(),
            Self::Postgres(db) => db.ping(),
        }
    }

    /// Every repository port over this database's pool.
    pub fn store(&self) -> SqlStore {
        match self {
            Self::Sqlite(db) => SqlStore::Sqlite(db.store()),
            Self::Postgres(db) => SqlStore::Postgres(db.store()),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Self::Sqlite(_) => Engine::Sqlite,
            Self::Postgres(_) => Engine::Postgres,
        }
    }

    /// A pooled SQLite connection, for tests and tools that speak SQLite's SQL.
    pub fn connection(&self) -> Result<SqlitePooledConnection, StorageError> {
        match self {
            Self::Sqlite(db) => db.connection(),
            Self::Postgres(_) => Err(StorageError::NotSqlite),
        }
    }

    /// A pooled PostgreSQL connection, for tests and tools that speak PostgreSQL's SQL;
    /// `None` on SQLite.
    pub fn postgres_connection(&self) -> Option<Result<PostgresPooledConnection, StorageError>> {
        match self {
            Self::Postgres(db) => Some(db.connection()),
            Self::Sqlite(_) => None,
        }
    }

    pub fn location(&self) -> &DatabaseLocation {
        match self {
            Self::Sqlite(db) => db.location(),
            Self::Postgres(db) => db.location(),
        }
    }
}

// The probes are the engine store's (each adapter's `Store`); the database hands them on.
#[async_trait]
impl DatabaseProbe for Database {
    async fn ping(&self) -> Result<(), ProbeFailure> {
        match self {
            Self::Sqlite(db) => DatabaseProbe::ping(&db.store()).await,
            Self::Postgres(db) => DatabaseProbe::ping(&db.store()).await,
        }
    }
}

#[async_trait]
impl OutboxStats for Database {
    async fn pending_count(&self) -> Result<u64, ProbeFailure> {
        match self {
            Self::Sqlite(db) => db.store().pending_count().await,
            Self::Postgres(db) => db.store().pending_count().await,
        }
    }
}
