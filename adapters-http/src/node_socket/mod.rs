//! The CloudNode WebSocket channel (`/ws/node`): heartbeats in, commands out, results
//! correlated by id.

mod channel;
mod registry;
mod window;

pub use channel::configure;
pub use registry::NodeSockets;
