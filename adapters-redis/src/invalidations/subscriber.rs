//! Other instances' invalidations: one subscription to the channel, resubscribed with
//! backoff whenever the connection is lost; a periodic PING notices a connection that died
//! silently. Pub/sub is at-most-once, so every (re)subscription first drops all of this
//! instance's memories: whatever was missed meanwhile cannot outlive the reconnect.

use super::wire::{Envelope, Received};
use crate::event_relay::backoff::Backoff;
use futures_util::StreamExt;
use redis::aio::{PubSubSink, PubSubStream};
use sentinel_ports::driven::invalidations::InvalidationSink;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How often an idle subscription checks that Redis is still there.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long connecting, subscribing or a PING may take.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(3);

pub struct Subscription {
    pub client: redis::Client,
    pub channel: String,
    pub instance: String,
    pub sink: Arc<dyn InvalidationSink>,
    /// Counts successful subscriptions, so start-up (and tests) can wait for the first.
    pub subscribed: watch::Sender<u64>,
}

/// Runs until the task is aborted.
pub async fn receive_invalidations(subscription: Subscription) {
    let channel = subscription.channel.as_str();
    let mut backoff = Backoff::default();
    loop {
        match subscribe(&subscription.client, channel).await {
            Ok((sink, stream)) => {
                backoff.reset();
                subscription.sink.forget_everything();
                subscription.subscribed.send_modify(|count| *count += 1);
                tracing::info!(%channel, "receiving other instances' invalidations");
                let lost = pump(sink, stream, &subscription).await;
                tracing::warn!(%channel, reason = lost, "invalidation subscription lost");
            }
            Err(error) => {
                tracing::warn!(%channel, %error, "cannot subscribe to invalidations");
            }
        }
        let retry_in = backoff.next_delay();
        tracing::info!(?retry_in, "resubscribing to invalidations");
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

/// Applies messages until the connection ends; returns why it did.
async fn pump(
    mut sink: PubSubSink,
    mut stream: PubSubStream,
    subscription: &Subscription,
) -> &'static str {
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            message = stream.next() => match message {
                Some(message) => apply(message.get_payload_bytes(), subscription),
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

fn apply(payload: &[u8], subscription: &Subscription) {
    let envelope = match Envelope::from_json(payload) {
        Ok(envelope) => envelope,
        Err(error) => {
            tracing::warn!(%error, "unreadable invalidation skipped");
            return;
        }
    };
    // Our own invalidations were applied here before they were published.
    if envelope.instance == subscription.instance {
        return;
    }
    let received = Received::from(envelope.invalidate);
    tracing::debug!(?received, from = %envelope.instance, "invalidation received");
    match received {
        Received::Invalidate(invalidation) => subscription.sink.apply_remote(&invalidation),
        Received::ForgetEverything => subscription.sink.forget_everything(),
    }
}
