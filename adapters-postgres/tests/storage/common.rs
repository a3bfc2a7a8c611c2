//! The PostgreSQL fixture for the shared repository suite and this crate's own tests: a
//! migrated schema of its own on the test server.

pub use crate::repositories::fixtures::*;
use sentinel_adapters_postgres::testing::PostgresSchema;
use sentinel_adapters_postgres::{PostgresDatabase, PostgresStore};

/// A migrated schema of its own, dropped (with every table in it) on drop.
pub struct TempDatabase {
    pub store: PostgresStore,
    pub db: PostgresDatabase,
    /// Declared last: dropped after the pool has closed its connections.
    pub schema: PostgresSchema,
}

/// What the shared repository suite asks for: here, always a fresh PostgreSQL schema.
pub fn temp_database() -> TempDatabase {
    let schema = PostgresSchema::create().unwrap_or_else(|error| {
        panic!(
            "no PostgreSQL to test on ({error}): start one at 127.0.0.1:5432 \
             or set SENTINEL_TEST_POSTGRES_URL"
        )
    });
    let db = PostgresDatabase::open(&schema.url()).unwrap();
    TempDatabase {
        store: db.store(),
        db,
        schema,
    }
}
