//! The database's answers to the health report, run off the async runtime.

use crate::StorageError;
use crate::database::{Database, on_connection};
use crate::schema::email_outbox;
use async_trait::async_trait;
use diesel::prelude::*;
use sentinel_ports::driven::health::{DatabaseProbe, OutboxStats, ProbeFailure};

#[async_trait]
impl DatabaseProbe for Database {
    async fn ping(&self) -> Result<(), ProbeFailure> {
        let database = self.clone();
        tokio::task::spawn_blocking(move || database.ping())
            .await
            .map_err(|_| ProbeFailure::new("JoinError"))?
            .map_err(|error| ProbeFailure::new(error.class()))
    }
}

#[async_trait]
impl OutboxStats for Database {
    /// Rows still waiting to be sent (only `pending`: `sending` rows are in flight).
    async fn pending_count(&self) -> Result<u64, ProbeFailure> {
        let database = self.clone();
        tokio::task::spawn_blocking(move || pending(&database))
            .await
            .map_err(|_| ProbeFailure::new("JoinError"))?
            .map_err(|error| ProbeFailure::new(error.class()))
    }
}

fn pending(database: &Database) -> Result<u64, StorageError> {
    let count: i64 = on_connection!(database, |conn| {
        email_outbox::table
            .filter(email_outbox::status.eq("pending"))
            .count()
            .get_result(conn)?
    });
    Ok(u64::try_from(count).unwrap_or(0))
}
