//! Accepted motion events, published for whoever listens (the dashboard and Home Assistant
//! SSE streams and the motion notification attach here). Publishing never blocks and never
//! fails.

use chrono::NaiveDateTime;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};

/// One stored motion event, as the streams carry it (`{"type": "motion", camera_id,
/// node_id, score, timestamp}`, plus what the notification needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionDetected {
    pub org: OrgId,
    pub camera_id: CameraId,
    pub node_id: NodeId,
    /// 0..=100.
    pub score: i32,
    /// The node's time with any offset dropped, or the server's when it sent none.
    pub timestamp: NaiveDateTime,
    pub segment_seq: Option<i64>,
}

pub trait MotionEvents: Send + Sync {
    fn publish(&self, event: MotionDetected);
}

/// One listener's view of the motion events published after it subscribed.
#[async_trait::async_trait]
pub trait MotionSubscription: Send {
    /// The next event (a lagging listener skips what it missed); `None` once the bus is
    /// gone.
    async fn next(&mut self) -> Option<MotionDetected>;
}

/// Where listeners (the SSE streams) subscribe to the events [`MotionEvents`] publishes.
pub trait MotionFeed: Send + Sync {
    fn subscribe(&self) -> Box<dyn MotionSubscription>;
}
