//! Motion events fanned out in process: every subscriber (SSE streams, the notification
//! pipeline) gets every event published after it subscribed; a slow subscriber loses the
//! oldest events rather than slowing ingestion down.

use sentinel_ports::driven::motion_events::{
    MotionDetected, MotionEvents, MotionFeed, MotionSubscription,
};
use tokio::sync::broadcast;

/// Events a lagging subscriber may fall behind by before it misses some.
const BACKLOG: usize = 1024;

pub struct BroadcastMotionEvents {
    sender: broadcast::Sender<MotionDetected>,
}

impl Default for BroadcastMotionEvents {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(BACKLOG);
        Self { sender }
    }
}

impl BroadcastMotionEvents {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<MotionDetected> {
        self.sender.subscribe()
    }
}

impl MotionEvents for BroadcastMotionEvents {
    fn publish(&self, event: MotionDetected) {
        tracing::debug!(org = %event.org, camera_id = %event.camera_id, score = event.score, "motion");
        // No subscriber is not an error: nobody is listening yet.
        let _ = self.sender.send(event);
    }
}

impl MotionFeed for BroadcastMotionEvents {
    fn subscribe(&self) -> Box<dyn MotionSubscription> {
        Box::new(BroadcastMotionSubscription {
            receiver: self.sender.subscribe(),
        })
    }
}

/// A receiver that skips over what it lagged behind on.
struct BroadcastMotionSubscription {
    receiver: broadcast::Receiver<MotionDetected>,
}

#[async_trait::async_trait]
impl MotionSubscription for BroadcastMotionSubscription {
    async fn next(&mut self) -> Option<MotionDetected> {
        loop {
            match self.receiver.recv().await {
                Ok(event) => return Some(event),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "motion subscriber lagged; events dropped");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sentinel_domain::ids::{CameraId, NodeId, OrgId};

    fn motion(score: i32) -> MotionDetected {
        MotionDetected {
            org: OrgId::new("org"),
            camera_id: CameraId::new("abcd1234_cam0"),
            node_id: NodeId::new("abcd1234"),
            score,
            timestamp: NaiveDate::from_ymd_opt(2026, 11, 27)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .unwrap(),
            segment_seq: None,
        }
    }

    #[tokio::test]
    async fn subscribers_receive_events_published_after_they_joined() {
        let bus = BroadcastMotionEvents::new();
        bus.publish(motion(1));
        let mut first = bus.subscribe();
        let mut second = bus.subscribe();
        bus.publish(motion(2));
        assert_eq!(first.recv().await.unwrap(), motion(2));
        assert_eq!(second.recv().await.unwrap(), motion(2));
    }
}
