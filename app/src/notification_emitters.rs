//! The notification emitters: one task listening to the fleet and motion buses and
//! turning transitions and motion into notifications; and the health report's view of the
//! notification streams.

use sentinel_adapters_http::sse::SubscriberRegistry;
use sentinel_application::blocking::unblock_value;
use sentinel_application::notifications::NotificationEmitters;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::fleet_events::FleetEvent;
use sentinel_ports::driven::health::RuntimeStats;
use sentinel_ports::driven::motion_events::MotionDetected;
use std::sync::Arc;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;

/// What the emitters write with.
#[derive(Clone)]
pub struct EmitterPorts {
    pub emitters: Arc<NotificationEmitters>,
    pub clock: Arc<dyn Clock>,
}

/// Spawns the emitter task; it runs until both buses close. A lagging bus is logged and
/// skipped over, a failed notification is logged by the pipeline: nothing stops the task.
pub fn start(
    ports: EmitterPorts,
    mut fleet: Receiver<FleetEvent>,
    mut motion: Receiver<MotionDetected>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let (mut fleet_open, mut motion_open) = (true, true);
        while fleet_open || motion_open {
            tokio::select! {
                received = fleet.recv(), if fleet_open => match received {
                    Ok(event) => on_fleet_event(&ports, event).await,
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "notification emitter lagged behind the fleet bus");
                    }
                    Err(RecvError::Closed) => fleet_open = false,
                },
                received = motion.recv(), if motion_open => match received {
                    Ok(event) => on_motion(&ports, event).await,
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "notification emitter lagged behind the motion bus");
                    }
                    Err(RecvError::Closed) => motion_open = false,
                },
            }
        }
    })
}

async fn on_fleet_event(ports: &EmitterPorts, event: FleetEvent) {
    let emitters = ports.emitters.clone();
    let at = ports.clock.now().naive_utc();
    let work = unblock_value(move || {
        emitters.on_fleet_event(&event, at);
    });
    if let Err(error) = work.await {
        tracing::error!(%error, "fleet notification task failed");
    }
}

async fn on_motion(ports: &EmitterPorts, event: MotionDetected) {
    let emitters = ports.emitters.clone();
    let at = ports.clock.now().naive_utc();
    let work = unblock_value(move || {
        emitters.on_motion(&event, at);
    });
    if let Err(error) = work.await {
        tracing::error!(%error, "motion notification task failed");
    }
}

/// The live path's counters, with the notification streams' real subscriber numbers.
pub struct StreamRuntimeStats {
    pub live: Arc<dyn RuntimeStats>,
    pub notifications: Arc<SubscriberRegistry>,
}

impl RuntimeStats for StreamRuntimeStats {
    fn playlists_cached(&self) -> u64 {
        self.live.playlists_cached()
    }
    fn segment_cameras(&self) -> u64 {
        self.live.segment_cameras()
    }
    fn pending_viewer_writes(&self) -> u64 {
        self.live.pending_viewer_writes()
    }
    fn notification_subscriber_orgs(&self) -> u64 {
        self.notifications.orgs()
    }
    fn notification_subscribers(&self) -> u64 {
        self.notifications.subscribers()
    }
}
