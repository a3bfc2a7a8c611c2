//! This instance's events: each goes straight onto the cluster feed and, through a bounded
//! queue, to Redis. The queue is what keeps a slow or absent Redis away from the publishers:
//! when it is full, events are dropped for the other instances (and logged), never waited on.

use super::wire::Envelope;
use crate::publisher_connection::connect_publisher;
use redis::AsyncCommands;
use sentinel_ports::driven::mcp_activity_events::{McpActivityEvents, McpActivitySubscription};
use sentinel_ports::driven::motion_events::{MotionEvents, MotionSubscription};
use sentinel_ports::driven::notification_events::{NotificationCreated, NotificationEvents};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc};

/// Events waiting for Redis; beyond this the newest are dropped.
const QUEUE: usize = 1024;
/// One PUBLISH may take this long before it counts as failed.
const PUBLISH_TIMEOUT: Duration = Duration::from_millis(500);
/// A queued event older than this is not worth sending after an outage: the streams are
/// live views, and a burst of minute-old motion would mislead more than it informs.
const STALE_AFTER: Duration = Duration::from_secs(5);

type Queued = (Instant, String);

/// The sending side of the queue, shared by the forwarders.
#[derive(Clone)]
pub struct Outbound {
    instance: Arc<str>,
    queue: mpsc::Sender<Queued>,
    /// Set while the queue is full, so an outage logs once rather than once per event.
    dropping: Arc<AtomicBool>,
}

impl Outbound {
    pub fn new(instance: &str) -> (Self, mpsc::Receiver<Queued>) {
        let (queue, receiver) = mpsc::channel(QUEUE);
        let outbound = Self {
            instance: Arc::from(instance),
            queue,
            dropping: Arc::default(),
        };
        (outbound, receiver)
    }

    fn instance(&self) -> &str {
        &self.instance
    }

    fn send(&self, envelope: &Envelope) {
        let payload = match envelope.to_json() {
            Ok(payload) => payload,
            Err(error) => {
                tracing::warn!(%error, "cluster event not serialisable; not relayed");
                return;
            }
        };
        match self.queue.try_send((Instant::now(), payload)) {
            Ok(()) => {
                if self.dropping.swap(false, Ordering::Relaxed) {
                    tracing::info!("Redis relay queue accepting events again");
                }
            }
            Err(mpsc::error::TrySendError::Full(_)) => {
                if !self.dropping.swap(true, Ordering::Relaxed) {
                    tracing::warn!("Redis relay queue full; events not relayed until it drains");
                }
            }
            // The publisher is gone: the relay is stopping.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }
}

pub async fn forward_motion(
    mut source: Box<dyn MotionSubscription>,
    sink: Arc<dyn MotionEvents>,
    outbound: Outbound,
) {
    while let Some(event) = source.next().await {
        outbound.send(&Envelope::motion(outbound.instance(), &event));
        sink.publish(event);
    }
}

/// Unstored notifications (inbox off) stay local: no stream shows them, and the e-mail
/// side-channel that does want them reads the local bus.
pub async fn forward_notifications(
    mut source: broadcast::Receiver<NotificationCreated>,
    sink: Arc<dyn NotificationEvents>,
    outbound: Outbound,
) {
    loop {
        match source.recv().await {
            Ok(created) => {
                if created.stored() {
                    outbound.send(&Envelope::notification(outbound.instance(), &created));
                }
                sink.publish(created);
            }
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "notification relay lagged; events dropped");
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Calls that failed before authentication (no org) stay local: no stream shows them.
pub async fn forward_mcp_activity(
    mut source: Box<dyn McpActivitySubscription>,
    sink: Arc<dyn McpActivityEvents>,
    outbound: Outbound,
) {
    while let Some(event) = source.next().await {
        if !event.org_id.is_empty() {
            outbound.send(&Envelope::mcp_activity(outbound.instance(), &event));
        }
        sink.publish(event);
    }
}

/// Drains the queue into `PUBLISH channel payload`, until the forwarders are gone.
pub async fn publish_queued(
    client: redis::Client,
    channel: String,
    mut queue: mpsc::Receiver<Queued>,
) {
    let Some(mut connection) = connect_publisher(&client, PUBLISH_TIMEOUT, "event relay", || {
        queue.is_closed() && queue.is_empty()
    })
    .await
    else {
        return;
    };
    let mut failing = false;
    while let Some((queued_at, payload)) = queue.recv().await {
        if queued_at.elapsed() > STALE_AFTER {
            continue;
        }
        let publish = connection.publish::<_, _, ()>(&channel, payload);
        match tokio::time::timeout(PUBLISH_TIMEOUT, publish).await {
            Ok(Ok(())) if failing => {
                tracing::info!("Redis relay publishing again");
                failing = false;
            }
            Ok(Ok(())) => {}
            Ok(Err(error)) if !failing => {
                tracing::warn!(%error, "Redis relay cannot publish; events stay on this instance");
                failing = true;
            }
            Err(_) if !failing => {
                tracing::warn!(timeout = ?PUBLISH_TIMEOUT, "Redis relay publish timed out; events stay on this instance");
                failing = true;
            }
            Ok(Err(_)) | Err(_) => {}
        }
    }
}
