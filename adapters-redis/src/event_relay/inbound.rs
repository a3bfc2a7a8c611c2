//! Other instances' events, from the channel [`crate::listener`] keeps subscribed.

use super::ClusterSinks;
use super::wire::{ClusterEvent, Envelope};

/// Runs until the task is aborted.
pub async fn receive_cluster_events(
    client: redis::Client,
    channel: String,
    instance: String,
    sinks: ClusterSinks,
) {
    crate::listener::listen(
        &client,
        &channel,
        "cluster events",
        || {},
        |payload| deliver(payload, &instance, &sinks),
    )
    .await;
}

fn deliver(payload: &[u8], instance: &str, sinks: &ClusterSinks) {
    let envelope = match Envelope::from_json(payload) {
        Ok(envelope) => envelope,
        Err(error) => {
            tracing::warn!(%error, "unreadable cluster event skipped");
            return;
        }
    };
    // Our own events reached the cluster feed directly when they were published.
    if envelope.instance == instance {
        return;
    }
    match envelope.into_event() {
        Ok(ClusterEvent::Motion(event)) => sinks.motion.publish(event),
        Ok(ClusterEvent::Notification(created)) => sinks.notifications.publish(created),
        Ok(ClusterEvent::McpActivity(event)) => sinks.mcp_activity.publish(event),
        Err(error) => tracing::warn!(%error, "cluster event skipped"),
    }
}
