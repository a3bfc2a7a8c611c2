//! The SQLite fixture for the shared repository suite and this crate's own tests: a migrated
//! database file in a temp directory.

pub use crate::repositories::fixtures::*;
use sentinel_adapters_sqlite::{SqliteDatabase, SqliteStore};
use std::path::PathBuf;
use tempfile::TempDir;

/// A migrated database of its own, deleted (with its directory) on drop.
pub struct TempDatabase {
    pub store: SqliteStore,
    pub db: SqliteDatabase,
    pub path: PathBuf,
    _dir: TempDir,
}

/// What the shared repository suite asks for: here, always a SQLite file.
pub fn temp_database() -> TempDatabase {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sentinel.db");
    let db = SqliteDatabase::open(path.to_str().unwrap()).unwrap();
    TempDatabase {
        store: db.store(),
        db,
        path,
        _dir: dir,
    }
}
