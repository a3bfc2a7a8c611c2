//! In-process adapters for a single instance: the live segment store (and, later, the
//! event bus and the viewer meter).

mod fleet_events;
mod live_store;

pub use fleet_events::BroadcastFleetEvents;
pub use live_store::MemoryLiveStore;
