//! This instance's invalidations, on their way to Redis through a bounded queue: publishing
//! is called from synchronous request code and must never wait on Redis. A publish that
//! fails is retried until it goes through. A full queue (Redis gone for a while) drops
//! invalidations, logged once, and the others are then told to forget everything.

use super::wire::Envelope;
use crate::event_relay::backoff::Backoff;
use crate::publisher_connection::connect_publisher;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationPublisher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// Invalidations waiting for Redis; beyond this they are replaced by one "forget everything".
const QUEUE: usize = 4096;
/// One PUBLISH may take this long before it counts as failed.
const PUBLISH_TIMEOUT: Duration = Duration::from_millis(500);

pub struct QueuePublisher {
    instance: String,
    queue: mpsc::Sender<String>,
    /// Set when an invalidation did not fit in the queue; the publishing task then sends
    /// "forget everything" in place of whatever was dropped.
    overflowed: Arc<AtomicBool>,
}

/// The publishing task's end of a [`QueuePublisher`].
pub struct Queued {
    instance: String,
    payloads: mpsc::Receiver<String>,
    overflowed: Arc<AtomicBool>,
}

impl QueuePublisher {
    pub fn new(instance: &str) -> (Self, Queued) {
        let (queue, payloads) = mpsc::channel(QUEUE);
        let overflowed = Arc::new(AtomicBool::new(false));
        let publisher = Self {
            instance: instance.to_owned(),
            queue,
            overflowed: overflowed.clone(),
        };
        let queued = Queued {
            instance: instance.to_owned(),
            payloads,
            overflowed,
        };
        (publisher, queued)
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
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                if !self.overflowed.swap(true, Ordering::AcqRel) {
                    tracing::warn!(
                        "invalidation queue full; other instances will be told to forget everything"
                    );
                }
            }
            // The publishing task is gone: the process is stopping.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }
}

impl Queued {
    /// The next payload to publish, `None` once the publisher is dropped. After an
    /// overflow, "forget everything" replaces the whole queue: it covers what was dropped
    /// and what is still queued, all of which changed before it is sent.
    async fn next(&mut self) -> Option<String> {
        if self.overflowed.swap(false, Ordering::AcqRel) {
            while self.payloads.try_recv().is_ok() {}
            match Envelope::everything(&self.instance).to_json() {
                Ok(payload) => return Some(payload),
                Err(error) => tracing::warn!(%error, "forget-everything not serialisable"),
            }
        }
        self.payloads.recv().await
    }

    fn is_closed(&self) -> bool {
        self.payloads.is_closed()
    }
}

/// Drains the queue into `PUBLISH channel payload` until the publisher is dropped. A
/// payload that cannot be published is retried with backoff rather than dropped: the other
/// instances' subscriptions may be healthy, so nothing else would make them forget, and
/// repeating an invalidation is harmless.
pub async fn publish_queued(client: redis::Client, channel: String, mut queue: Queued) {
    let Some(mut connection) = connect_publisher(&client, PUBLISH_TIMEOUT, "invalidations", || {
        queue.is_closed()
    })
    .await
    else {
        return;
    };
    while let Some(payload) = queue.next().await {
        if !publish_until_sent(&mut connection, &channel, &payload, &queue).await {
            return;
        }
    }
}

/// Publishes one payload, retrying with backoff; `false` when the publisher was dropped
/// before it could be sent.
async fn publish_until_sent(
    connection: &mut ConnectionManager,
    channel: &str,
    payload: &str,
    queue: &Queued,
) -> bool {
    let mut backoff = Backoff::default();
    let mut failed = false;
    loop {
        let publish = connection.publish::<_, _, ()>(channel, payload);
        let error = match tokio::time::timeout(PUBLISH_TIMEOUT, publish).await {
            Ok(Ok(())) => {
                if failed {
                    tracing::info!("invalidations published again");
                }
                return true;
            }
            Ok(Err(error)) => error.to_string(),
            Err(_) => format!("no answer in {PUBLISH_TIMEOUT:?}"),
        };
        let retry_in = backoff.next_delay();
        if !failed {
            tracing::warn!(%error, ?retry_in, "cannot publish invalidation; retrying");
            failed = true;
        }
        tokio::time::sleep(retry_in).await;
        if queue.is_closed() {
            return false;
        }
    }
}
