//! Other instances' events: one subscription to the channel, resubscribed with backoff
//! whenever the connection is lost; a periodic PING notices a connection that died silently.

use super::ClusterSinks;
use super::backoff::Backoff;
use super::wire::{ClusterEvent, Envelope};
use futures_util::StreamExt;
use redis::aio::{PubSubSink, PubSubStream};
use std::time::Duration;

/// How often an idle subscription checks that Redis is still there.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long connecting, subscribing or a PING may take.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(3);

/// Runs until the task is aborted.
pub async fn receive_cluster_events(
    client: redis::Client,
    channel: String,
    instance: String,
    sinks: ClusterSinks,
) {
    let mut backoff = Backoff::default();
    loop {
        match subscribe(&client, &channel).await {
            Ok((sink, stream)) => {
                backoff.reset();
                tracing::info!(%channel, "receiving other instances' events");
                let lost = pump(sink, stream, &instance, &sinks).await;
                tracing::warn!(%channel, reason = lost, "cluster event subscription lost");
            }
            Err(error) => {
                tracing::warn!(%channel, %error, "cannot subscribe to cluster events");
            }
        }
        let retry_in = backoff.next_delay();
        tracing::info!(?retry_in, "resubscribing to cluster events");
        tokio::time::sleep(retry_in).await;
    }
}

async fn subscribe(
    client: &redis::Client,
    channel: &str,
) -> Result<(PubSubSink, PubSubStream), String> {
    let connecting = async {
        let mut pubsub = client.get_async_pubsub().await?;
        pubsub.subscribe(channel).await?;
        Ok::<_, redis::RedisError>(pubsub.split())
    };
    match tokio::time::timeout(ANSWER_TIMEOUT, connecting).await {
        Ok(Ok(parts)) => Ok(parts),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err(format!("no answer in {ANSWER_TIMEOUT:?}")),
    }
}

/// Delivers messages until the connection ends; returns why it did.
async fn pump(
    mut sink: PubSubSink,
    mut stream: PubSubStream,
    instance: &str,
    sinks: &ClusterSinks,
) -> &'static str {
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            message = stream.next() => match message {
                Some(message) => deliver(message.get_payload_bytes(), instance, sinks),
                None => return "connection closed",
            },
            _ = ping.tick() => {
                let answered = tokio::time::timeout(ANSWER_TIMEOUT, sink.ping::<redis::Value>()).await;
                if !matches!(answered, Ok(Ok(_))) {
                    return "PING unanswered";
                }
            }
        }
    }
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
