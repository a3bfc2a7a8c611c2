//! The first connection of a publishing task (event relay, invalidations), retried with
//! backoff; redis' `ConnectionManager` reconnects by itself after it.

use crate::event_relay::backoff::Backoff;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::time::Duration;

/// Connects with `timeout` for connecting and for each answer, retrying until it succeeds;
/// `None` once `given_up` says the publisher stopped before Redis was ever reachable.
pub(crate) async fn connect_publisher(
    client: &redis::Client,
    timeout: Duration,
    who: &'static str,
    mut given_up: impl FnMut() -> bool,
) -> Option<ConnectionManager> {
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(timeout))
        .set_response_timeout(Some(timeout))
        .set_number_of_retries(1)
        .set_max_delay(Duration::from_secs(1));
    let mut backoff = Backoff::default();
    loop {
        match ConnectionManager::new_with_config(client.clone(), config.clone()).await {
            Ok(connection) => return Some(connection),
            Err(error) => {
                let retry_in = backoff.next_delay();
                tracing::warn!(%error, ?retry_in, publisher = who, "cannot connect to Redis; retrying");
                tokio::time::sleep(retry_in).await;
            }
        }
        if given_up() {
            return None;
        }
    }
}
