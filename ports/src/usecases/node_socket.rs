//! What a node's WebSocket heartbeat changes: the node's liveness, address and version,
//! and its cameras' statuses. (Storage stats and plan caps ride on the HTTP heartbeat.)

use crate::driven::repos::{RepoResult, Repositories};
use chrono::NaiveDateTime;
use sentinel_domain::fleet::{CameraStatusReport, NodeChanges, VersionPolicy};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use serde::Deserialize;

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

pub fn record_heartbeat(
    repos: &Repositories,
    org: &OrgId,
    node: &NodeId,
    heartbeat: &SocketHeartbeat,
    versions: &VersionPolicy,
    at: NaiveDateTime,
) -> RepoResult<HeartbeatAck> {
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
    repos.nodes.update(org, node, &changes)?;
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
    repos
        .cameras
        .record_status_reports(org, node, &reports, at)?;
    Ok(HeartbeatAck {
        update_available: verdict.update_available.map(|v| v.to_string()),
        unsupported: !verdict.supported,
    })
}
