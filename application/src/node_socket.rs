//! What a node's WebSocket heartbeat changes: the node's liveness, address and version,
//! and its cameras' statuses. (Storage stats and plan caps ride on the HTTP heartbeat.)

use chrono::NaiveDateTime;
use sentinel_domain::fleet::{CameraStatusReport, NodeChanges, VersionPolicy};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::fleet_events::{FleetEvent, FleetEvents};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo, RepoResult, Repositories};
use serde::Deserialize;
use std::sync::Arc;

/// The heartbeat frame's payload as the CloudNode sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SocketHeartbeat {
    #[serde(default)]
    pub cameras: Vec<CameraReport>,
    pub local_ip: Option<String>,
    pub lan_streaming: Option<bool>,
    pub node_version: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CameraReport {
    pub camera_id: String,
    pub status: Option<String>,
    pub last_error: Option<String>,
}

/// The hints of the `ack` frame (each present only when set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatAck {
    pub update_available: Option<String>,
    pub unsupported: bool,
}

/// Heartbeats that CloudNodes send over their WebSocket.
pub struct SocketHeartbeats {
    cameras: Arc<dyn CameraRepo>,
    nodes: Arc<dyn NodeRepo>,
    events: Arc<dyn FleetEvents>,
}

impl SocketHeartbeats {
    pub fn new(repos: &Repositories, events: Arc<dyn FleetEvents>) -> Self {
        Self {
            cameras: repos.cameras.clone(),
            nodes: repos.nodes.clone(),
            events,
        }
    }

    /// Records the heartbeat and publishes the node's and cameras' liveness transitions.
    pub fn record_heartbeat(
        &self,
        org: &OrgId,
        node: &NodeId,
        heartbeat: &SocketHeartbeat,
        versions: &VersionPolicy,
        at: NaiveDateTime,
    ) -> RepoResult<HeartbeatAck> {
        let was_online = self
            .nodes
            .get(org, node)?
            .is_some_and(|before| before.status.as_deref() == Some("online"));
        let cameras_before = self.cameras.list_for_node(org, node)?;
        let verdict = versions.check(heartbeat.node_version.as_deref());
        let local_ip = match (heartbeat.lan_streaming, heartbeat.local_ip.as_deref()) {
            (Some(false), _) => Some(None),
            (_, Some(ip)) if !ip.is_empty() => Some(Some(ip.to_owned())),
            _ => None,
        };
        let changes = NodeChanges {
            status: Some("online".to_owned()),
            last_seen: Some(at),
            local_ip,
            node_version: Some(verdict.reported.map(|v| v.to_string())),
            version_checked_at: Some(at),
            ..NodeChanges::default()
        };
        let updated = self.nodes.update(org, node, &changes)?;
        if !was_online {
            self.events.publish(FleetEvent::NodeOnline {
                org: org.clone(),
                node: node.clone(),
                name: updated.name.clone(),
            });
        }
        let reports: Vec<CameraStatusReport> = heartbeat
            .cameras
            .iter()
            .map(|camera| {
                CameraStatusReport::new(
                    CameraId::new(camera.camera_id.clone()),
                    camera.status.clone().unwrap_or_else(|| "online".to_owned()),
                    camera.last_error.as_deref(),
                )
            })
            .collect();
        self.cameras
            .record_status_reports(org, node, &reports, at)?;
        for camera in &cameras_before {
            let Some(report) = reports.iter().find(|r| r.camera_id == camera.camera_id) else {
                continue;
            };
            let was_live = camera.status.as_deref().is_some_and(is_live);
            let event = if is_live(&report.status) && !was_live {
                FleetEvent::CameraOnline {
                    org: org.clone(),
                    camera: camera.camera_id.clone(),
                    node: Some(node.clone()),
                    name: camera.name.clone(),
                }
            } else if report.status == "offline" && camera.status.as_deref() != Some("offline") {
                FleetEvent::CameraOffline {
                    org: org.clone(),
                    camera: camera.camera_id.clone(),
                    node: Some(node.clone()),
                    name: camera.name.clone(),
                }
            } else {
                continue;
            };
            self.events.publish(event);
        }
        Ok(HeartbeatAck {
            update_available: verdict.update_available.map(|v| v.to_string()),
            unsupported: !verdict.supported,
        })
    }
}

/// `online` and `streaming` both mean the camera delivers video (the original only
/// recognised `online`, which streaming nodes never report).
fn is_live(status: &str) -> bool {
    matches!(status, "online" | "streaming")
}
