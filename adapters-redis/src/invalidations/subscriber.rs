//! Other instances' invalidations, from the channel [`crate::listener`] keeps subscribed.
//! Pub/sub is at-most-once, so every (re)subscription first drops all of this
//! instance's memories: whatever was missed meanwhile cannot outlive the reconnect.

use super::wire::{Envelope, Received};
use sentinel_ports::driven::invalidations::InvalidationSink;
use std::sync::Arc;
use tokio::sync::watch;

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
    crate::listener::listen(
        &subscription.client,
        &subscription.channel,
        "invalidations",
        || {
            subscription.sink.forget_everything();
            subscription.subscribed.send_modify(|count| *count += 1);
        },
        |payload| apply(payload, &subscription),
    )
    .await;
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
