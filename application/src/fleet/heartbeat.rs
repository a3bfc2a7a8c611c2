//! `POST /api/nodes/heartbeat`: liveness, camera pipeline states and storage stats in; the
//! node's desired state out (suspended cameras, which cameras to archive, plan, updates).

use super::node_auth::KeyCheck;
use super::register::lan_address;
use super::{FleetError, FleetResult, FleetService, NodeAuthFailure, UnsupportedVersion};
use chrono::{DateTime, NaiveDateTime, Utc};
use sentinel_domain::fleet::{CameraStatusReport, NodeChanges, NodeStorage, NodeVersion};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::plans::Plan;
use sentinel_domain::settings::{ORG_PLAN, PAYMENT_PAST_DUE, TIMEZONE, is_on};

/// A heartbeat, already validated at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatRequest {
    pub node_id: NodeId,
    pub local_ip: Option<String>,
    pub lan_streaming: Option<bool>,
    pub cameras: Vec<StatusReport>,
    pub node_version: Option<String>,
    /// `None`: the node sent no stats, and the stored ones stay.
    pub storage: Option<StorageReport>,
}

/// One camera's pipeline state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    pub camera_id: String,
    pub status: String,
    pub last_error: Option<String>,
}

/// The node's storage stats (each may be unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StorageReport {
    pub used_bytes: Option<i64>,
    pub max_bytes: Option<i64>,
    pub disk_free_bytes: Option<i64>,
    pub disk_total_bytes: Option<i64>,
}

/// What the node is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatOutcome {
    pub timestamp: NaiveDateTime,
    /// Wire slug of the Setting `org_plan` (`free` when unset).
    pub plan: String,
    /// This node's cameras suspended by the plan cap (empty when none).
    pub disabled_cameras: Vec<CameraId>,
    /// Every camera of this node: whether it should archive segments right now.
    pub recording_state: Vec<(CameraId, bool)>,
    pub update_available: Option<NodeVersion>,
}

impl FleetService {
    pub fn heartbeat(
        &self,
        raw_key: &str,
        request: &HeartbeatRequest,
    ) -> FleetResult<HeartbeatOutcome> {
        let node = match self.check_node_key(raw_key, &request.node_id)? {
            KeyCheck::Accepted(node) => *node,
            KeyCheck::UnknownNode => {
                return Err(FleetError::NodeAuth(NodeAuthFailure::UnknownNode));
            }
            KeyCheck::WrongKey => return Err(FleetError::NodeAuth(NodeAuthFailure::WrongKey)),
        };
        let verdict = self.versions.check(request.node_version.as_deref());
        if !verdict.supported {
            return Err(FleetError::UnsupportedVersion(UnsupportedVersion {
                reported_raw: request.node_version.clone().unwrap_or_default(),
                reported: verdict.reported.unwrap_or_default(),
                min_supported: self.versions.min_supported,
                latest: self.versions.latest,
            }));
        }
        let now = self.now();
        let at = now.naive_utc();
        let org = node.org_id.clone();
        let changes = NodeChanges {
            node_version: Some(verdict.reported.map(|v| v.to_string())),
            version_checked_at: Some(at),
            status: Some("online".to_owned()),
            last_seen: Some(at),
            local_ip: lan_address(
                request.lan_streaming,
                request.local_ip.clone().filter(|ip| !ip.is_empty()),
            ),
            storage: request.storage.map(|stats| NodeStorage {
                used_bytes: stats.used_bytes,
                max_bytes: stats.max_bytes,
                disk_free_bytes: stats.disk_free_bytes,
                disk_total_bytes: stats.disk_total_bytes,
                reported_at: at,
            }),
            ..NodeChanges::default()
        };
        self.nodes.update(&org, &node.node_id, &changes)?;
        let reports: Vec<CameraStatusReport> = request
            .cameras
            .iter()
            .map(|report| {
                CameraStatusReport::new(
                    CameraId::new(report.camera_id.clone()),
                    report.status.clone(),
                    report.last_error.as_deref(),
                )
            })
            .collect();
        if !reports.is_empty() {
            self.cameras
                .record_status_reports(&org, &node.node_id, &reports, at)?;
        }
        if let Some(storage) = &request.storage {
            self.check_disk_low(&node, storage, at);
        }

        let settings = self
            .settings
            .get_many(&org, &[ORG_PLAN, PAYMENT_PAST_DUE, TIMEZONE])?;
        if is_on(settings.get(PAYMENT_PAST_DUE).map(String::as_str), false) {
            self.enforce_cap_quietly(&org, now);
        }
        let local_time = org_local_time(settings.get(TIMEZONE).map(String::as_str), now);
        let cameras = self.cameras.list_for_node(&org, &node.node_id)?;
        Ok(HeartbeatOutcome {
            timestamp: at,
            plan: Plan::or_free(settings.get(ORG_PLAN).map(String::as_str)).wire_slug(),
            disabled_cameras: cameras
                .iter()
                .filter(|camera| camera.disabled_by_plan)
                .map(|camera| camera.camera_id.clone())
                .collect(),
            recording_state: cameras
                .iter()
                .map(|camera| {
                    (
                        camera.camera_id.clone(),
                        camera.recording.records_at(local_time),
                    )
                })
                .collect(),
            update_available: verdict.update_available,
        })
    }

    /// A failing cap run must not fail the heartbeat that triggered it.
    fn enforce_cap_quietly(&self, org: &OrgId, now: DateTime<Utc>) {
        if let Err(error) = self.caps.enforce_camera_cap(org, now) {
            tracing::warn!(%error, org = %org, "camera cap not enforced on heartbeat");
        }
    }
}

/// The time of day in the org's timezone (an unknown or missing zone is UTC).
fn org_local_time(timezone: Option<&str>, now: DateTime<Utc>) -> chrono::NaiveTime {
    match timezone.and_then(|name| name.parse::<chrono_tz::Tz>().ok()) {
        Some(zone) => now.with_timezone(&zone).time(),
        None => now.time(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone};

    #[test]
    fn local_time_follows_the_org_timezone() {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert_eq!(org_local_time(None, now), noon);
        assert_eq!(org_local_time(Some("Mars/Olympus_Mons"), now), noon);
        assert_eq!(
            org_local_time(Some("America/New_York"), now),
            NaiveTime::from_hms_opt(7, 0, 0).unwrap()
        );
    }
}
