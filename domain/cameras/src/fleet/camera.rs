//! Cameras, as reported by their nodes and configured by operators.

use super::{RecordingPolicy, heartbeat_is_stale, truncate_chars};
use crate::ids::{CameraId, NodeId, OrgId};
use chrono::NaiveDateTime;

/// Stored statuses for which the node's `last_error` is meaningful (and shown).
const BROKEN_STATUSES: [&str; 3] = ["restarting", "failed", "error"];

/// Longest `last_error` kept (`VARCHAR(500)`).
const LAST_ERROR_MAX_CHARS: usize = 500;

/// Longest camera `status` a node may report (`VARCHAR(20)`); longer is refused, on the
/// HTTP heartbeat and on the socket.
pub const CAMERA_STATUS_MAX_CHARS: usize = 20;

/// One `cameras` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Camera {
    /// Row id. Never shown on the wire.
    pub id: i64,
    pub camera_id: CameraId,
    pub org_id: OrgId,
    /// Row id of the owning node (`camera_nodes.id`); `None` for an orphaned camera.
    pub node_row_id: Option<i64>,
    pub name: String,
    pub node_type: Option<String>,
    /// Comma-separated, as stored; see [`Camera::capability_list`].
    pub capabilities: Option<String>,
    pub group_id: Option<i64>,
    pub last_seen: Option<NaiveDateTime>,
    /// Free text from the node (`online`, `streaming`, `failed`, ...); see
    /// [`Camera::effective_status`].
    pub status: Option<String>,
    pub last_error: Option<String>,
    /// Drives the oldest-first order of the plan's camera cap.
    pub created_at: Option<NaiveDateTime>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub codec_detected_at: Option<NaiveDateTime>,
    pub disabled_by_plan: bool,
    pub recording: RecordingPolicy,
}

impl Camera {
    /// The status the API shows; see [`effective_camera_status`].
    pub fn effective_status(&self, now: NaiveDateTime) -> String {
        effective_camera_status(self.status.as_deref(), self.last_seen, now)
    }

    /// `last_error` only while the effective status is a broken one, so a stale reason never
    /// outlives the failure it explains.
    pub fn visible_last_error(&self, now: NaiveDateTime) -> Option<&str> {
        let status = self.effective_status(now);
        if BROKEN_STATUSES.contains(&status.as_str()) {
            self.last_error.as_deref()
        } else {
            None
        }
    }

    /// The capability list the API shows (`[]` when unset or empty).
    pub fn capability_list(&self) -> Vec<String> {
        match self.capabilities.as_deref() {
            None | Some("") => Vec::new(),
            Some(joined) => joined.split(',').map(str::to_owned).collect(),
        }
    }
}

/// A camera with the names the Camera object shows next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraListing {
    pub camera: Camera,
    /// Public id of the owning node, `None` for an orphaned camera.
    pub node_id: Option<NodeId>,
    pub node_name: Option<String>,
    pub group_name: Option<String>,
}

/// A camera as a node reports it on register, already resolved to its final id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredCamera {
    pub camera_id: CameraId,
    /// The name the node sent; an existing camera keeps its name when this is `None`.
    pub name: Option<String>,
    /// Name of a newly created camera when the node sent none (`Camera <sanitised path>`).
    pub fallback_name: String,
    /// Only used when the camera is created (`usb` by default).
    pub node_type: String,
    /// Only used when the camera is created; comma-joined.
    pub capabilities: String,
    /// The node-level codecs of this register, when the node sent a video codec.
    pub codecs: Option<CodecReport>,
    pub seen_at: NaiveDateTime,
}

/// Codecs a node detected (video already sanitised by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecReport {
    pub video: String,
    pub audio: Option<String>,
}

/// One camera's pipeline state from a node heartbeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraStatusReport {
    pub camera_id: CameraId,
    pub status: String,
    /// Kept only with a broken status; cleared otherwise.
    pub last_error: Option<String>,
}

impl CameraStatusReport {
    /// Applies the storage rule: `last_error` survives only alongside `restarting`, `failed` or
    /// `error`, truncated to the column length.
    pub fn new(camera_id: CameraId, status: impl Into<String>, last_error: Option<&str>) -> Self {
        let status = status.into();
        let last_error = if BROKEN_STATUSES.contains(&status.as_str()) {
            last_error.map(|e| truncate_chars(e, LAST_ERROR_MAX_CHARS))
        } else {
            None
        };
        Self {
            camera_id,
            status,
            last_error,
        }
    }
}

/// Effective camera status (rest-api.md §0.6): `"offline"` if the camera was never seen, is
/// stored `offline` (or unset), or its last heartbeat is more than 90 s old; else the stored
/// status verbatim.
pub fn effective_camera_status(
    stored: Option<&str>,
    last_seen: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> String {
    match (stored, last_seen) {
        (Some(status), Some(seen)) if status != "offline" && !heartbeat_is_stale(seen, now) => {
            status.to_owned()
        }
        _ => "offline".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeDelta};

    fn noon() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    fn camera(status: &str, last_seen: Option<NaiveDateTime>, last_error: Option<&str>) -> Camera {
        Camera {
            id: 1,
            camera_id: CameraId::new("abcd1234_video0"),
            org_id: OrgId::new("org_a"),
            node_row_id: Some(1),
            name: "Front".into(),
            node_type: Some("usb".into()),
            capabilities: Some("streaming,motion".into()),
            group_id: None,
            last_seen,
            status: Some(status.into()),
            last_error: last_error.map(str::to_owned),
            created_at: None,
            video_codec: None,
            audio_codec: None,
            codec_detected_at: None,
            disabled_by_plan: false,
            recording: RecordingPolicy::default(),
        }
    }

    #[test]
    fn never_seen_camera_is_offline_whatever_it_says() {
        assert_eq!(
            effective_camera_status(Some("streaming"), None, noon()),
            "offline"
        );
    }

    #[test]
    fn fresh_camera_shows_the_node_status_verbatim() {
        let fresh = Some(noon() - TimeDelta::seconds(30));
        assert_eq!(
            effective_camera_status(Some("streaming"), fresh, noon()),
            "streaming"
        );
        assert_eq!(
            effective_camera_status(Some("weird-state"), fresh, noon()),
            "weird-state"
        );
        assert_eq!(
            effective_camera_status(Some("offline"), fresh, noon()),
            "offline"
        );
        assert_eq!(effective_camera_status(None, fresh, noon()), "offline");
    }

    #[test]
    fn camera_goes_offline_after_ninety_seconds() {
        let stale = Some(noon() - TimeDelta::seconds(91));
        assert_eq!(
            effective_camera_status(Some("streaming"), stale, noon()),
            "offline"
        );
    }

    #[test]
    fn last_error_is_shown_only_while_broken() {
        let fresh = Some(noon() - TimeDelta::seconds(1));
        let stale = Some(noon() - TimeDelta::seconds(600));
        assert_eq!(
            camera("failed", fresh, Some("ffmpeg died")).visible_last_error(noon()),
            Some("ffmpeg died")
        );
        assert_eq!(
            camera("streaming", fresh, Some("old")).visible_last_error(noon()),
            None
        );
        assert_eq!(
            camera("failed", stale, Some("ffmpeg died")).visible_last_error(noon()),
            None
        );
    }

    #[test]
    fn capabilities_split_on_commas_and_empty_is_empty() {
        let mut cam = camera("online", None, None);
        assert_eq!(cam.capability_list(), vec!["streaming", "motion"]);
        cam.capabilities = Some(String::new());
        assert!(cam.capability_list().is_empty());
        cam.capabilities = None;
        assert!(cam.capability_list().is_empty());
    }

    #[test]
    fn status_report_keeps_last_error_only_for_broken_statuses() {
        let id = CameraId::new("n_c");
        assert_eq!(
            CameraStatusReport::new(id.clone(), "error", Some("boom"))
                .last_error
                .as_deref(),
            Some("boom")
        );
        assert_eq!(
            CameraStatusReport::new(id.clone(), "streaming", Some("boom")).last_error,
            None
        );
        let long = "x".repeat(600);
        let kept = CameraStatusReport::new(id, "failed", Some(&long))
            .last_error
            .unwrap();
        assert_eq!(kept.len(), 500);
    }
}
