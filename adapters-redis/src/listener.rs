//! One channel's subscription kept alive: subscribed with a timeout, resubscribed with
//! backoff whenever the connection is lost, and pinged while idle so a connection that
//! died silently is noticed. Each payload goes to the caller's handler.

use crate::event_relay::backoff::Backoff;
use futures_util::StreamExt;
use redis::aio::{PubSubSink, PubSubStream};
use std::time::Duration;

/// How often an idle subscription checks that Redis is still there.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long connecting, subscribing or a PING may take.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(3);

/// Listens to `channel` until the task is aborted. `on_subscribed` runs after every
/// successful (re)subscription, before any message of it; `what` names the feed in logs.
pub async fn listen(
    client: &redis::Client,
    channel: &str,
    what: &'static str,
    mut on_subscribed: impl FnMut(),
    mut on_message: impl FnMut(&[u8]),
) {
    let mut backoff = Backoff::default();
    loop {
        match subscribe(client, channel).await {
            Ok((sink, stream)) => {
                backoff.reset();
                on_subscribed();
                tracing::info!(%channel, what, "receiving other instances' messages");
                let lost = pump(sink, stream, &mut on_message).await;
                tracing::warn!(%channel, what, reason = lost, "subscription lost");
            }
            Err(error) => tracing::warn!(%channel, what, %error, "cannot subscribe"),
        }
        let retry_in = backoff.next_delay();
        tracing::info!(?retry_in, what, "resubscribing");
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
    on_message: &mut impl FnMut(&[u8]),
) -> &'static str {
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            message = stream.next() => match message {
                Some(message) => on_message(message.get_payload_bytes()),
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
