//! What a node's WebSocket heartbeat changes: the node's liveness, address and version,
//! and its cameras' statuses. (Storage stats and plan caps ride on the HTTP heartbeat.)

use chrono::NaiveDateTime;
use sentinel_domain::fleet::{
    CAMERA_STATUS_MAX_CHARS, CameraStatusReport, LOCAL_IP_MAX_CHARS, NODE_VERSION_MAX_CHARS,
    NodeChanges, VersionPolicy,
};
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

/// A heartbeat field longer than the HTTP heartbeat allows, worded as its 422 words it
/// (`String should have at most 20 characters (cameras.0.status)`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("String should have at most {max} characters ({field})")]
pub struct HeartbeatFieldTooLong {
    pub field: String,
    pub max: usize,
}

impl SocketHeartbeat {
    /// The HTTP heartbeat's limits on what this frame stores (rest-api.md §2.3): a camera
    /// status of at most 20 characters, a local address of 45, a version of 50. Checked
    /// before anything is written, so an oversized frame changes nothing on any engine.
    /// (`last_error` is not limited: the node sends it whole over the socket and the
    /// server keeps its first 500 characters, as on the HTTP path.)
    pub fn check_limits(&self) -> Result<(), HeartbeatFieldTooLong> {
        let too_long =
            |value: Option<&str>, max: usize| value.is_some_and(|text| text.chars().count() > max);
        let refuse = |field: String, max| Err(HeartbeatFieldTooLong { field, max });
        if too_long(self.local_ip.as_deref(), LOCAL_IP_MAX_CHARS) {
            return refuse("local_ip".into(), LOCAL_IP_MAX_CHARS);
        }
        if too_long(self.node_version.as_deref(), NODE_VERSION_MAX_CHARS) {
            return refuse("node_version".into(), NODE_VERSION_MAX_CHARS);
        }
        for (index, camera) in self.cameras.iter().enumerate() {
            if too_long(camera.status.as_deref(), CAMERA_STATUS_MAX_CHARS) {
                return refuse(format!("cameras.{index}.status"), CAMERA_STATUS_MAX_CHARS);
            }
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn frame(payload: serde_json::Value) -> SocketHeartbeat {
        serde_json::from_value(payload).unwrap()
    }

    #[test]
    fn the_http_heartbeat_limits_count_characters() {
        let at_the_limits = frame(json!({
            "cameras": [{"camera_id": "c", "status": "é".repeat(20), "last_error": "x".repeat(5000)}],
            "local_ip": "é".repeat(45), "node_version": "é".repeat(50)
        }));
        assert_eq!(at_the_limits.check_limits(), Ok(()));
        for (payload, field, max) in [
            (json!({"local_ip": "1".repeat(46)}), "local_ip", 45),
            (json!({"node_version": "1".repeat(51)}), "node_version", 50),
            (
                json!({"cameras": [{"camera_id": "a"}, {"camera_id": "b", "status": "s".repeat(21)}]}),
                "cameras.1.status",
                20,
            ),
        ] {
            let error = frame(payload).check_limits().unwrap_err();
            assert_eq!((error.field.as_str(), error.max), (field, max));
        }
        assert_eq!(
            HeartbeatFieldTooLong {
                field: "cameras.0.status".into(),
                max: 20
            }
            .to_string(),
            "String should have at most 20 characters (cameras.0.status)"
        );
    }
}
