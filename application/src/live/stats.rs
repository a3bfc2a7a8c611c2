//! The live path's numbers for `/api/health/detailed` (`hls_cache`, `viewer_usage`).

use sentinel_ports::driven::health::RuntimeStats;
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::metering::ViewerMeter;
use std::sync::Arc;

/// [`RuntimeStats`] from the live store and the viewer meter. The notification-stream
/// numbers (`sse`) belong to the event bus and read 0 here until it exists.
pub struct LiveRuntimeStats {
    store: Arc<dyn LiveStore>,
    meter: Arc<dyn ViewerMeter>,
}

impl LiveRuntimeStats {
    pub fn new(store: Arc<dyn LiveStore>, meter: Arc<dyn ViewerMeter>) -> Self {
        Self { store, meter }
    }
}

impl RuntimeStats for LiveRuntimeStats {
    fn playlists_cached(&self) -> u64 {
        self.store.stats().playlists
    }

    fn segment_cameras(&self) -> u64 {
        self.store.stats().segment_cameras
    }

    /// Viewer-seconds counted in memory and not yet written to `org_monthly_usage`.
    fn pending_viewer_writes(&self) -> u64 {
        self.meter.pending_seconds()
    }

    fn notification_subscriber_orgs(&self) -> u64 {
        0
    }

    fn notification_subscribers(&self) -> u64 {
        0
    }
}
