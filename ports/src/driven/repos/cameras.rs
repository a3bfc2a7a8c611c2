//! Cameras.

use super::RepoResult;
use chrono::NaiveDateTime;
use sentinel_domain::fleet::{
    Camera, CameraListing, CameraStatusReport, RecordingPolicy, RegisteredCamera,
};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};

/// The camera after a register upsert, and whether the upsert created it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraUpsert {
    pub camera: Camera,
    pub created: bool,
}

#[ambassador::delegatable_trait]
pub trait CameraRepo: Send + Sync {
    /// Creates the camera under `node_id` (org's node, else `NotFound`), or refreshes an
    /// existing one: name (if sent), `status = online`, `last_seen`, codecs (if sent). A
    /// `camera_id` that exists in another org is a `Conflict`, never touched.
    fn upsert_from_register(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        camera: &RegisteredCamera,
    ) -> RepoResult<CameraUpsert>;

    fn get(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<Option<Camera>>;

    /// The camera with its node's public id/name and its group's name.
    fn get_listing(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<Option<CameraListing>>;

    /// The org's cameras with names joined, oldest `created_at` first (the plan cap's order).
    fn list(&self, org: &OrgId) -> RepoResult<Vec<CameraListing>>;

    /// The cameras of one of the org's nodes, oldest first (empty if the node is not the org's).
    fn list_for_node(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Vec<Camera>>;

    fn count(&self, org: &OrgId) -> RepoResult<i64>;

    /// Heartbeat: applies each report to the camera of that id *if it belongs to `node_id`*
    /// (others are ignored), setting `last_seen = at`. Returns how many cameras changed.
    fn record_status_reports(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        reports: &[CameraStatusReport],
        at: NaiveDateTime,
    ) -> RepoResult<usize>;

    /// Stores the codecs a node detected and `codec_detected_at = at`.
    fn update_codecs(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
        video_codec: &str,
        audio_codec: &str,
        at: NaiveDateTime,
    ) -> RepoResult<()>;

    /// Puts the camera in a group of the same org (`NotFound("group")` otherwise), or takes
    /// it out with `None`.
    fn set_group(&self, org: &OrgId, camera_id: &CameraId, group_id: Option<i64>)
    -> RepoResult<()>;

    /// Replaces the whole recording policy; returns the updated camera.
    fn set_recording_policy(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
        policy: &RecordingPolicy,
    ) -> RepoResult<Camera>;

    /// Sets `disabled_by_plan` on those of `camera_ids` that belong to the org; returns how
    /// many rows actually changed (so a rerun reports 0).
    fn set_disabled_by_plan(
        &self,
        org: &OrgId,
        camera_ids: &[CameraId],
        disabled: bool,
    ) -> RepoResult<usize>;

    fn delete(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<()>;

    /// Register: deletes the cameras of `node_id` that are not in `keep`; returns their ids.
    fn delete_for_node_except(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        keep: &[CameraId],
    ) -> RepoResult<Vec<CameraId>>;

    /// **Cross-org**, for the offline sweep: cameras in any live state (`online`,
    /// `streaming`, `starting`, `restarting`, `error`, ...; not `offline`) whose non-null
    /// `last_seen` is before `cutoff` are set `offline`; returns them (names joined). The
    /// original swept only `online`, so a camera reporting `streaming` never went offline.
    fn mark_stale_offline(&self, cutoff: NaiveDateTime) -> RepoResult<Vec<CameraListing>>;
}
