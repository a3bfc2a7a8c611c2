//! Thin assembly: configuration, wiring of adapters into the HTTP app, background loops,
//! and the `sentinel` binary's commands.

pub mod cluster;
pub mod config;
pub mod database;
pub mod email;
pub mod live;
pub mod loops;
pub mod maintenance;
pub mod notification_emitters;
pub mod probes;
pub mod sentinel;
pub mod server;
pub mod stream_feeds;
pub mod telemetry;
mod tiered_store;
mod use_cases;
pub mod wiring;
