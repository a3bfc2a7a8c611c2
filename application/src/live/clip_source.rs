//! What evidence clips are cut from: a camera's newest cached segments. With a shared tier
//! attached (`LIVE_STORE=redis`) they are read from it, so an instance that received none
//! of the camera's pushes can still cut its clip; without one, this instance's store
//! answers from memory as before.

use super::{LiveError, LivePipeline};
use bytes::Bytes;
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::SegmentName;

impl LivePipeline {
    /// The camera's newest `count` segments, oldest first; `None` when nothing is cached
    /// for it. With a shared tier: one round trip to it. Should the shared tier fail, this
    /// instance's own segments of the camera are used when it has some (it keeps every
    /// segment pushed to it); otherwise [`LiveError::SharedStoreUnavailable`].
    pub async fn newest_segments(
        &self,
        camera_id: &CameraId,
        count: usize,
    ) -> Result<Option<Vec<(SegmentName, Bytes)>>, LiveError> {
        let local = || self.ports.store.newest_segments(camera_id, count);
        let Some(shared) = &self.shared else {
            return Ok(local());
        };
        match shared.newest_segments(camera_id, count).await {
            Ok(found) => Ok(found),
            Err(error) => match local().filter(|segments| !segments.is_empty()) {
                Some(segments) => {
                    tracing::warn!(camera = %camera_id.as_str(), %error, "clip cut from this instance's segments: the shared live store failed");
                    Ok(Some(segments))
                }
                None => Err(error.into()),
            },
        }
    }
}
