//! Opening a SQLite database: parse `DATABASE_URL`, run the embedded migrations once on a
//! single connection, then build the r2d2 pool.
//!
//! The file switches to WAL on that first connection; pooled connections only set
//! per-connection pragmas. (Setting WAL per pooled connection makes concurrent start-up
//! connections fight for the lock: "database is locked".)

use crate::SqliteStore;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use sentinel_sql_common::{CONNECTION_TIMEOUT, DatabaseLocation, StorageError, log_applied};

/// The workspace's `migrations/sqlite`, compiled in.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// Pool size for a database file: SQLite serialises writers anyway; readers run in parallel
/// under WAL.
const FILE_POOL_SIZE: u32 = 8;

/// Set on every pooled connection: wait up to 5 s for a lock instead of failing at once,
/// enforce foreign keys (SQLite's default is off), and fsync less (safe under WAL).
const PER_CONNECTION_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

pub type SqlitePool = Pool<ConnectionManager<SqliteConnection>>;
pub type SqlitePooledConnection = PooledConnection<ConnectionManager<SqliteConnection>>;

/// The migrated SQLite database and its connection pool. Cheap to clone (the pool is
/// shared).
#[derive(Clone)]
pub struct SqliteDatabase {
    pool: SqlitePool,
    location: DatabaseLocation,
}

impl std::fmt::Debug for SqliteDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteDatabase")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl SqliteDatabase {
    /// Opens (creating if needed) and migrates the database file or `:memory:` database
    /// `url` names, then pools it. In memory, the pool holds exactly one connection that is
    /// never recycled: the database lives and dies with it. PostgreSQL URLs are refused
    /// (`UnsupportedUrl`): they are the PostgreSQL adapter's.
    pub fn open(url: &str) -> Result<Self, StorageError> {
        let location = DatabaseLocation::parse(url)?;
        let pool = match &location {
            DatabaseLocation::File(_) => {
                log_applied(&prepare_file(&location)?);
                build_pool(&location, FILE_POOL_SIZE)?
            }
            DatabaseLocation::Memory => {
                let pool = build_pool(&location, 1)?;
                let mut conn = pool.get().map_err(|e| StorageError::Pool(e.to_string()))?;
                log_applied(&run_migrations(&mut conn)?);
                pool
            }
            DatabaseLocation::Postgres(url) => {
                return Err(StorageError::UnsupportedUrl(url.redacted()));
            }
        };
        Ok(Self { pool, location })
    }

    /// `sentinel migrate`: pending migrations and WAL, no pool. Returns the versions
    /// applied.
    pub fn migrate_only(url: &str) -> Result<Vec<String>, StorageError> {
        let applied = prepare_file(&DatabaseLocation::parse(url)?)?;
        log_applied(&applied);
        Ok(applied)
    }

    /// `SELECT 1` on a pooled connection (health checks).
    pub fn ping(&self) -> Result<(), StorageError> {
        self.store().ping()
    }

    /// Every repository port over this database's pool.
    pub fn store(&self) -> SqliteStore {
        SqliteStore::new(self.pool.clone())
    }

    /// A pooled connection, for tests and tools that speak SQLite's SQL.
    pub fn connection(&self) -> Result<SqlitePooledConnection, StorageError> {
        self.pool
            .get()
            .map_err(|e| StorageError::Pool(e.to_string()))
    }

    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }
}

/// One connection: a lock timeout so a concurrent starter waits, WAL (persisted in the file),
/// then the pending migrations.
fn prepare_file(location: &DatabaseLocation) -> Result<Vec<String>, StorageError> {
    let target = connection_target(location)?;
    let mut conn = SqliteConnection::establish(&target).map_err(|source| StorageError::Open {
        path: target.clone(),
        source,
    })?;
    conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")
        .map_err(StorageError::Setup)?;
    run_migrations(&mut conn)
}

fn run_migrations(conn: &mut SqliteConnection) -> Result<Vec<String>, StorageError> {
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| StorageError::Migration(e.to_string()))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

fn build_pool(location: &DatabaseLocation, size: u32) -> Result<SqlitePool, StorageError> {
    let target = connection_target(location)?;
    let builder = Pool::builder()
        .max_size(size)
        .connection_timeout(CONNECTION_TIMEOUT)
        .connection_customizer(Box::new(ConnectionPragmas));
    let builder = match location {
        // Never let r2d2 close the only connection to an in-memory database.
        DatabaseLocation::Memory => builder
            .min_idle(Some(1))
            .idle_timeout(None)
            .max_lifetime(None),
        DatabaseLocation::File(_) | DatabaseLocation::Postgres(_) => builder,
    };
    builder
        .build(ConnectionManager::new(target))
        .map_err(|e| StorageError::Pool(e.to_string()))
}

fn connection_target(location: &DatabaseLocation) -> Result<String, StorageError> {
    match location {
        DatabaseLocation::Memory => Ok(":memory:".to_owned()),
        DatabaseLocation::File(path) => path
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| StorageError::NonUtf8Path(path.clone())),
        DatabaseLocation::Postgres(url) => Err(StorageError::UnsupportedUrl(url.redacted())),
    }
}

#[derive(Debug)]
struct ConnectionPragmas;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for ConnectionPragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(PER_CONNECTION_PRAGMAS)
            .map_err(diesel::r2d2::Error::QueryError)
    }
}
