//! Opening a PostgreSQL database: run the embedded migrations once on a single connection,
//! then build the r2d2 pool.
//!
//! Several instances may start at once against one server, so the migrations run under a
//! session advisory lock: the first instance migrates, the others wait and find nothing
//! left to apply.

use crate::PostgresStore;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel::{Connection, PgConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use sentinel_sql_common::{
    CONNECTION_TIMEOUT, DatabaseLocation, PostgresUrl, StorageError, log_applied,
};

/// The workspace's `migrations/postgres` (the same schema as SQLite's, in PostgreSQL's
/// types), compiled in.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Pool size for a PostgreSQL server: writers run in parallel there.
const POOL_SIZE: u32 = 16;
/// Any constant both instances agree on: the key of the migration advisory lock.
const MIGRATION_LOCK_KEY: i64 = 0x05E1_71E1;

pub type PostgresPool = Pool<ConnectionManager<PgConnection>>;
pub type PostgresPooledConnection = PooledConnection<ConnectionManager<PgConnection>>;

/// The migrated PostgreSQL database and its connection pool. Cheap to clone (the pool is
/// shared).
#[derive(Clone)]
pub struct PostgresDatabase {
    pool: PostgresPool,
    /// Always [`DatabaseLocation::Postgres`]; kept whole for [`Self::location`].
    location: DatabaseLocation,
}

impl std::fmt::Debug for PostgresDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresDatabase")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl PostgresDatabase {
    /// Migrates the database the `postgres://` `url` names, then pools connections to it.
    /// Other URLs are refused (`UnsupportedUrl`): they are the SQLite adapter's.
    pub fn open(url: &str) -> Result<Self, StorageError> {
        let url = postgres_url(url)?;
        log_applied(&migrate(&url)?);
        let pool = Pool::builder()
            .max_size(POOL_SIZE)
            .connection_timeout(CONNECTION_TIMEOUT)
            .build(ConnectionManager::new(url.expose()))
            .map_err(|e| StorageError::Pool(e.to_string()))?;
        Ok(Self {
            pool,
            location: DatabaseLocation::Postgres(url),
        })
    }

    /// `sentinel migrate`: pending migrations, no pool. Returns the versions applied.
    pub fn migrate_only(url: &str) -> Result<Vec<String>, StorageError> {
        let applied = migrate(&postgres_url(url)?)?;
        log_applied(&applied);
        Ok(applied)
    }

    /// `SELECT 1` on a pooled connection (health checks).
    pub fn ping(&self) -> Result<(), StorageError> {
        self.store().ping()
    }

    /// Every repository port over this database's pool.
    pub fn store(&self) -> PostgresStore {
        PostgresStore::new(self.pool.clone())
    }

    /// A pooled connection, for tests and tools that speak PostgreSQL's SQL.
    pub fn connection(&self) -> Result<PostgresPooledConnection, StorageError> {
        self.pool
            .get()
            .map_err(|e| StorageError::Pool(e.to_string()))
    }

    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }
}

fn postgres_url(url: &str) -> Result<PostgresUrl, StorageError> {
    match DatabaseLocation::parse(url)? {
        DatabaseLocation::Postgres(url) => Ok(url),
        DatabaseLocation::File(_) | DatabaseLocation::Memory => {
            Err(StorageError::UnsupportedUrl(url.to_owned()))
        }
    }
}

/// One connection: take the migration lock (held until the connection closes), apply what is
/// pending.
fn migrate(url: &PostgresUrl) -> Result<Vec<String>, StorageError> {
    let mut conn = PgConnection::establish(url.expose()).map_err(|source| StorageError::Open {
        path: url.redacted(),
        source,
    })?;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
        .map_err(StorageError::Setup)?;
    let applied: Vec<String> = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| StorageError::Migration(e.to_string()))?
        .iter()
        .map(ToString::to_string)
        .collect();
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
        .map_err(StorageError::Setup)?;
    Ok(applied)
}
