//! This instance's invalidations, on their way to Redis through a bounded queue: publishing
//! is called from synchronous request code and must never wait on Redis. A full queue
//! (Redis gone for a while) drops invalidations for the other instances, logged once; they
//! heal when their subscription comes back (they drop everything) or their entries expire.

use super::wire::Envelope;
use crate::event_relay::backoff::Backoff;
use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationPublisher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// Invalidations waiting for Redis; beyond this the newest are dropped.
const QUEUE: usize = 4096;
/// One PUBLISH may take this long before it counts as failed.
const PUBLISH_TIMEOUT: Duration = Duration::from_millis(500);

pub struct QueuePublisher {
    instance: String,
    queue: mpsc::Sender<String>,
    /// Set while the queue is full, so an outage logs once rather than once per message.
    dropping: AtomicBool,
}

impl QueuePublisher {
    pub fn new(instance: &str) -> (Self, mpsc::Receiver<String>) {
        let (queue, receiver) = mpsc::channel(QUEUE);
        let publisher = Self {
            instance: instance.to_owned(),
            queue,
            dropping: AtomicBool::new(false),
        };
        (publisher, receiver)
    }
}

impl InvalidationPublisher for QueuePublisher {
    fn publish(&self, invalidation: Invalidation) {
        let payload = match Envelope::new(&self.instance, &invalidation).to_json() {
            Ok(payload) => payload,
            Err(error) => {
                tracing::warn!(%error, "invalidation not serialisable; not published");
                return;
            }
        };
        match self.queue.try_send(payload) {
            Ok(()) => {
                if self.dropping.swap(false, Ordering::Relaxed) {
                    tracing::info!("invalidation queue accepting messages again");
                }
            }
            Err(mpsc::error::TrySendError::Full(_)) => {
                if !self.dropping.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        "invalidation queue full; other instances rely on expiry until it drains"
                    );
                }
            }
            // The publishing task is gone: the process is stopping.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }
}

/// Drains the queue into `PUBLISH channel payload` until the publisher is dropped. Unlike
/// live events, a late invalidation is still worth sending: dropping an entry is always safe.
pub async fn publish_queued(
    client: redis::Client,
    channel: String,
    mut queue: mpsc::Receiver<String>,
) {
    let Some(mut connection) = connect(&client, &queue).await else {
        return;
    };
    let mut failing = false;
    while let Some(payload) = queue.recv().await {
        let publish = connection.publish::<_, _, ()>(&channel, payload);
        let outcome = tokio::time::timeout(PUBLISH_TIMEOUT, publish).await;
        match (outcome, failing) {
            (Ok(Ok(())), true) => {
                tracing::info!("invalidations published again");
                failing = false;
            }
            (Ok(Ok(())), false) => {}
            (Ok(Err(error)), false) => {
                tracing::warn!(%error, "cannot publish invalidations; other instances rely on expiry");
                failing = true;
            }
            (Err(_), false) => {
                tracing::warn!(timeout = ?PUBLISH_TIMEOUT, "invalidation publish timed out");
                failing = true;
            }
            (_, true) => {}
        }
    }
}

/// The first connection, retried with backoff; the manager reconnects by itself after it.
/// `None` once the publisher is gone before Redis was ever reachable.
async fn connect(
    client: &redis::Client,
    queue: &mpsc::Receiver<String>,
) -> Option<ConnectionManager> {
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(PUBLISH_TIMEOUT))
        .set_response_timeout(Some(PUBLISH_TIMEOUT))
        .set_number_of_retries(1)
        .set_max_delay(Duration::from_secs(1));
    let mut backoff = Backoff::default();
    loop {
        match ConnectionManager::new_with_config(client.clone(), config.clone()).await {
            Ok(connection) => return Some(connection),
            Err(error) => {
                let retry_in = backoff.next_delay();
                tracing::warn!(%error, ?retry_in, "invalidation publisher cannot connect; retrying");
                tokio::time::sleep(retry_in).await;
            }
        }
        if queue.is_closed() {
            return None;
        }
    }
}
