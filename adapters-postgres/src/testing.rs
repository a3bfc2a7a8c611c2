//! Test support (feature `testing`): a throw-away PostgreSQL schema per test, so the same
//! tests run on SQLite files and on one shared PostgreSQL server without seeing each other.

use diesel::{Connection, PgConnection, RunQueryDsl};
use sentinel_sql_common::StorageError;

/// `SENTINEL_TEST_DATABASE=postgres`: the tests that honour it run on PostgreSQL.
pub fn postgres_requested() -> bool {
    std::env::var("SENTINEL_TEST_DATABASE").as_deref() == Ok("postgres")
}

/// `SENTINEL_TEST_POSTGRES_URL`, or the local server's `test` database.
pub fn postgres_server_url() -> String {
    std::env::var("SENTINEL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A uniquely named schema, dropped (with everything in it) on drop.
#[derive(Debug)]
pub struct PostgresSchema {
    name: String,
}

impl PostgresSchema {
    pub fn create() -> Result<Self, StorageError> {
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = connect()?;
        diesel::sql_query(format!("CREATE SCHEMA {name}")).execute(&mut conn)?;
        Ok(Self { name })
    }

    /// The server URL with this schema first on the search path (where the migrations
    /// create every table).
    pub fn url(&self) -> String {
        let base = postgres_server_url();
        let separator = if base.contains('?') { '&' } else { '?' };
        format!("{base}{separator}options=-csearch_path%3D{}", self.name)
    }
}

impl Drop for PostgresSchema {
    fn drop(&mut self) {
        if let Ok(mut conn) = connect() {
            let drop = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name);
            if let Err(error) = diesel::sql_query(drop).execute(&mut conn) {
                tracing::warn!(schema = %self.name, %error, "test schema left behind");
            }
        }
    }
}

fn connect() -> Result<PgConnection, StorageError> {
    let url = postgres_server_url();
    PgConnection::establish(&url).map_err(|source| StorageError::Open { path: url, source })
}
