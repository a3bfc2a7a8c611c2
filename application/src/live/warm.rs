//! Live operations answer from memory only; when memory lacks something they say what
//! ([`LiveError::Cold`], [`LiveError::Fetch`]) and the caller loads it and asks again.

use super::{LiveError, LivePipeline};
use crate::blocking::unblock;
use std::sync::Arc;

/// How many times one request may load missing memory: the camera, then its usage or
/// codecs, then, with a shared live store, the segment or playlist.
const WARMUP_ATTEMPTS: usize = 6;

impl LivePipeline {
    /// Runs `attempt`, loading whatever memory it reports missing (from storage off the
    /// async runtime, or from the shared live store) and retrying. Memory that is still
    /// missing after [`WARMUP_ATTEMPTS`] loads comes back as the last `Cold`/`Fetch`.
    pub async fn warmed<T>(
        self: &Arc<Self>,
        mut attempt: impl FnMut() -> Result<T, LiveError>,
    ) -> Result<T, LiveError> {
        let mut outcome = attempt();
        for _ in 0..WARMUP_ATTEMPTS {
            match outcome {
                Err(LiveError::Cold(warmup)) => {
                    let pipeline = Arc::clone(self);
                    unblock(move || pipeline.warm(&warmup)).await?;
                }
                Err(LiveError::Fetch(fetch)) => self.fetch_shared(&fetch).await?,
                answered => return answered,
            }
            outcome = attempt();
        }
        outcome
    }
}
