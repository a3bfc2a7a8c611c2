//! In-process adapters for a single instance: the live segment store, the viewer meter and
//! the fleet, motion and notification event buses.

mod broadcast_bus;
mod fleet_events;
mod lease;
mod live_store;
mod mcp_activity_events;
mod motion_events;
mod notification_events;
mod viewer_meter;

pub use broadcast_bus::{BroadcastBus, BusSubscription};
pub use fleet_events::BroadcastFleetEvents;
pub use lease::MemoryLease;
pub use live_store::MemoryLiveStore;
pub use mcp_activity_events::BroadcastMcpActivity;
pub use motion_events::BroadcastMotionEvents;
pub use notification_events::BroadcastNotificationEvents;
pub use viewer_meter::MemoryViewerMeter;
