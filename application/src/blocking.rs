//! The one way work leaves the async runtime. Storage is synchronous (diesel on SQLite or
//! PostgreSQL), so every handler, use case and loop that touches it runs the call on
//! tokio's blocking pool through here, and a pool failure (the work panicked, or the
//! runtime is shutting down) arrives as the work's own storage error.

use sentinel_ports::driven::repos::RepoError;

/// Runs `work` on the blocking pool and returns what it returned.
pub async fn unblock<T, E, F>(work: F) -> Result<T, E>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<RepoError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(interrupted) => Err(E::from(interrupted_error(&interrupted))),
    }
}

/// [`unblock`] for work that cannot fail on its own: only the pool can fail it.
pub async fn unblock_value<T, F>(work: F) -> Result<T, RepoError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    unblock(move || Ok(work())).await
}

fn interrupted_error(interrupted: &tokio::task::JoinError) -> RepoError {
    // A panic here is a bug in the storage call, not a storage outage: not worth a retry.
    tracing::error!(error = %interrupted, "blocking work did not finish");
    RepoError::Storage(format!("blocking work did not finish: {interrupted}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_works_own_result_comes_back() {
        let ok: Result<u8, RepoError> = unblock(|| Ok(7)).await;
        assert_eq!(ok, Ok(7));
        let refused: Result<u8, RepoError> = unblock(|| Err(RepoError::NotFound("node"))).await;
        assert_eq!(refused, Err(RepoError::NotFound("node")));
    }

    #[tokio::test]
    async fn a_panic_on_the_pool_is_a_storage_error_not_a_crash() {
        let failed: Result<u8, RepoError> = unblock(|| panic!("boom")).await;
        assert!(
            matches!(failed, Err(RepoError::Storage(ref text)) if text.contains("did not finish"))
        );
    }
}
