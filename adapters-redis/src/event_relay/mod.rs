//! Cross-instance fan-out for the SSE streams. Every event this instance publishes on its
//! local buses (motion, stored notifications, MCP activity) goes out on one Redis channel,
//! tagged with the instance and the org; every other instance's events come back in. Both
//! land on this instance's *cluster feed* buses, which only the SSE streams read. Local
//! consumers (notification emitters, the Sentinel dispatcher, the e-mail side-channel) stay
//! on the local buses, so an event still triggers its side effects exactly once, on the
//! instance that accepted it.
//!
//! Redis pub/sub is at-most-once: an instance that is disconnected misses what was sent
//! meanwhile, exactly like a browser that reconnects its stream. Publishing never waits on
//! Redis; the subscriber reconnects with backoff.

/// Shared with the invalidation subscriber.
pub(crate) mod backoff;
mod inbound;
mod outbound;
mod wire;

use crate::RedisAdapterError;
use sentinel_ports::driven::mcp_activity_events::{McpActivityEvents, McpActivitySubscription};
use sentinel_ports::driven::motion_events::{MotionEvents, MotionSubscription};
use sentinel_ports::driven::notification_events::{NotificationCreated, NotificationEvents};
use std::sync::Arc;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

/// The channel every instance publishes to and listens on.
pub const EVENTS_CHANNEL: &str = "sentinel:events";

#[derive(Debug, Clone)]
pub struct RelayConfig {
    pub redis_url: String,
    /// Names this process on the wire, so it skips its own messages.
    pub instance_id: String,
    /// [`EVENTS_CHANNEL`] in production; tests use one of their own.
    pub channel: String,
}

impl RelayConfig {
    pub fn new(redis_url: &str, instance_id: &str) -> Self {
        Self {
            redis_url: redis_url.to_owned(),
            instance_id: instance_id.to_owned(),
            channel: EVENTS_CHANNEL.to_owned(),
        }
    }
}

/// Subscriptions to this instance's local buses, taken before anything is published.
pub struct LocalSources {
    pub motion: Box<dyn MotionSubscription>,
    pub notifications: broadcast::Receiver<NotificationCreated>,
    pub mcp_activity: Box<dyn McpActivitySubscription>,
}

/// The cluster feed: buses only the SSE streams subscribe to. They receive this
/// instance's events and every other instance's.
#[derive(Clone)]
pub struct ClusterSinks {
    pub motion: Arc<dyn MotionEvents>,
    pub notifications: Arc<dyn NotificationEvents>,
    pub mcp_activity: Arc<dyn McpActivityEvents>,
}

/// The running relay; dropping it stops it (tests), [`EventRelay::detach`] lets it run
/// for the life of the process.
pub struct EventRelay {
    tasks: Vec<JoinHandle<()>>,
}

impl EventRelay {
    /// Starts forwarding and listening. Connects lazily: an unreachable Redis is logged and
    /// retried, never an error here; only a malformed URL is.
    pub fn start(
        config: RelayConfig,
        sources: LocalSources,
        sinks: ClusterSinks,
    ) -> Result<Self, RedisAdapterError> {
        let client = redis::Client::open(config.redis_url.as_str())
            .map_err(|e| RedisAdapterError::InvalidUrl(e.to_string()))?;
        let (outbound, queue) = outbound::Outbound::new(&config.instance_id);
        let tasks = vec![
            tokio::spawn(outbound::forward_motion(
                sources.motion,
                sinks.motion.clone(),
                outbound.clone(),
            )),
            tokio::spawn(outbound::forward_notifications(
                sources.notifications,
                sinks.notifications.clone(),
                outbound.clone(),
            )),
            tokio::spawn(outbound::forward_mcp_activity(
                sources.mcp_activity,
                sinks.mcp_activity.clone(),
                outbound,
            )),
            tokio::spawn(outbound::publish_queued(
                client.clone(),
                config.channel.clone(),
                queue,
            )),
            tokio::spawn(inbound::receive_cluster_events(
                client,
                config.channel,
                config.instance_id,
                sinks,
            )),
        ];
        Ok(Self { tasks })
    }

    /// Leaves the relay running until the runtime shuts down.
    pub fn detach(mut self) {
        // Dropping a JoinHandle detaches its task.
        self.tasks.clear();
    }
}

impl Drop for EventRelay {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
