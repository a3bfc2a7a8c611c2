//! `POST /api/nodes/register`: a node (re)announces itself and the cameras it found.
//!
//! Register never creates nodes. It refreshes the node row, upserts one camera per reported
//! device (new ones only while the org's nominal plan has room), deletes the node's cameras
//! it no longer reports, and re-applies the plan's camera cap.

use super::node_auth::KeyCheck;
use super::plan_caps::nominal_plan;
use super::{
    FleetError, FleetResult, FleetService, NodeAuthFailure, UnsupportedVersion,
    sanitize_video_codec,
};
use sentinel_domain::fleet::{
    CodecReport, Node, NodeChanges, NodeVersion, RegisteredCamera, VersionVerdict,
};
use sentinel_domain::ids::{CameraId, NodeId};
use sentinel_ports::driven::repos::RepoError;

/// A register call, already validated at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRequest {
    pub node_id: NodeId,
    pub hostname: Option<String>,
    pub local_ip: Option<String>,
    /// The node's local server port (8080 when the node sent none).
    pub http_port: i32,
    /// `Some(false)`: the node is not reachable on its LAN (its address is cleared).
    pub lan_streaming: Option<bool>,
    pub cameras: Vec<ReportedCamera>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub node_version: Option<String>,
}

/// One camera as the node reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportedCamera {
    pub camera_id: Option<String>,
    pub device_path: Option<String>,
    pub name: Option<String>,
    pub node_type: Option<String>,
    pub capabilities: Vec<String>,
}

/// What the node is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterOutcome {
    pub node_id: NodeId,
    /// `device path → camera id` for every reported camera, including plan-skipped ones.
    pub cameras: Vec<(String, CameraId)>,
    /// Wire slug of the nominal plan (`free`, `pro`, `pro_plus`, ...).
    pub plan: String,
    /// Present when the plan's camera cap skipped some new cameras.
    pub plan_limit_hit: Option<PlanLimitHit>,
    pub update_available: Option<NodeVersion>,
}

/// New cameras the nominal plan had no room for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLimitHit {
    /// Display name of the nominal plan (`Free`, `Pro`, `Pro Plus`).
    pub plan_name: &'static str,
    pub max_cameras: u32,
    /// Labels of the skipped cameras (their name, else their sanitised path).
    pub skipped: Vec<String>,
}

impl PlanLimitHit {
    /// `Plan limit reached (<N> on <Plan>). Upgrade to add: <a, b>.`
    pub fn detail(&self) -> String {
        format!(
            "Plan limit reached ({} on {}). Upgrade to add: {}.",
            self.max_cameras,
            self.plan_name,
            self.skipped.join(", ")
        )
    }
}

/// `<node_id>_<device path>` with `/`, `\` and spaces turned into `_` and `_` trimmed from
/// both ends: the camera id the original server and the CloudNode both derive.
pub fn camera_id_for_device(node_id: &NodeId, device_path: &str) -> CameraId {
    CameraId::new(format!("{node_id}_{}", sanitise_device_path(device_path)))
}

fn sanitise_device_path(device_path: &str) -> String {
    device_path
        .replace(['/', '\\', ' '], "_")
        .trim_matches('_')
        .to_owned()
}

impl FleetService {
    pub fn register_node(
        &self,
        raw_key: &str,
        request: &RegisterRequest,
    ) -> FleetResult<RegisterOutcome> {
        let node = match self.check_node_key(raw_key, &request.node_id)? {
            KeyCheck::Accepted(node) => *node,
            KeyCheck::UnknownNode => {
                return Err(FleetError::NodeAuth(NodeAuthFailure::UnknownNode));
            }
            KeyCheck::WrongKey => return Err(FleetError::NodeAuth(NodeAuthFailure::WrongKey)),
        };
        let now = self.now_naive();
        let verdict = self.versions.check(request.node_version.as_deref());
        if !verdict.supported {
            return Err(self.refuse_old_version(&node, request, &verdict));
        }
        let org = node.org_id.clone();
        self.nodes
            .update(&org, &node.node_id, &node_changes(request, &verdict, now))?;

        let plan = match &self.plan_lookup {
            Some(lookup) => lookup.nominal_plan(&org)?,
            None => nominal_plan(self.settings.as_ref(), &org)?,
        };
        let max_cameras = plan.limits().max_cameras;
        let cameras = self.upsert_cameras(&node, request, max_cameras)?;

        let keep: Vec<CameraId> = cameras.mapped.iter().map(|(_, id)| id.clone()).collect();
        let gone = self
            .cameras
            .delete_for_node_except(&org, &node.node_id, &keep)?;
        self.drop_cameras(&org, &gone);
        self.caps.enforce_camera_cap(&org, self.now())?;

        let plan_limit_hit = (!cameras.skipped.is_empty()).then(|| PlanLimitHit {
            plan_name: plan.display_name(),
            max_cameras,
            skipped: cameras.skipped,
        });
        if let Some(hit) = &plan_limit_hit {
            tracing::info!(org = %org, node_id = %node.node_id, skipped = ?hit.skipped, "camera plan limit reached");
            self.notify_plan_limit(&node, hit, now);
        }
        Ok(RegisterOutcome {
            node_id: node.node_id,
            cameras: cameras.mapped,
            plan: plan.wire_slug(),
            plan_limit_hit,
            update_available: verdict.update_available,
        })
    }

    /// Persists the reported version and the reason, then builds the 426 refusal.
    fn refuse_old_version(
        &self,
        node: &Node,
        request: &RegisterRequest,
        verdict: &VersionVerdict,
    ) -> FleetError {
        let reported = verdict.reported.unwrap_or_default();
        let changes = NodeChanges {
            node_version: Some(verdict.reported.map(|v| v.to_string())),
            version_checked_at: Some(self.now_naive()),
            ..NodeChanges::default()
        };
        if let Err(error) = self.nodes.update(&node.org_id, &node.node_id, &changes) {
            tracing::warn!(%error, node_id = %node.node_id, "node version not recorded");
        }
        let refusal = UnsupportedVersion {
            reported_raw: request.node_version.clone().unwrap_or_default(),
            reported,
            min_supported: self.versions.min_supported,
            latest: self.versions.latest,
        };
        self.note_register_error(
            node,
            &format!(
                "CameraNode version {reported} is below the minimum supported {}. Update CameraNode to {} and re-register.",
                refusal.min_supported, refusal.latest
            ),
        );
        FleetError::UnsupportedVersion(refusal)
    }

    /// Refreshes known cameras and creates new ones while the cap allows.
    fn upsert_cameras(
        &self,
        node: &Node,
        request: &RegisterRequest,
        max_cameras: u32,
    ) -> FleetResult<UpsertedCameras> {
        let org = &node.org_id;
        let now = self.now_naive();
        let existing_before = self.cameras.count(org)?;
        let codecs = request
            .video_codec
            .as_deref()
            .filter(|codec| !codec.is_empty())
            .map(|video| CodecReport {
                video: sanitize_video_codec(video),
                audio: request.audio_codec.clone(),
            });
        let mut result = UpsertedCameras::default();
        let mut created: i64 = 0;
        for reported in &request.cameras {
            let device_path = [&reported.device_path, &reported.camera_id]
                .into_iter()
                .flatten()
                .find(|text| !text.is_empty())
                .map_or("unknown", String::as_str);
            let sanitised = sanitise_device_path(device_path);
            let camera_id = camera_id_for_device(&node.node_id, device_path);
            result
                .mapped
                .push((device_path.to_owned(), camera_id.clone()));
            let name = reported.name.clone().filter(|name| !name.is_empty());
            let is_new = self.cameras.get(org, &camera_id)?.is_none();
            if is_new && existing_before + created >= i64::from(max_cameras) {
                result
                    .skipped
                    .push(name.unwrap_or_else(|| sanitised.clone()));
                continue;
            }
            let camera = RegisteredCamera {
                camera_id: camera_id.clone(),
                name,
                fallback_name: format!("Camera {sanitised}"),
                node_type: reported
                    .node_type
                    .clone()
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "usb".to_owned()),
                capabilities: if reported.capabilities.is_empty() {
                    "streaming".to_owned()
                } else {
                    reported.capabilities.join(",")
                },
                codecs: codecs.clone(),
                seen_at: now,
            };
            match self
                .cameras
                .upsert_from_register(org, &node.node_id, &camera)
            {
                Ok(upsert) => {
                    if upsert.created {
                        created += 1;
                    }
                    self.directory.remember_camera(&upsert.camera);
                }
                // The id belongs to another org's camera: never touch it.
                Err(RepoError::Conflict(reason)) => {
                    tracing::warn!(%reason, camera_id = %camera_id, "camera id taken by another org");
                }
                Err(other) => return Err(other.into()),
            }
        }
        Ok(result)
    }
}

#[derive(Debug, Default)]
struct UpsertedCameras {
    mapped: Vec<(String, CameraId)>,
    skipped: Vec<String>,
}

/// The node row after a successful register.
fn node_changes(
    request: &RegisterRequest,
    verdict: &VersionVerdict,
    now: chrono::NaiveDateTime,
) -> NodeChanges {
    let sent = |value: &Option<String>| value.clone().filter(|text| !text.is_empty());
    let mut changes = NodeChanges {
        hostname: sent(&request.hostname).map(Some),
        local_ip: lan_address(request.lan_streaming, sent(&request.local_ip)),
        http_port: Some(Some(request.http_port)),
        status: Some("online".to_owned()),
        last_seen: Some(now),
        last_register_error: Some(None),
        last_register_error_at: Some(None),
        node_version: Some(verdict.reported.map(|v| v.to_string())),
        version_checked_at: Some(now),
        ..NodeChanges::default()
    };
    if let Some(video) = sent(&request.video_codec) {
        changes.video_codec = Some(Some(sanitize_video_codec(&video)));
        changes.audio_codec = Some(request.audio_codec.clone());
        changes.codec_detected_at = Some(Some(now));
    }
    changes
}

/// `local_ip` after a register or heartbeat: cleared when the node says it is not
/// LAN-reachable, replaced when it sent one, else untouched.
pub(super) fn lan_address(
    lan_streaming: Option<bool>,
    local_ip: Option<String>,
) -> Option<Option<String>> {
    match (lan_streaming, local_ip) {
        (Some(false), _) => Some(None),
        (_, Some(ip)) => Some(Some(ip)),
        (_, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_ids_follow_the_node_formula() {
        let node = NodeId::new("abcd1234");
        assert_eq!(
            camera_id_for_device(&node, "/dev/video0").as_str(),
            "abcd1234_dev_video0"
        );
        assert_eq!(
            camera_id_for_device(&node, "HD Pro Webcam C920").as_str(),
            "abcd1234_HD_Pro_Webcam_C920"
        );
        assert_eq!(
            camera_id_for_device(&node, "\\\\?\\usb cam\\").as_str(),
            "abcd1234_?_usb_cam"
        );
        assert_eq!(camera_id_for_device(&node, "0").as_str(), "abcd1234_0");
    }

    #[test]
    fn plan_limit_detail_lists_every_skipped_camera() {
        let hit = PlanLimitHit {
            plan_name: "Free",
            max_cameras: 5,
            skipped: vec!["cam6".into(), "cam7".into()],
        };
        assert_eq!(
            hit.detail(),
            "Plan limit reached (5 on Free). Upgrade to add: cam6, cam7."
        );
    }

    #[test]
    fn lan_streaming_false_clears_the_address() {
        assert_eq!(
            lan_address(Some(false), Some("10.0.0.2".into())),
            Some(None)
        );
        assert_eq!(
            lan_address(Some(true), Some("10.0.0.2".into())),
            Some(Some("10.0.0.2".into()))
        );
        assert_eq!(lan_address(None, None), None);
    }
}
