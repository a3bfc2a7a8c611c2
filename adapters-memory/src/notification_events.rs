//! Stored notifications fanned out in process (SSE subscribers, the e-mail outbox).
//! A lagging subscriber loses the oldest events rather than slowing the publisher.

use sentinel_ports::driven::notification_events::{NotificationCreated, NotificationEvents};
use tokio::sync::broadcast;

const BACKLOG: usize = 1024;

pub struct BroadcastNotificationEvents {
    sender: broadcast::Sender<NotificationCreated>,
}

impl Default for BroadcastNotificationEvents {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(BACKLOG);
        Self { sender }
    }
}

impl BroadcastNotificationEvents {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<NotificationCreated> {
        self.sender.subscribe()
    }
}

impl NotificationEvents for BroadcastNotificationEvents {
    fn publish(&self, created: NotificationCreated) {
        // No subscriber is not an error: nobody is listening yet.
        let _ = self.sender.send(created);
    }
}
