//! Cross-instance invalidation of the read-through memories (node keys, cameras, API keys,
//! org plans) over one Redis pub/sub channel. Each instance publishes what it forgets
//! locally, tagged with its instance id, and applies what the others forget; its own
//! messages come back and are skipped.
//!
//! Publishing never waits on Redis (a bounded queue feeds one publishing task). The
//! subscriber reconnects with backoff and drops every memory on each (re)subscription,
//! since pub/sub does not replay what an absent subscriber missed.

mod publisher;
mod subscriber;
mod wire;

use crate::RedisAdapterError;
use sentinel_ports::driven::invalidations::{InvalidationPublisher, InvalidationSink};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The channel every instance publishes invalidations to and listens on.
pub const INVALIDATIONS_CHANNEL: &str = "sentinel:invalidate";

#[derive(Debug, Clone)]
pub struct InvalidationConfig {
    pub redis_url: String,
    /// Names this process on the wire, so it skips its own messages.
    pub instance_id: String,
    /// [`INVALIDATIONS_CHANNEL`] in production; tests use one of their own.
    pub channel: String,
}

impl InvalidationConfig {
    pub fn new(redis_url: &str, instance_id: &str) -> Self {
        Self {
            redis_url: redis_url.to_owned(),
            instance_id: instance_id.to_owned(),
            channel: INVALIDATIONS_CHANNEL.to_owned(),
        }
    }
}

/// The running publisher and (once [`RedisInvalidations::listen`] is called) subscriber.
/// Dropping it stops both (tests); [`RedisInvalidations::detach`] keeps them for the life
/// of the process.
pub struct RedisInvalidations {
    config: InvalidationConfig,
    client: redis::Client,
    publisher: Arc<publisher::QueuePublisher>,
    subscribed: watch::Sender<u64>,
    tasks: Vec<JoinHandle<()>>,
}

impl RedisInvalidations {
    /// Starts the publishing side. Connects lazily: an unreachable Redis is logged and
    /// retried, never an error here; only a malformed URL is.
    pub fn start(config: InvalidationConfig) -> Result<Self, RedisAdapterError> {
        let client = redis::Client::open(config.redis_url.as_str())
            .map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let (publisher, queue) = publisher::QueuePublisher::new(&config.instance_id);
        let task = tokio::spawn(publisher::publish_queued(
            client.clone(),
            config.channel.clone(),
            queue,
        ));
        Ok(Self {
            config,
            client,
            publisher: Arc::new(publisher),
            subscribed: watch::Sender::new(0),
            tasks: vec![task],
        })
    }

    /// What this instance's memories publish their local forgets through.
    pub fn publisher(&self) -> Arc<dyn InvalidationPublisher> {
        self.publisher.clone()
    }

    /// Applies the other instances' invalidations to `sink` from now on.
    pub fn listen(&mut self, sink: Arc<dyn InvalidationSink>) {
        let task = tokio::spawn(subscriber::receive_invalidations(
            subscriber::Subscription {
                client: self.client.clone(),
                channel: self.config.channel.clone(),
                instance: self.config.instance_id.clone(),
                sink,
                subscribed: self.subscribed.clone(),
            },
        ));
        self.tasks.push(task);
    }

    /// Waits until the subscription has been made `times` times in all, up to `within`;
    /// whether it was.
    pub async fn subscribed(&self, times: u64, within: Duration) -> bool {
        let mut count = self.subscribed.subscribe();
        tokio::time::timeout(within, count.wait_for(|made| *made >= times))
            .await
            .is_ok_and(|waited| waited.is_ok())
    }

    /// Leaves the publisher and subscriber running until the runtime shuts down.
    pub fn detach(mut self) {
        // Dropping a JoinHandle detaches its task.
        self.tasks.clear();
    }
}

impl Drop for RedisInvalidations {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
