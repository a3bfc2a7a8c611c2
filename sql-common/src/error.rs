//! Failures of the SQL adapters, and their translation into the ports' `RepoError`.
//!
//! [`StoreFailure`], [`repo_error`] and [`pool_error`] are public only because the
//! repositories are compiled in the adapter crates (see the crate docs): they are internals
//! of the repositories, not API.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use sentinel_ports::driven::repos::RepoError;

/// Opening, migrating or probing the database failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(
        "unsupported DATABASE_URL {0:?}: expected sqlite:///<relative path>, \
         sqlite:////<absolute path>, sqlite://:memory:, a file path or \
         postgres://user:password@host:port/database"
    )]
    UnsupportedUrl(String),
    #[error("database path {0:?} is not valid UTF-8")]
    NonUtf8Path(std::path::PathBuf),
    #[error("cannot open database {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: diesel::ConnectionError,
    },
    #[error("database setup failed: {0}")]
    Setup(#[source] DieselError),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("connection pool: {0}")]
    Pool(String),
    #[error("query failed: {0}")]
    Query(#[from] DieselError),
    #[error("this is a PostgreSQL database: no SQLite connection to hand out")]
    NotSqlite,
}

impl StorageError {
    /// A stable name of the kind of failure, for health checks that must not echo messages
    /// (which can carry paths or identifiers).
    pub fn class(&self) -> &'static str {
        match self {
            Self::UnsupportedUrl(_) => "UnsupportedUrl",
            Self::NonUtf8Path(_) => "NonUtf8Path",
            Self::Open { .. } => "OpenError",
            Self::Setup(_) => "SetupError",
            Self::Migration(_) => "MigrationError",
            Self::Pool(_) => "PoolError",
            Self::Query(_) => "QueryError",
            Self::NotSqlite => "NotSqlite",
        }
    }
}

/// A repository failure inside a diesel call chain: lets `?` work on diesel results (and
/// diesel transactions roll back) while carrying the port's error out.
#[doc(hidden)]
#[derive(Debug)]
pub struct StoreFailure(pub RepoError);

impl From<DieselError> for StoreFailure {
    fn from(error: DieselError) -> Self {
        Self(repo_error(error))
    }
}

impl From<RepoError> for StoreFailure {
    fn from(error: RepoError) -> Self {
        Self(error)
    }
}

/// Unique (and foreign-key) violations are the caller's conflict; a busy or locked database
/// is "unavailable"; everything else is a storage fault.
#[doc(hidden)]
pub fn repo_error(error: DieselError) -> RepoError {
    match error {
        DieselError::NotFound => RepoError::NotFound("row"),
        DieselError::DatabaseError(
            kind @ (DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::ForeignKeyViolation),
            info,
        ) => {
            let what = if matches!(kind, DatabaseErrorKind::UniqueViolation) {
                "already exists"
            } else {
                "still referenced"
            };
            RepoError::Conflict(format!("{what}: {}", info.message()))
        }
        DieselError::DatabaseError(_, info) if is_busy(info.message()) => {
            RepoError::Unavailable(info.message().to_owned())
        }
        other => RepoError::Storage(other.to_string()),
    }
}

#[doc(hidden)]
pub fn pool_error(error: &diesel::r2d2::PoolError) -> RepoError {
    RepoError::Unavailable(format!("no database connection: {error}"))
}

/// SQLite's lock timeouts and PostgreSQL's lock-wait and serialisation give-ups.
fn is_busy(message: &str) -> bool {
    message.contains("database is locked")
        || message.contains("database is busy")
        || message.contains("could not serialize access")
        || message.contains("deadlock detected")
        || message.contains("lock timeout")
}
