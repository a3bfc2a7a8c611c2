//! Opening the database: parse `DATABASE_URL`, switch the file to WAL and run the embedded
//! migrations once on a single connection, then build the r2d2 pool whose connections only
//! set per-connection pragmas. (Setting WAL per pooled connection makes concurrent start-up
//! connections fight for the lock: "database is locked".)

use crate::{DatabaseLocation, StorageError};
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

/// The workspace's `migrations/`, compiled in.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

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

/// The migrated database and its connection pool. Cheap to clone (the pool is shared).
#[derive(Clone)]
pub struct Database {
    pool: SqlitePool,
    location: DatabaseLocation,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("location", &self.location)
            .field("pool", &self.pool.state())
            .finish()
    }
}

impl Database {
    /// Opens (creating if needed) and migrates the database `url` names, then pools it.
    /// In memory, the pool holds exactly one connection that is never recycled: the database
    /// lives and dies with it.
    pub fn open(url: &str) -> Result<Self, StorageError> {
        let location = DatabaseLocation::parse(url)?;
        let pool = match &location {
            DatabaseLocation::File(_) => {
                let applied = prepare_file(&location)?;
                log_applied(&applied);
                build_pool(&location, FILE_POOL_SIZE)?
            }
            DatabaseLocation::Memory => {
                let pool = build_pool(&location, 1)?;
                let mut conn = pool.get().map_err(|e| StorageError::Pool(e.to_string()))?;
                log_applied(&run_migrations(&mut conn)?);
                pool
            }
        };
        Ok(Self { pool, location })
    }

    /// `sentinel migrate`: WAL + pending migrations, no pool. Returns the versions applied.
    pub fn migrate_only(url: &str) -> Result<Vec<String>, StorageError> {
        let location = DatabaseLocation::parse(url)?;
        let applied = prepare_file(&location)?;
        log_applied(&applied);
        Ok(applied)
    }

    /// `SELECT 1` on a pooled connection (health checks).
    pub fn ping(&self) -> Result<(), StorageError> {
        let mut conn = self.connection()?;
        diesel::sql_query("SELECT 1").execute(&mut conn)?;
        Ok(())
    }

    /// A pooled connection, for adapters in this crate and tests.
    pub fn connection(&self) -> Result<SqlitePooledConnection, StorageError> {
        self.pool
            .get()
            .map_err(|e| StorageError::Pool(e.to_string()))
    }

    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
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
        DatabaseLocation::File(_) => builder,
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
