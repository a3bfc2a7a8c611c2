//! In-process adapters for a single instance: the live segment store, the viewer meter and
//! the fleet, motion and notification event buses.

mod fleet_events;
mod live_store;
mod motion_events;
mod notification_events;
mod viewer_meter;

pub use fleet_events::BroadcastFleetEvents;
pub use live_store::MemoryLiveStore;
pub use motion_events::BroadcastMotionEvents;
pub use notification_events::BroadcastNotificationEvents;
pub use viewer_meter::MemoryViewerMeter;
