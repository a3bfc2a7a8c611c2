//! The database's answers to the health report, run off the async runtime. Failures are
//! reported by [`StorageError::class`] only: messages can carry paths or identifiers.

use super::Store;
use crate::error::StorageError;
use crate::schema::email_outbox;
use async_trait::async_trait;
use diesel::prelude::*;
use sentinel_ports::driven::health::{DatabaseProbe, OutboxStats, ProbeFailure};

impl Store {
    /// `SELECT 1` on a pooled connection.
    pub fn ping(&self) -> Result<(), StorageError> {
        let mut conn = self
            .pool
            .get()
            .map_err(|e| StorageError::Pool(e.to_string()))?;
        diesel::sql_query("SELECT 1").execute(&mut conn)?;
        Ok(())
    }

    /// Rows still waiting to be sent (only `pending`: `sending` rows are in flight).
    fn pending_outbox(&self) -> Result<u64, StorageError> {
        let mut conn = self
            .pool
            .get()
            .map_err(|e| StorageError::Pool(e.to_string()))?;
        let count: i64 = email_outbox::table
            .filter(email_outbox::status.eq("pending"))
            .count()
            .get_result(&mut conn)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

#[async_trait]
impl DatabaseProbe for Store {
    async fn ping(&self) -> Result<(), ProbeFailure> {
        let store = self.clone();
        off_runtime(move || Store::ping(&store)).await
    }
}

#[async_trait]
impl OutboxStats for Store {
    async fn pending_count(&self) -> Result<u64, ProbeFailure> {
        let store = self.clone();
        off_runtime(move || store.pending_outbox()).await
    }
}

/// Runs blocking database `work` on tokio's blocking pool.
async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, ProbeFailure> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ProbeFailure::new("JoinError"))?
        .map_err(|error| ProbeFailure::new(error.class()))
}
