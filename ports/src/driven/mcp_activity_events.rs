//! MCP tool-call events, published for the dashboard's live activity stream. Publishing
//! never blocks and never fails.

use sentinel_domain::mcp::activity::ActivityEvent;

pub trait McpActivityEvents: Send + Sync {
    fn publish(&self, event: ActivityEvent);
}

/// One listener's view of the events published after it subscribed.
#[async_trait::async_trait]
pub trait McpActivitySubscription: Send {
    /// The next event (a lagging listener skips what it missed); `None` once the bus is gone.
    async fn next(&mut self) -> Option<ActivityEvent>;
}

/// Where the SSE stream subscribes.
pub trait McpActivityFeed: Send + Sync {
    fn subscribe(&self) -> Box<dyn McpActivitySubscription>;
}
