//! The offline sweep: nodes and cameras silent for more than 90 s are marked offline and
//! each transition is published.

use chrono::NaiveDateTime;
use sentinel_domain::fleet::OFFLINE_AFTER;
use sentinel_ports::driven::fleet_events::{FleetEvent, FleetEvents};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo, RepoResult, Repositories};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub nodes: usize,
    pub cameras: usize,
}

/// Marks nodes and cameras offline when their heartbeats stop.
pub struct OfflineSweep {
    cameras: Arc<dyn CameraRepo>,
    nodes: Arc<dyn NodeRepo>,
    events: Arc<dyn FleetEvents>,
}

impl OfflineSweep {
    pub fn new(repos: &Repositories, events: Arc<dyn FleetEvents>) -> Self {
        Self {
            cameras: repos.cameras.clone(),
            nodes: repos.nodes.clone(),
            events,
        }
    }

    pub fn sweep(&self, now: NaiveDateTime) -> RepoResult<SweepReport> {
        let cutoff = now - OFFLINE_AFTER;
        let nodes = self.nodes.mark_stale_offline(cutoff)?;
        let cameras = self.cameras.mark_stale_offline(cutoff)?;
        for node in &nodes {
            self.events.publish(FleetEvent::NodeOffline {
                org: node.org_id.clone(),
                node: node.node_id.clone(),
                name: if node.name.is_empty() {
                    node.node_id.to_string()
                } else {
                    node.name.clone()
                },
            });
        }
        for listing in &cameras {
            self.events.publish(FleetEvent::CameraOffline {
                org: listing.camera.org_id.clone(),
                camera: listing.camera.camera_id.clone(),
                node: listing.node_id.clone(),
                name: listing.camera.name.clone(),
            });
        }
        if !nodes.is_empty() || !cameras.is_empty() {
            tracing::info!(
                nodes = nodes.len(),
                cameras = cameras.len(),
                "offline sweep"
            );
        }
        Ok(SweepReport {
            nodes: nodes.len(),
            cameras: cameras.len(),
        })
    }
}
