//! The [`LiveStore`] handed out in shared mode (`LIVE_STORE=redis`), assembled here from
//! this instance's store and the use cases' shared tier: this instance's store, except that
//! forgetting a camera (node deleted, camera removed, org wiped) also forgets it in the
//! shared tier. Idle-camera drops stay local: other instances may still be serving the
//! camera, and the shared tier drops its own idle cameras.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use sentinel_application::live::SharedTier;
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::SegmentName;
use sentinel_ports::driven::live::{CachedPlaylist, LiveStore, LiveStoreStats, SweepReport};
use std::sync::Arc;

pub struct TieredLiveStore {
    local: Arc<dyn LiveStore>,
    shared: Arc<SharedTier>,
}

impl TieredLiveStore {
    pub fn new(local: Arc<dyn LiveStore>, shared: Arc<SharedTier>) -> Self {
        Self { local, shared }
    }
}

impl LiveStore for TieredLiveStore {
    fn put_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        bytes: Bytes,
        now: DateTime<Utc>,
    ) -> usize {
        self.local.put_segment(camera_id, name, bytes, now)
    }

    fn segment(&self, camera_id: &CameraId, name: SegmentName) -> Option<Bytes> {
        self.local.segment(camera_id, name)
    }

    fn newest_segments(
        &self,
        camera_id: &CameraId,
        count: usize,
    ) -> Option<Vec<(SegmentName, Bytes)>> {
        self.local.newest_segments(camera_id, count)
    }

    fn largest_segment_bytes(&self, camera_id: &CameraId) -> Option<u64> {
        self.local.largest_segment_bytes(camera_id)
    }

    fn put_playlist(&self, camera_id: &CameraId, body: Bytes, now: DateTime<Utc>) -> u64 {
        self.local.put_playlist(camera_id, body, now)
    }

    fn playlist(&self, camera_id: &CameraId) -> Option<CachedPlaylist> {
        self.local.playlist(camera_id)
    }

    fn sweep(&self, now: DateTime<Utc>) -> SweepReport {
        self.local.sweep(now)
    }

    fn drop_idle_cameras(&self, idle_since: DateTime<Utc>) -> Vec<CameraId> {
        self.local.drop_idle_cameras(idle_since)
    }

    fn drop_camera(&self, camera_id: &CameraId) {
        self.local.drop_camera(camera_id);
        self.shared.drop_camera(camera_id);
    }

    fn stats(&self) -> LiveStoreStats {
        self.local.stats()
    }
}
