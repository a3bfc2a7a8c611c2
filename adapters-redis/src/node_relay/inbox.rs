//! This instance's subscription: command requests for its nodes, replies to the commands
//! it relayed, and every instance's presence news. Resubscribes when the connection drops.

use super::ClusterNodeCommands;
use super::wire::{CommandReply, CommandRequest, PresenceNews};
use futures_util::StreamExt;
use redis::aio::PubSubStream;
use std::sync::{Arc, Weak};
use std::time::Duration;

const RESUBSCRIBE_EVERY: Duration = Duration::from_secs(1);

pub(super) async fn subscribe(
    client: &redis::Client,
    channels: &[String],
) -> redis::RedisResult<PubSubStream> {
    let mut pubsub = client.get_async_pubsub().await?;
    for channel in channels {
        pubsub.subscribe(channel).await?;
    }
    Ok(pubsub.into_on_message())
}

/// Runs until the relay is dropped.
pub(super) async fn listen(
    commands: Weak<ClusterNodeCommands>,
    client: redis::Client,
    channels: Vec<String>,
    mut stream: PubSubStream,
) {
    loop {
        while let Some(message) = stream.next().await {
            let Some(commands) = commands.upgrade() else {
                return;
            };
            dispatch(&commands, &message);
        }
        tracing::warn!("node relay subscription lost; resubscribing");
        stream = loop {
            tokio::time::sleep(RESUBSCRIBE_EVERY).await;
            if commands.strong_count() == 0 {
                return;
            }
            match subscribe(&client, &channels).await {
                Ok(stream) => break stream,
                Err(error) => tracing::warn!(%error, "cannot resubscribe the node relay"),
            }
        };
    }
}

fn dispatch(commands: &Arc<ClusterNodeCommands>, message: &redis::Msg) {
    let Ok(text) = message.get_payload::<String>() else {
        return;
    };
    let channel = message.get_channel_name();
    let names = &commands.names;
    if channel == names.requests(&commands.instance) {
        match serde_json::from_str::<CommandRequest>(&text) {
            Ok(request) => {
                tokio::spawn(commands.clone().answer_request(request));
            }
            Err(error) => tracing::warn!(%error, "unreadable relayed node command"),
        }
    } else if channel == names.replies(&commands.instance) {
        match serde_json::from_str::<CommandReply>(&text) {
            Ok(reply) => commands.take_reply(reply),
            Err(error) => tracing::warn!(%error, "unreadable relayed command result"),
        }
    } else if channel == names.presence() {
        match serde_json::from_str::<PresenceNews>(&text) {
            Ok(news) if news.roll_call => {
                if news.instance != commands.instance {
                    commands.presence.answer_roll_call();
                }
            }
            Ok(news) => commands.remote.apply(news, &commands.instance),
            Err(error) => tracing::warn!(%error, "unreadable node presence news"),
        }
    }
}
