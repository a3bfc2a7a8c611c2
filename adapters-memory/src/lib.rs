//! In-process adapters for a single instance: the live segment store, the viewer meter and
//! the fleet and motion event buses.

mod fleet_events;
mod live_store;
mod motion_events;
mod viewer_meter;

pub use fleet_events::BroadcastFleetEvents;
pub use live_store::MemoryLiveStore;
pub use motion_events::BroadcastMotionEvents;
pub use viewer_meter::MemoryViewerMeter;
