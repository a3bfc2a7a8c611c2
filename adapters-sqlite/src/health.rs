//! The database's answers to the health report, run off the async runtime.

use crate::database::Database;
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
        tokio::task::spawn_blocking(move || {
            let mut conn = database
                .connection()
                .map_err(|error| ProbeFailure::new(error.class()))?;
            let count: i64 = email_outbox::table
                .filter(email_outbox::status.eq("pending"))
                .count()
                .get_result(&mut conn)
                .map_err(|_| ProbeFailure::new("QueryError"))?;
            Ok(u64::try_from(count).unwrap_or(0))
        })
        .await
        .map_err(|_| ProbeFailure::new("JoinError"))?
    }
}
