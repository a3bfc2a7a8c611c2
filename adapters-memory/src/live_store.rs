//! Segments and playlists per camera in process memory.

use sentinel_domain::ids::CameraId;
use sentinel_ports::driven::live::LiveStore;
use std::collections::HashMap;
use std::sync::RwLock;

#[derive(Default)]
pub struct MemoryLiveStore {
    cameras: RwLock<HashMap<CameraId, ()>>,
}

impl MemoryLiveStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl LiveStore for MemoryLiveStore {
    fn drop_camera(&self, camera_id: &CameraId) {
        if let Ok(mut cameras) = self.cameras.write() {
            cameras.remove(camera_id);
        }
    }
}
