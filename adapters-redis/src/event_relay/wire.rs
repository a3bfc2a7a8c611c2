//! The messages instances exchange on the events channel: one JSON object per event,
//! tagged with the sending instance (so it can skip its own) and the org.

use chrono::NaiveDateTime;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::mcp::activity::{ActivityEvent, ActivityStatus};
use sentinel_domain::notifications::{Audience, NotificationContent, NotificationKind, Severity};
use sentinel_ports::driven::motion_events::MotionDetected;
use sentinel_ports::driven::notification_events::NotificationCreated;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `{"instance": "...", "org": "...", "event": {"kind": "motion", "data": {...}}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub instance: String,
    pub org: String,
    pub event: WireEvent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum WireEvent {
    Motion(MotionDto),
    Notification(NotificationDto),
    McpActivity(ActivityDto),
}

/// An event as it arrived from another instance, back in the ports' types.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterEvent {
    Motion(MotionDetected),
    Notification(NotificationCreated),
    McpActivity(ActivityEvent),
}

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("unreadable cluster event: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unknown MCP activity status `{0}`")]
    Status(String),
    #[error("unreadable MCP activity timestamp `{0}`")]
    Timestamp(String),
}

impl Envelope {
    pub fn motion(instance: &str, event: &MotionDetected) -> Self {
        Self {
            instance: instance.to_owned(),
            org: event.org.as_str().to_owned(),
            event: WireEvent::Motion(MotionDto {
                camera_id: event.camera_id.as_str().to_owned(),
                node_id: event.node_id.as_str().to_owned(),
                score: event.score,
                timestamp: event.timestamp,
                segment_seq: event.segment_seq,
            }),
        }
    }

    pub fn notification(instance: &str, created: &NotificationCreated) -> Self {
        Self {
            instance: instance.to_owned(),
            org: created.org.as_str().to_owned(),
            event: WireEvent::Notification(NotificationDto {
                id: created.id,
                kind: created.content.kind.as_str().to_owned(),
                audience: created.content.audience.as_str().to_owned(),
                title: created.content.title.clone(),
                body: created.content.body.clone(),
                severity: created.content.severity.as_str().to_owned(),
                link: created.content.link.clone(),
                camera_id: created.content.camera_id.clone(),
                node_id: created.content.node_id.clone(),
                meta: created.content.meta.clone(),
                created_at: created.created_at,
            }),
        }
    }

    pub fn mcp_activity(instance: &str, event: &ActivityEvent) -> Self {
        Self {
            instance: instance.to_owned(),
            org: event.org_id.clone(),
            event: WireEvent::McpActivity(ActivityDto {
                id: event.id.clone(),
                timestamp: event.timestamp.to_string(),
                tool_name: event.tool_name.clone(),
                key_name: event.key_name.clone(),
                status: event.status.as_str().to_owned(),
                duration_ms: event.duration_ms,
                error: event.error.clone(),
                args_summary: event.args_summary.clone(),
            }),
        }
    }

    pub fn to_json(&self) -> Result<String, WireError> {
        Ok(serde_json::to_string(self)?)
    }

    pub fn from_json(payload: &[u8]) -> Result<Self, WireError> {
        Ok(serde_json::from_slice(payload)?)
    }

    /// The event in the ports' types, scoped to the envelope's org.
    pub fn into_event(self) -> Result<ClusterEvent, WireError> {
        Ok(match self.event {
            WireEvent::Motion(dto) => ClusterEvent::Motion(dto.into_event(self.org)),
            WireEvent::Notification(dto) => ClusterEvent::Notification(dto.into_event(self.org)),
            WireEvent::McpActivity(dto) => ClusterEvent::McpActivity(dto.into_event(self.org)?),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MotionDto {
    pub camera_id: String,
    pub node_id: String,
    pub score: i32,
    pub timestamp: NaiveDateTime,
    pub segment_seq: Option<i64>,
}

impl MotionDto {
    fn into_event(self, org: String) -> MotionDetected {
        MotionDetected {
            org: OrgId::new(org),
            camera_id: CameraId::new(self.camera_id),
            node_id: NodeId::new(self.node_id),
            score: self.score,
            timestamp: self.timestamp,
            segment_seq: self.segment_seq,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationDto {
    pub id: Option<i64>,
    /// The kind's word ([`NotificationKind::as_str`]), read back with
    /// [`NotificationKind::parse`], so a kind only another version knows crosses unchanged.
    pub kind: String,
    pub audience: String,
    pub title: String,
    pub body: String,
    pub severity: String,
    pub link: Option<String>,
    pub camera_id: Option<String>,
    pub node_id: Option<String>,
    pub meta: Option<Value>,
    pub created_at: NaiveDateTime,
}

impl NotificationDto {
    fn into_event(self, org: String) -> NotificationCreated {
        NotificationCreated {
            id: self.id,
            org: OrgId::new(org),
            // An instance of another version may word these differently: coerce the levels
            // as a new row would be, and keep a kind this version does not know as it came.
            content: NotificationContent {
                kind: NotificationKind::parse(&self.kind),
                audience: Audience::coerce(&self.audience),
                title: self.title,
                body: self.body,
                severity: Severity::coerce(&self.severity),
                link: self.link,
                camera_id: self.camera_id,
                node_id: self.node_id,
                meta: self.meta,
            },
            created_at: self.created_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityDto {
    pub id: String,
    /// Epoch seconds as Rust prints an `f64` (shortest round-trip form): a JSON number
    /// could come back one bit off and print differently in the stream.
    pub timestamp: String,
    pub tool_name: String,
    pub key_name: String,
    pub status: String,
    pub duration_ms: Option<i64>,
    pub error: Option<String>,
    pub args_summary: Option<String>,
}

impl ActivityDto {
    fn into_event(self, org: String) -> Result<ActivityEvent, WireError> {
        let status = match self.status.as_str() {
            "completed" => ActivityStatus::Completed,
            "error" => ActivityStatus::Error,
            other => return Err(WireError::Status(other.to_owned())),
        };
        let timestamp = self
            .timestamp
            .parse::<f64>()
            .map_err(|_| WireError::Timestamp(self.timestamp.clone()))?;
        Ok(ActivityEvent {
            id: self.id,
            timestamp,
            tool_name: self.tool_name,
            org_id: org,
            key_name: self.key_name,
            status,
            duration_ms: self.duration_ms,
            error: self.error,
            args_summary: self.args_summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    fn at() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_micro_opt(12, 0, 1, 250_000))
            .unwrap()
    }

    fn round_trip(envelope: &Envelope) -> ClusterEvent {
        Envelope::from_json(envelope.to_json().unwrap().as_bytes())
            .unwrap()
            .into_event()
            .unwrap()
    }

    #[test]
    fn motion_events_survive_the_wire_unchanged() {
        let event = MotionDetected {
            org: OrgId::new("org_a"),
            camera_id: CameraId::new("abcd1234_cam0"),
            node_id: NodeId::new("abcd1234"),
            score: 87,
            timestamp: at(),
            segment_seq: Some(42),
        };
        let envelope = Envelope::motion("i1", &event);
        assert_eq!(envelope.instance, "i1");
        assert_eq!(round_trip(&envelope), ClusterEvent::Motion(event));
    }

    #[test]
    fn notifications_survive_the_wire_unchanged() {
        let created = NotificationCreated {
            id: Some(7),
            org: OrgId::new("org_a"),
            content: NotificationContent::new(NotificationKind::Motion, "Motion")
                .with_audience(Audience::Admin)
                .with_body("On the porch")
                .with_severity(Severity::Warning)
                .with_link("/cameras/x")
                .with_camera("abcd1234_cam0")
                .with_meta(json!({"score": 87, "nested": {"a": [1, 2.5]}})),
            created_at: at(),
        };
        let envelope = Envelope::notification("i1", &created);
        assert_eq!(round_trip(&envelope), ClusterEvent::Notification(created));
    }

    #[test]
    fn notifications_read_and_write_the_same_json_text_known_kind_or_not() {
        // The text an instance of any version writes; instances share the channel, so a
        // relayed event must come back out word for word.
        for kind in ["camera_offline", "kind_of_a_newer_version"] {
            let text = format!(
                r#"{{"instance":"i2","org":"org_a","event":{{"kind":"notification","data":{{"id":null,"kind":"{kind}","audience":"admin","title":"t","body":"","severity":"warning","link":null,"camera_id":"c","node_id":null,"meta":{{"a":1}},"created_at":"2026-11-27T12:00:01.250"}}}}}}"#
            );
            let Ok(ClusterEvent::Notification(created)) =
                Envelope::from_json(text.as_bytes()).and_then(Envelope::into_event)
            else {
                panic!("{kind}: not a notification");
            };
            assert_eq!(created.content.kind.as_str(), kind);
            assert_eq!(created.content.kind.is_known(), kind == "camera_offline");
            assert_eq!(
                Envelope::notification("i2", &created).to_json().unwrap(),
                text
            );
        }
    }

    #[test]
    fn activity_timestamps_come_back_bit_for_bit() {
        let event = ActivityEvent {
            id: "abcd1234".into(),
            timestamp: 1_764_244_801.123_456_7,
            tool_name: "list_cameras".into(),
            org_id: "org_a".into(),
            key_name: "ha".into(),
            status: ActivityStatus::Error,
            duration_ms: Some(0),
            error: Some("boom".into()),
            args_summary: None,
        };
        let envelope = Envelope::mcp_activity("i1", &event);
        let ClusterEvent::McpActivity(back) = round_trip(&envelope) else {
            panic!("not an activity event");
        };
        assert_eq!(back.timestamp.to_bits(), event.timestamp.to_bits());
        assert_eq!(back.to_json(), event.to_json());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Envelope::from_json(b"{").is_err());
        let mut envelope = Envelope::mcp_activity(
            "i1",
            &ActivityEvent {
                id: "x".into(),
                timestamp: 1.0,
                tool_name: "t".into(),
                org_id: "o".into(),
                key_name: "k".into(),
                status: ActivityStatus::Completed,
                duration_ms: None,
                error: None,
                args_summary: None,
            },
        );
        if let WireEvent::McpActivity(dto) = &mut envelope.event {
            dto.status = "odd".into();
        }
        assert!(envelope.into_event().is_err());
    }
}
