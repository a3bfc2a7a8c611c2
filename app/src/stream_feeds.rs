//! What the SSE streams subscribe to and count against. One instance: the local buses and
//! in-memory caps. With `REDIS_URL`: *cluster feed* buses that carry this instance's events
//! and every other instance's (relayed through Redis), and caps counted across instances.
//! Local consumers (notification emitters, the Sentinel dispatcher, e-mail) keep reading
//! the local buses, so side effects still happen once, where the event was accepted.

use crate::config::Config;
use sentinel_adapters_http::NotificationFeed;
use sentinel_adapters_http::sse::SubscriberRegistry;
use sentinel_adapters_memory::{
    BroadcastMcpActivity, BroadcastMotionEvents, BroadcastNotificationEvents,
};
use sentinel_adapters_redis::{
    ClusterSinks, EventRelay, LocalSources, RedisAdapterError, RedisStreamSlots, RelayConfig,
    SlotConfig,
};
use sentinel_ports::driven::mcp_activity_events::McpActivityFeed;
use sentinel_ports::driven::motion_events::MotionFeed;
use sentinel_ports::driven::stream_slots::StreamSlots;
use std::sync::Arc;

/// The feeds behind the motion (dashboard and Home Assistant), notification and MCP
/// activity streams.
pub struct StreamFeeds {
    pub motion: Arc<dyn MotionFeed>,
    pub notifications: NotificationFeed,
    pub mcp_activity: Arc<dyn McpActivityFeed>,
}

/// This instance's local buses, which the feeds are built from.
pub struct LocalBuses<'a> {
    pub motion: &'a Arc<BroadcastMotionEvents>,
    pub notifications: &'a Arc<BroadcastNotificationEvents>,
    pub mcp_activity: &'a Arc<BroadcastMcpActivity>,
}

/// The feeds; with `REDIS_URL`, starts the relay (for the life of the process). Call before
/// anything is published: the relay forwards what it sees from its subscription on.
pub fn stream_feeds(
    config: &Config,
    local: LocalBuses<'_>,
) -> Result<StreamFeeds, RedisAdapterError> {
    if config.redis_url.is_empty() {
        return Ok(StreamFeeds {
            motion: local.motion.clone(),
            notifications: notification_feed(local.notifications.clone()),
            mcp_activity: local.mcp_activity.clone(),
        });
    }
    let cluster_motion = Arc::new(BroadcastMotionEvents::new());
    let cluster_notifications = Arc::new(BroadcastNotificationEvents::new());
    let cluster_activity = Arc::new(BroadcastMcpActivity::new());
    EventRelay::start(
        RelayConfig::new(&config.redis_url, &config.instance_id),
        LocalSources {
            motion: MotionFeed::subscribe(local.motion.as_ref()),
            notifications: local.notifications.subscribe(),
            mcp_activity: McpActivityFeed::subscribe(local.mcp_activity.as_ref()),
        },
        ClusterSinks {
            motion: cluster_motion.clone(),
            notifications: cluster_notifications.clone(),
            mcp_activity: cluster_activity.clone(),
        },
    )?
    .detach();
    tracing::info!(instance = %config.instance_id, "SSE streams fed across instances through Redis");
    Ok(StreamFeeds {
        motion: cluster_motion,
        notifications: notification_feed(cluster_notifications),
        mcp_activity: cluster_activity,
    })
}

fn notification_feed(bus: Arc<BroadcastNotificationEvents>) -> NotificationFeed {
    Arc::new(move || bus.subscribe())
}

/// One subscriber pool per stream kind (dashboards and Home Assistant never take each
/// other's places).
pub struct StreamPools {
    pub motion: Arc<SubscriberRegistry>,
    pub integration_motion: Arc<SubscriberRegistry>,
    pub notifications: Arc<SubscriberRegistry>,
    pub mcp_activity: Arc<SubscriberRegistry>,
}

impl StreamPools {
    /// In memory, or counted across instances in Redis when `REDIS_URL` is set.
    pub async fn connect(config: &Config) -> Result<Self, RedisAdapterError> {
        if config.redis_url.is_empty() {
            return Ok(Self {
                motion: Arc::new(SubscriberRegistry::new()),
                integration_motion: Arc::new(SubscriberRegistry::new()),
                notifications: Arc::new(SubscriberRegistry::new()),
                mcp_activity: Arc::new(SubscriberRegistry::new()),
            });
        }
        let slots: Arc<dyn StreamSlots> = Arc::new(
            RedisStreamSlots::connect(&config.redis_url, SlotConfig::new(&config.instance_id))
                .await?,
        );
        let pool = |stream| Arc::new(SubscriberRegistry::clustered(slots.clone(), stream));
        Ok(Self {
            motion: pool("motion"),
            integration_motion: pool("integration_motion"),
            notifications: pool("notification"),
            mcp_activity: pool("mcp_activity"),
        })
    }
}

/// The MCP activity stream's parts: the local bus the tracker publishes on, the feed the
/// stream reads, and its subscriber pool.
pub struct ActivityStream {
    pub bus: Arc<BroadcastMcpActivity>,
    pub feed: Arc<dyn McpActivityFeed>,
    pub subscribers: Arc<SubscriberRegistry>,
}
