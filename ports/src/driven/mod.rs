//! Traits implemented by adapters. Held as `Arc<dyn Trait + Send + Sync>` so tests swap them.

pub mod agent_wakeup;
pub mod clock;
pub mod fleet_events;
pub mod health;
pub mod identity;
pub mod invalidations;
pub mod lease;
pub mod live;
pub mod mailer;
pub mod mcp_activity_events;
pub mod metering;
pub mod motion_events;
pub mod node_commands;
pub mod notification_events;
pub mod org_directory;
pub mod rate_limit;
pub mod release_feed;
pub mod repos;
pub mod stream_slots;
