//! Integration tests: the real app over real HTTP. One binary, one module per surface.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cameras_api;
mod cors;
mod docs;
mod downloads;
mod fleet_directory;
mod health;
mod identity;
mod live_common;
mod live_metering;
mod live_playlists;
mod live_segments;
mod local_mode;
mod middleware;
mod motion;
mod node_socket;
mod nodes_admin;
mod nodes_auth;
mod nodes_common;
mod nodes_heartbeat;
mod nodes_plan_caps;
mod nodes_register;
mod offline_sweep;
mod rate_limits;
mod static_files;
mod storage;
