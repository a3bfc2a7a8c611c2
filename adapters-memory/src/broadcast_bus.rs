//! A generic in-process fan-out: every subscriber gets every value published after it
//! subscribed; a slow subscriber loses the oldest values rather than slowing the publisher.
//! The typed buses (MCP activity, and any new one) are this with their event type.

use tokio::sync::broadcast;

pub struct BroadcastBus<T: Clone> {
    sender: broadcast::Sender<T>,
}

impl<T: Clone> BroadcastBus<T> {
    /// A bus whose subscribers may fall `backlog` values behind before they miss some.
    pub fn with_backlog(backlog: usize) -> Self {
        let (sender, _) = broadcast::channel(backlog.max(1));
        Self { sender }
    }

    pub fn publish(&self, value: T) {
        // No subscriber is not an error: nobody is listening yet.
        let _ = self.sender.send(value);
    }

    pub fn subscribe(&self) -> BusSubscription<T> {
        BusSubscription {
            receiver: self.sender.subscribe(),
        }
    }
}

/// One subscriber's receiver.
pub struct BusSubscription<T: Clone> {
    receiver: broadcast::Receiver<T>,
}

impl<T: Clone> BusSubscription<T> {
    /// The next value, skipping over what this subscriber lagged behind on; `None` once the
    /// bus is gone.
    pub async fn next(&mut self) -> Option<T> {
        loop {
            match self.receiver.recv().await {
                Ok(value) => return Some(value),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "bus subscriber lagged; values dropped");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_get_what_is_published_after_they_joined() {
        let bus = BroadcastBus::with_backlog(4);
        bus.publish(1);
        let mut first = bus.subscribe();
        let mut second = bus.subscribe();
        bus.publish(2);
        assert_eq!(first.next().await, Some(2));
        assert_eq!(second.next().await, Some(2));
    }

    #[tokio::test]
    async fn a_lagging_subscriber_skips_to_what_is_still_buffered() {
        let bus = BroadcastBus::with_backlog(2);
        let mut slow = bus.subscribe();
        for value in 0..5 {
            bus.publish(value);
        }
        assert_eq!(slow.next().await, Some(3));
        assert_eq!(slow.next().await, Some(4));
    }
}
