//! Fleet transitions and motion turned into notifications. The async loop that feeds them
//! lives in the app; these are the blocking steps it runs per event.

use super::Notifier;
use chrono::{NaiveDateTime, TimeDelta};
use sentinel_domain::notifications::{self, Notification};
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::driven::fleet_events::FleetEvent;
use sentinel_ports::driven::motion_events::MotionDetected;
use sentinel_ports::driven::repos::CameraRepo;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;

/// §1.5: one transition per entity and direction per 60 s.
pub const TRANSITION_DEBOUNCE: TimeDelta = TimeDelta::seconds(60);

/// (entity type, org, entity id, direction): what the debounce is keyed on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TransitionKey {
    pub entity: &'static str,
    pub org: String,
    pub id: String,
    pub online: bool,
}

impl TransitionKey {
    pub fn of(event: &FleetEvent) -> Self {
        let (entity, org, id, online) = match event {
            FleetEvent::NodeOnline { org, node, .. } => ("node", org, node.as_str(), true),
            FleetEvent::NodeOffline { org, node, .. } => ("node", org, node.as_str(), false),
            FleetEvent::CameraOnline { org, camera, .. } => ("camera", org, camera.as_str(), true),
            FleetEvent::CameraOffline { org, camera, .. } => {
                ("camera", org, camera.as_str(), false)
            }
        };
        Self {
            entity,
            org: org.as_str().to_owned(),
            id: id.to_owned(),
            online,
        }
    }
}

/// In-memory, per process: the last time each key emitted.
#[derive(Debug, Default)]
pub struct TransitionDebounce {
    last: Mutex<HashMap<TransitionKey, NaiveDateTime>>,
}

impl TransitionDebounce {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `key` may emit at `at`; stamps it when it may. The first emit always passes.
    pub fn allow(&self, key: TransitionKey, at: NaiveDateTime) -> bool {
        let Ok(mut last) = self.last.lock() else {
            return true;
        };
        // Stale stamps are dropped as we go so the map stays as small as the active fleet.
        if last.len() > 10_000 {
            last.retain(|_, stamped| at - *stamped < TRANSITION_DEBOUNCE);
        }
        match last.get(&key) {
            Some(stamped) if at - *stamped < TRANSITION_DEBOUNCE => false,
            _ => {
                last.insert(key, at);
                true
            }
        }
    }
}

/// Turns fleet transitions and accepted motion into notifications.
pub struct NotificationEmitters {
    notifier: Arc<Notifier>,
    cameras: Arc<dyn CameraRepo>,
    debounce: TransitionDebounce,
}

impl NotificationEmitters {
    pub fn new(notifier: Arc<Notifier>, cameras: Arc<dyn CameraRepo>) -> Self {
        Self {
            notifier,
            cameras,
            debounce: TransitionDebounce::new(),
        }
    }

    /// A fleet transition → `camera_*` / `node_*` notification, unless debounced (the stamp is
    /// taken even when the inbox gate then suppresses the row).
    pub fn on_fleet_event(&self, event: &FleetEvent, at: NaiveDateTime) -> Option<Notification> {
        if !self.debounce.allow(TransitionKey::of(event), at) {
            tracing::debug!(?event, "transition debounced");
            return None;
        }
        let (org, notification) = match event {
            FleetEvent::NodeOnline { org, node, name } => {
                (org, notifications::node_online(name, node.as_str()))
            }
            FleetEvent::NodeOffline { org, node, name } => {
                (org, notifications::node_offline(name, node.as_str()))
            }
            FleetEvent::CameraOnline {
                org,
                camera,
                node,
                name,
            } => (
                org,
                notifications::camera_online(
                    name,
                    camera.as_str(),
                    node.as_ref().map(|n| n.as_str()),
                ),
            ),
            FleetEvent::CameraOffline {
                org,
                camera,
                node,
                name,
            } => (
                org,
                notifications::camera_offline(
                    name,
                    camera.as_str(),
                    node.as_ref().map(|n| n.as_str()),
                ),
            ),
        };
        self.notifier.create(org, notification, at)
    }

    /// An accepted motion event → a `motion` notification named after the camera.
    pub fn on_motion(&self, motion: &MotionDetected, at: NaiveDateTime) -> Option<Notification> {
        let name = match self.cameras.get(&motion.org, &motion.camera_id) {
            Ok(camera) => camera.map(|c| c.name).unwrap_or_default(),
            Err(error) => {
                tracing::warn!(%error, camera = %motion.camera_id, "camera name lookup failed");
                String::new()
            }
        };
        let notification = notifications::motion(
            &name,
            motion.camera_id.as_str(),
            motion.node_id.as_str(),
            motion.score,
            motion.segment_seq,
            &iso_naive(motion.timestamp),
        );
        self.notifier.create(&motion.org, notification, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn key(online: bool) -> TransitionKey {
        TransitionKey {
            entity: "camera",
            org: "o".into(),
            id: "c".into(),
            online,
        }
    }

    #[test]
    fn same_direction_within_60_s_is_debounced_opposite_is_not() {
        let t0 = DateTime::from_timestamp(5, 0).unwrap().naive_utc();
        let debounce = TransitionDebounce::new();
        assert!(
            debounce.allow(key(false), t0),
            "first emit passes on a fresh host"
        );
        assert!(!debounce.allow(key(false), t0 + TimeDelta::seconds(59)));
        assert!(debounce.allow(key(true), t0 + TimeDelta::seconds(1)));
        assert!(debounce.allow(key(false), t0 + TimeDelta::seconds(60)));
    }
}
