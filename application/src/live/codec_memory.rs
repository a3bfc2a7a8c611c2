//! Cameras' codecs for the master playlist: the node reports them once per run (and the
//! row keeps them), so they are remembered here and read from the row only on a miss.

use chrono::{DateTime, TimeDelta, Utc};
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::CodecPair;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// A codec read from the row is trusted this long (a report updates it at once).
const CODEC_MEMORY_TTL: TimeDelta = TimeDelta::minutes(10);

#[derive(Default)]
pub struct CodecMemory {
    entries: Mutex<HashMap<CameraId, Remembered>>,
}

/// A camera's codecs (`None`: it never reported any) and when they were learnt.
struct Remembered {
    codecs: Option<CodecPair>,
    stored_at: DateTime<Utc>,
}

impl CodecMemory {
    /// `Some(codecs)` when known (`codecs` is `None` for a camera that never reported any).
    pub fn get(&self, camera: &CameraId, now: DateTime<Utc>) -> Option<Option<CodecPair>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(camera)?;
        (now.signed_duration_since(entry.stored_at) < CODEC_MEMORY_TTL)
            .then(|| entry.codecs.clone())
    }

    pub fn remember(&self, camera: &CameraId, codecs: Option<CodecPair>, now: DateTime<Utc>) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                camera.clone(),
                Remembered {
                    codecs,
                    stored_at: now,
                },
            );
    }

    pub fn prune(&self, now: DateTime<Utc>) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, entry| now.signed_duration_since(entry.stored_at) < CODEC_MEMORY_TTL);
    }
}
