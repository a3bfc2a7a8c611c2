//! In-process adapters for a single instance: the live segment store, the viewer meter and
//! the fleet event bus.

mod fleet_events;
mod live_store;
mod viewer_meter;

pub use fleet_events::BroadcastFleetEvents;
pub use live_store::MemoryLiveStore;
pub use viewer_meter::MemoryViewerMeter;
