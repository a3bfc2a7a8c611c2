//! Motion ingestion (rest-api.md §3 "POST motion", integration-and-sentinel.md §4.5), one
//! path for the HTTP push and the legacy WebSocket `event` frame: read the report
//! (`sentinel_domain::motion`), check the camera is the reporting node's in its org, store
//! the row, publish it on the motion event port.
//!
//! The org's kill switch (Setting `motion_ingestion_enabled`) is the HTTP endpoint's
//! business only (the WebSocket path ignores it, as the original did). It is remembered for
//! [`SWITCH_MEMORY_TTL`] per org so a steady stream of events does not read the settings
//! each time, and forgotten at once when an admin changes it on this instance; another
//! instance follows within the TTL.

use crate::fleet_directory::{AuthNode, FleetDirectory};
use chrono::{DateTime, TimeDelta, Utc};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::motion::{
    MotionEvent, MotionReading, MotionRejection, NewMotionEvent, read_motion, socket_camera_id,
};
use sentinel_domain::settings::{self, MOTION_INGESTION_ENABLED};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::motion_events::{MotionDetected, MotionEvents};
use sentinel_ports::driven::repos::{MotionRepo, NodeRepo, RepoError, RepoResult, SettingsRepo};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// How long a read of an org's motion-ingestion switch is trusted.
pub const SWITCH_MEMORY_TTL: TimeDelta = TimeDelta::seconds(30);

/// The ports ingestion runs on.
#[derive(Clone)]
pub struct MotionPorts {
    /// Which camera is this, and whose (memory; the database on a miss).
    pub directory: Arc<FleetDirectory>,
    /// The WebSocket path checks its node still exists.
    pub nodes: Arc<dyn NodeRepo>,
    pub settings: Arc<dyn SettingsRepo>,
    pub store: Arc<dyn MotionRepo>,
    pub events: Arc<dyn MotionEvents>,
    pub clock: Arc<dyn Clock>,
}

/// Why a report was not stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MotionError {
    /// The socket's node is gone from its org.
    #[error("Node not found")]
    NodeNotFound,
    /// The camera is not the reporting node's, in the node's org.
    #[error("Camera not found")]
    CameraNotFound,
    /// The report itself is unusable (dropped, logged).
    #[error("motion event dropped: {0}")]
    Rejected(#[from] MotionRejection),
    #[error(transparent)]
    Storage(#[from] RepoError),
}

pub struct MotionIngestion {
    ports: MotionPorts,
    switches: SwitchMemory,
}

impl MotionIngestion {
    pub fn new(ports: MotionPorts) -> Self {
        Self {
            ports,
            switches: SwitchMemory::default(),
        }
    }

    /// The HTTP path: the camera from the URL, the report from the body. **Blocking**:
    /// writes the database.
    pub fn ingest(
        &self,
        node: &AuthNode,
        camera_id: &CameraId,
        report: &Value,
    ) -> Result<MotionEvent, MotionError> {
        let reading = read_motion(report, self.ports.clock.now().naive_utc())?;
        self.record(node, camera_id, reading)
    }

    /// The WebSocket path: a `motion_detected` payload naming its camera, from the socket
    /// of `node_id`, which must still exist in `org`. **Blocking.**
    pub fn ingest_socket_event(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        payload: &Value,
    ) -> Result<MotionEvent, MotionError> {
        let camera_id = socket_camera_id(payload)?;
        let reading = read_motion(payload, self.ports.clock.now().naive_utc())?;
        let node = self
            .ports
            .nodes
            .get(org, node_id)?
            .ok_or(MotionError::NodeNotFound)?;
        self.record(&AuthNode::from(&node), &camera_id, reading)
    }

    /// The org's switch if read less than [`SWITCH_MEMORY_TTL`] ago; on `None`, call
    /// [`MotionIngestion::load_switch`] off the async runtime.
    pub fn cached_switch(&self, org: &OrgId) -> Option<bool> {
        self.switches.get(org, self.ports.clock.now())
    }

    /// Reads the org's switch (case-insensitive `"true"`, on when absent) and remembers it.
    /// **Blocking.**
    pub fn load_switch(&self, org: &OrgId) -> RepoResult<bool> {
        let stored = self.ports.settings.get(org, MOTION_INGESTION_ENABLED)?;
        let enabled = settings::is_on_ignoring_case(stored.as_deref(), true);
        self.switches.remember(org, enabled, self.ports.clock.now());
        Ok(enabled)
    }

    /// Forgets the org's remembered switch (an admin just changed it).
    pub fn forget_switch(&self, org: &OrgId) {
        self.switches.forget(org);
    }

    /// Checks the camera is the node's (in the node's org), stores the event, publishes it.
    fn record(
        &self,
        node: &AuthNode,
        camera_id: &CameraId,
        reading: MotionReading,
    ) -> Result<MotionEvent, MotionError> {
        let camera = self
            .ports
            .directory
            .camera(&node.org_id, camera_id)?
            .filter(|camera| camera.node_row_id == Some(node.row_id))
            .ok_or(MotionError::CameraNotFound)?;
        let event = self.ports.store.insert(
            &node.org_id,
            &NewMotionEvent {
                camera_id: camera.camera_id,
                node_id: node.node_id.clone(),
                reading,
            },
        )?;
        self.ports.events.publish(MotionDetected {
            org: event.org_id.clone(),
            camera_id: event.camera_id.clone(),
            node_id: event.node_id.clone(),
            score: event.score,
            timestamp: event.timestamp.unwrap_or(reading.timestamp),
            segment_seq: event.segment_seq,
        });
        Ok(event)
    }
}

/// Per-org switch values with the time they were read.
#[derive(Default)]
struct SwitchMemory {
    entries: Mutex<HashMap<OrgId, (bool, DateTime<Utc>)>>,
}

impl SwitchMemory {
    fn get(&self, org: &OrgId, now: DateTime<Utc>) -> Option<bool> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (enabled, read_at) = entries.get(org)?;
        fresh(*read_at, now).then_some(*enabled)
    }

    /// Remembers a read, dropping expired entries (bounded memory across many orgs).
    fn remember(&self, org: &OrgId, enabled: bool, now: DateTime<Utc>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|_, (_, read_at)| fresh(*read_at, now));
        entries.insert(org.clone(), (enabled, now));
    }

    fn forget(&self, org: &OrgId) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(org);
    }
}

fn fresh(read_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now.signed_duration_since(read_at) < SWITCH_MEMORY_TTL
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_switch_is_trusted_for_thirty_seconds() {
        let memory = SwitchMemory::default();
        let org = OrgId::new("org_a");
        assert_eq!(memory.get(&org, noon()), None);
        memory.remember(&org, false, noon());
        assert_eq!(
            memory.get(&org, noon() + TimeDelta::seconds(29)),
            Some(false)
        );
        assert_eq!(memory.get(&org, noon() + SWITCH_MEMORY_TTL), None);
    }

    #[test]
    fn a_forgotten_switch_is_read_again() {
        let memory = SwitchMemory::default();
        let (a, b) = (OrgId::new("org_a"), OrgId::new("org_b"));
        memory.remember(&a, false, noon());
        memory.remember(&b, true, noon());
        memory.forget(&a);
        assert_eq!(memory.get(&a, noon()), None);
        assert_eq!(memory.get(&b, noon()), Some(true), "other orgs are kept");
    }

    #[test]
    fn expired_switches_are_dropped_when_another_is_remembered() {
        let memory = SwitchMemory::default();
        memory.remember(&OrgId::new("org_a"), true, noon());
        memory.remember(&OrgId::new("org_b"), true, noon() + TimeDelta::minutes(1));
        let entries = memory.entries.lock().unwrap();
        assert_eq!(entries.len(), 1);
        assert!(entries.contains_key(&OrgId::new("org_b")));
    }
}
