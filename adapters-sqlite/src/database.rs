//! Opening the database: parse `DATABASE_URL`, run the embedded migrations once on a single
//! connection, then build the r2d2 pool.
//!
//! SQLite: switch the file to WAL on that first connection; pooled connections only set
//! per-connection pragmas. (Setting WAL per pooled connection makes concurrent start-up
//! connections fight for the lock: "database is locked".)
//!
//! PostgreSQL: several instances may start at once against one server, so the migrations
//! run under a session advisory lock: the first instance migrates, the others wait and find
//! nothing left to apply.

use crate::SqlStore;
use crate::location::PostgresUrl;
use crate::{DatabaseLocation, StorageError, engine_postgres, engine_sqlite};
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

/// The workspace's `migrations/sqlite`, compiled in.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
/// The workspace's `migrations/postgres` (the same schema in PostgreSQL's types).
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Every table the migrations create (data-model.md §1), in the order they are listed there.
pub const TABLE_NAMES: [&str; 20] = [
    "cameras",
    "camera_groups",
    "settings",
    "audit_log",
    "camera_nodes",
    "stream_access_logs",
    "mcp_api_keys",
    "mcp_activity_logs",
    "incidents",
    "incident_evidence",
    "motion_events",
    "notifications",
    "user_notification_state",
    "processed_webhooks",
    "org_monthly_usage",
    "email_outbox",
    "email_log",
    "email_suppression",
    "sentinel_config",
    "sentinel_runs",
];

/// Pool size for a PostgreSQL server: writers run in parallel there.
const POSTGRES_POOL_SIZE: u32 = 16;
/// Any constant both instances agree on: the key of the migration advisory lock.
const MIGRATION_LOCK_KEY: i64 = 0x05E1_71E1;

/// Pool size for a database file: SQLite serialises writers anyway; readers run in parallel
/// under WAL.
const FILE_POOL_SIZE: u32 = 8;
/// How long a caller waits for a pooled connection (the original's connect timeout).
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(30);

/// Set on every pooled connection: wait up to 5 s for a lock instead of failing at once,
/// enforce foreign keys (SQLite's default is off), and fsync less (safe under WAL).
const PER_CONNECTION_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

pub type SqlitePool = Pool<ConnectionManager<SqliteConnection>>;
pub type SqlitePooledConnection = PooledConnection<ConnectionManager<SqliteConnection>>;
pub type PostgresPool = Pool<ConnectionManager<PgConnection>>;
pub type PostgresPooledConnection = PooledConnection<ConnectionManager<PgConnection>>;

/// Which engine a [`Database`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
enum Pools {
    Sqlite(SqlitePool),
    Postgres(PostgresPool),
}

/// The migrated database and its connection pool. Cheap to clone (the pool is shared).
#[derive(Clone)]
pub struct Database {
    pools: Pools,
    location: DatabaseLocation,
}

/// Runs `$body` with `$conn` bound to a pooled connection of whichever engine `$db` is on
/// (the body is compiled once per engine).
macro_rules! on_connection {
    ($db:expr, |$conn:ident| $body:expr) => {
        match $db.pools() {
            $crate::database::PoolRef::Sqlite(pool) => {
                let mut pooled = pool
                    .get()
                    .map_err(|e| $crate::StorageError::Pool(e.to_string()))?;
                let $conn = &mut *pooled;
                $body
            }
            $crate::database::PoolRef::Postgres(pool) => {
                let mut pooled = pool
                    .get()
                    .map_err(|e| $crate::StorageError::Pool(e.to_string()))?;
                let $conn = &mut *pooled;
                $body
            }
        }
    };
}
pub(crate) use on_connection;

/// A borrowed pool, for [`on_connection!`].
pub(crate) enum PoolRef<'a> {
    Sqlite(&'a SqlitePool),
    Postgres(&'a PostgresPool),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("location", &self.location)
            .field("engine", &self.engine())
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens (creating if needed) and migrates the database `url` names, then pools it.
    /// In memory, the pool holds exactly one connection that is never recycled: the database
    /// lives and dies with it.
    pub fn open(url: &str) -> Result<Self, StorageError> {
        let location = DatabaseLocation::parse(url)?;
        let pools = match &location {
            DatabaseLocation::File(_) => {
                let applied = prepare_file(&location)?;
                log_applied(&applied);
                Pools::Sqlite(build_pool(&location, FILE_POOL_SIZE)?)
            }
            DatabaseLocation::Memory => {
                let pool = build_pool(&location, 1)?;
                let mut conn = pool.get().map_err(|e| StorageError::Pool(e.to_string()))?;
                log_applied(&run_migrations(&mut conn)?);
                Pools::Sqlite(pool)
            }
            DatabaseLocation::Postgres(url) => {
                log_applied(&migrate_postgres(url)?);
                Pools::Postgres(build_postgres_pool(url)?)
            }
        };
        Ok(Self { pools, location })
    }

    /// `sentinel migrate`: pending migrations (and WAL on SQLite), no pool. Returns the
    /// versions applied.
    pub fn migrate_only(url: &str) -> Result<Vec<String>, StorageError> {
        let location = DatabaseLocation::parse(url)?;
        let applied = match &location {
            DatabaseLocation::Postgres(url) => migrate_postgres(url)?,
            DatabaseLocation::File(_) | DatabaseLocation::Memory => prepare_file(&location)?,
        };
        log_applied(&applied);
        Ok(applied)
    }

    /// `SELECT 1` on a pooled connection (health checks).
    pub fn ping(&self) -> Result<(), StorageError> {
        on_connection!(self, |conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
        });
        Ok(())
    }

    /// Every repository port over this database's pool.
    pub fn store(&self) -> SqlStore {
        match &self.pools {
            Pools::Sqlite(pool) => SqlStore::Sqlite(engine_sqlite::store::Store::new(pool.clone())),
            Pools::Postgres(pool) => {
                SqlStore::Postgres(engine_postgres::store::Store::new(pool.clone()))
            }
        }
    }

    pub fn engine(&self) -> Engine {
        match self.pools {
            Pools::Sqlite(_) => Engine::Sqlite,
            Pools::Postgres(_) => Engine::Postgres,
        }
    }

    /// A pooled SQLite connection, for tests and tools that speak SQLite's SQL.
    pub fn connection(&self) -> Result<SqlitePooledConnection, StorageError> {
        match &self.pools {
            Pools::Sqlite(pool) => pool.get().map_err(|e| StorageError::Pool(e.to_string())),
            Pools::Postgres(_) => Err(StorageError::NotSqlite),
        }
    }

    /// A pooled PostgreSQL connection, for tests and tools that speak PostgreSQL's SQL;
    /// `None` on SQLite.
    pub fn postgres_connection(&self) -> Option<Result<PostgresPooledConnection, StorageError>> {
        match &self.pools {
            Pools::Postgres(pool) => {
                Some(pool.get().map_err(|e| StorageError::Pool(e.to_string())))
            }
            Pools::Sqlite(_) => None,
        }
    }

    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }

    pub(crate) fn pools(&self) -> PoolRef<'_> {
        match &self.pools {
            Pools::Sqlite(pool) => PoolRef::Sqlite(pool),
            Pools::Postgres(pool) => PoolRef::Postgres(pool),
        }
    }
}

/// One connection: take the migration lock (held until the connection closes), apply what is
/// pending.
fn migrate_postgres(url: &PostgresUrl) -> Result<Vec<String>, StorageError> {
    let mut conn = PgConnection::establish(url.expose()).map_err(|source| StorageError::Open {
        path: url.redacted(),
        source,
    })?;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
        .map_err(StorageError::Setup)?;
    let applied: Vec<String> = conn
        .run_pending_migrations(POSTGRES_MIGRATIONS)
        .map_err(|e| StorageError::Migration(e.to_string()))?
        .iter()
        .map(ToString::to_string)
        .collect();
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
        .map_err(StorageError::Setup)?;
    Ok(applied)
}

fn build_postgres_pool(url: &PostgresUrl) -> Result<PostgresPool, StorageError> {
    Pool::builder()
        .max_size(POSTGRES_POOL_SIZE)
        .connection_timeout(CONNECTION_TIMEOUT)
        .build(ConnectionManager::new(url.expose()))
        .map_err(|e| StorageError::Pool(e.to_string()))
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

fn log_applied(applied: &[String]) {
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "applied database migrations");
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
