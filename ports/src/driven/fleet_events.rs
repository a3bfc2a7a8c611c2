//! Liveness transitions of nodes and cameras, published for whoever listens (the
//! notification pipeline attaches here). Publishing never blocks and never fails.

use sentinel_domain::ids::{CameraId, NodeId, OrgId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FleetEvent {
    NodeOnline {
        org: OrgId,
        node: NodeId,
        name: String,
    },
    NodeOffline {
        org: OrgId,
        node: NodeId,
        name: String,
    },
    CameraOnline {
        org: OrgId,
        camera: CameraId,
        node: Option<NodeId>,
        name: String,
    },
    CameraOffline {
        org: OrgId,
        camera: CameraId,
        node: Option<NodeId>,
        name: String,
    },
}

pub trait FleetEvents: Send + Sync {
    fn publish(&self, event: FleetEvent);
}
