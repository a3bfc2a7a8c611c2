//! MCP tool-call events fanned out in process to the dashboard's activity streams.

use crate::broadcast_bus::{BroadcastBus, BusSubscription};
use sentinel_domain::mcp::activity::ActivityEvent;
use sentinel_ports::driven::mcp_activity_events::{
    McpActivityEvents, McpActivityFeed, McpActivitySubscription,
};

/// How far a stream may fall behind before it misses events (the original's
/// per-subscriber queue of 100).
const BACKLOG: usize = 100;

pub struct BroadcastMcpActivity {
    bus: BroadcastBus<ActivityEvent>,
}

impl Default for BroadcastMcpActivity {
    fn default() -> Self {
        Self {
            bus: BroadcastBus::with_backlog(BACKLOG),
        }
    }
}

impl BroadcastMcpActivity {
    pub fn new() -> Self {
        Self::default()
    }
}

impl McpActivityEvents for BroadcastMcpActivity {
    fn publish(&self, event: ActivityEvent) {
        self.bus.publish(event);
    }
}

impl McpActivityFeed for BroadcastMcpActivity {
    fn subscribe(&self) -> Box<dyn McpActivitySubscription> {
        Box::new(Subscription(self.bus.subscribe()))
    }
}

struct Subscription(BusSubscription<ActivityEvent>);

#[async_trait::async_trait]
impl McpActivitySubscription for Subscription {
    async fn next(&mut self) -> Option<ActivityEvent> {
        self.0.next().await
    }
}
