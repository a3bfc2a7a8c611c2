//! Fleet transitions fanned out in process: every subscriber gets every event published
//! after it subscribed; a slow subscriber loses the oldest events rather than slowing the
//! publisher down.

use sentinel_ports::driven::fleet_events::{FleetEvent, FleetEvents};
use tokio::sync::broadcast;

/// Events a lagging subscriber may fall behind by before it misses some. A site of a
/// thousand cameras coming back at once (1,000 camera + 100 node transitions, measured in
/// the bench's fleet run) overflowed 1,024 while the notification emitter wrote its rows;
/// 4,096 slots cost about half a MiB.
const BACKLOG: usize = 4096;

pub struct BroadcastFleetEvents {
    sender: broadcast::Sender<FleetEvent>,
}

impl Default for BroadcastFleetEvents {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(BACKLOG);
        Self { sender }
    }
}

impl BroadcastFleetEvents {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<FleetEvent> {
        self.sender.subscribe()
    }
}

impl FleetEvents for BroadcastFleetEvents {
    fn publish(&self, event: FleetEvent) {
        tracing::debug!(?event, "fleet transition");
        // No subscriber is not an error: nobody is listening yet.
        let _ = self.sender.send(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentinel_domain::ids::{NodeId, OrgId};

    fn offline(node: &str) -> FleetEvent {
        FleetEvent::NodeOffline {
            org: OrgId::new("org"),
            node: NodeId::new(node),
            name: node.to_owned(),
        }
    }

    #[tokio::test]
    async fn subscribers_receive_events_published_after_they_joined() {
        let bus = BroadcastFleetEvents::new();
        bus.publish(offline("before"));
        let mut first = bus.subscribe();
        let mut second = bus.subscribe();
        bus.publish(offline("after"));
        assert_eq!(first.recv().await.unwrap(), offline("after"));
        assert_eq!(second.recv().await.unwrap(), offline("after"));
    }

    #[tokio::test]
    async fn a_thousand_camera_site_coming_back_at_once_reaches_a_busy_subscriber_whole() {
        let bus = BroadcastFleetEvents::new();
        let mut slow = bus.subscribe();
        let burst = 1_100;
        for n in 0..burst {
            bus.publish(offline(&format!("node-{n}")));
        }
        for n in 0..burst {
            assert_eq!(slow.recv().await.unwrap(), offline(&format!("node-{n}")));
        }
    }
}
