//! Application services: what handlers and background loops call.

pub mod api_keys;
pub mod audit_trail;
pub mod cameras;
pub mod email;
pub mod fleet;
pub mod fleet_directory;
pub mod gdpr;
pub mod health;
pub mod incidents;
pub mod integration;
pub mod live;
pub mod live_snapshot;
pub mod local_plan;
pub mod mcp;
pub mod motion;
pub mod motion_queries;
pub mod node_socket;
pub mod notifications;
pub mod offline_sweep;
pub mod org_settings;
pub mod plan_lookup;
pub mod releases;
pub mod retention;
pub mod sentinel;
pub mod stream_logs;
pub mod webhooks;
