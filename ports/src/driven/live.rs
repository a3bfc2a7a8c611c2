//! The live video cache: segments and rewritten playlists per camera, in process memory by
//! default (Redis-backed later). Never blocks and never touches the database.

use sentinel_domain::ids::CameraId;

pub trait LiveStore: Send + Sync {
    /// Forgets everything cached for a camera (node deleted, camera removed, org wiped).
    fn drop_camera(&self, camera_id: &CameraId);
}
