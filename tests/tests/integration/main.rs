//! Integration tests: the real app over real HTTP. One binary, one module per surface.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cameras_api;
mod cors;
mod docs;
mod fleet_directory;
mod health;
mod identity;
mod local_mode;
mod middleware;
mod node_socket;
mod offline_sweep;
mod rate_limits;
mod static_files;
mod storage;
