//! Attaching evidence: text observations, live snapshots (captured by the caller through
//! the node channel) and clips cut from the live segment cache.

use super::lifecycle::not_found_as;
use super::{IncidentError, check_observation_text};
use bytes::Bytes;
use chrono::NaiveDateTime;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::incidents::{
    CLIP_BYTE_CAP, Evidence, EvidenceKind, NewEvidence, SEGMENT_SECONDS, clip_mime,
    clip_segment_count,
};
use sentinel_domain::live::SegmentName;
use sentinel_ports::driven::live::LiveStore;

impl super::Incidents {
    /// Adds a text observation (trimmed; non-blank, at most 8 000 characters). The incident
    /// must be the org's; a given camera must be too.
    pub fn add_observation(
        &self,
        org: &OrgId,
        incident_id: i64,
        text: &str,
        camera_id: Option<&str>,
        at: NaiveDateTime,
    ) -> Result<Evidence, IncidentError> {
        let text = check_observation_text(text)?;
        self.require_incident(org, incident_id)?;
        if let Some(camera_id) = camera_id
            && self.cameras.get(org, &CameraId::new(camera_id))?.is_none()
        {
            return Err(IncidentError::CameraNotInOrg(camera_id.to_owned()));
        }
        self.insert(
            org,
            incident_id,
            NewEvidence {
                kind: EvidenceKind::Observation,
                text: Some(text),
                camera_id: camera_id.map(str::to_owned),
                data: None,
                data_mime: None,
            },
            at,
        )
    }

    /// Attaches a JPEG the caller captured from the camera (`image/jpeg`; the note trimmed,
    /// a blank note stored as none).
    pub fn attach_snapshot(
        &self,
        org: &OrgId,
        incident_id: i64,
        camera_id: &CameraId,
        jpeg: Vec<u8>,
        note: Option<&str>,
        at: NaiveDateTime,
    ) -> Result<Evidence, IncidentError> {
        self.insert(
            org,
            incident_id,
            NewEvidence {
                kind: EvidenceKind::Snapshot,
                text: note_text(note),
                camera_id: Some(camera_id.as_str().to_owned()),
                data: Some(jpeg),
                data_mime: Some("image/jpeg".to_owned()),
            },
            at,
        )
    }

    /// `attach_clip` over a synchronous store: the incident and the camera must be the org's;
    /// then the newest `duration_seconds` of live video is cut ([`cut_clip`]) and stored as a
    /// `clip` with `video/mp2t;duration=<s>`. The MCP tool runs the same three steps
    /// ([`Self::check_clip_target`], [`clip_from_segments`], [`Self::store_clip`]) around an asynchronous
    /// read that reaches the shared live tier when one is attached.
    #[allow(clippy::too_many_arguments)]
    pub fn attach_clip(
        &self,
        live: &dyn LiveStore,
        org: &OrgId,
        incident_id: i64,
        camera_id: &CameraId,
        duration_seconds: i64,
        note: Option<&str>,
        at: NaiveDateTime,
    ) -> Result<AttachedClip, IncidentError> {
        self.check_clip_target(org, incident_id, camera_id)?;
        let clip = cut_clip(live, camera_id, duration_seconds)?;
        self.store_clip(org, incident_id, camera_id, clip, note, at)
    }

    /// What [`Self::attach_clip`] checks before cutting: the incident and the camera are the org's.
    pub fn check_clip_target(
        &self,
        org: &OrgId,
        incident_id: i64,
        camera_id: &CameraId,
    ) -> Result<(), IncidentError> {
        self.require_incident(org, incident_id)?;
        if self.cameras.get(org, camera_id)?.is_none() {
            return Err(IncidentError::CameraNotFound(camera_id.as_str().to_owned()));
        }
        Ok(())
    }

    /// Stores a cut clip as a `clip` with `video/mp2t;duration=<s>` (the last step of
    /// [`Self::attach_clip`], for callers that read the segments themselves).
    pub fn store_clip(
        &self,
        org: &OrgId,
        incident_id: i64,
        camera_id: &CameraId,
        clip: ClipCut,
        note: Option<&str>,
        at: NaiveDateTime,
    ) -> Result<AttachedClip, IncidentError> {
        let (segment_count, truncated, bytes) =
            (clip.segment_count, clip.truncated, clip.data.len());
        let approx_duration_seconds = clip.approx_duration_seconds();
        let evidence = self.insert(
            org,
            incident_id,
            NewEvidence {
                kind: EvidenceKind::Clip,
                text: note_text(note),
                camera_id: Some(camera_id.as_str().to_owned()),
                data: Some(clip.data),
                data_mime: Some(clip_mime(segment_count)),
            },
            at,
        )?;
        Ok(AttachedClip {
            evidence,
            segment_count,
            approx_duration_seconds,
            bytes,
            truncated,
        })
    }

    fn insert(
        &self,
        org: &OrgId,
        incident_id: i64,
        evidence: NewEvidence,
        at: NaiveDateTime,
    ) -> Result<Evidence, IncidentError> {
        self.incidents
            .add_evidence(org, incident_id, &evidence, at)
            .map_err(|error| not_found_as(error, incident_id))
    }
}

/// Concatenated MPEG-TS cut from the live cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipCut {
    pub data: Vec<u8>,
    pub segment_count: usize,
    /// Oldest segments were dropped to stay within 32 MiB.
    pub truncated: bool,
}

impl ClipCut {
    /// Segments × 1 s, rounded to one decimal.
    pub fn approx_duration_seconds(&self) -> f64 {
        (self.segment_count as f64 * SEGMENT_SECONDS * 10.0).round() / 10.0
    }
}

/// The newest `duration_seconds` (one segment per second, at least one) of the camera's
/// cached segments, oldest first, concatenated; the oldest are dropped until the clip fits
/// [`CLIP_BYTE_CAP`]. No cache for the camera → [`IncidentError::NoBufferedSegments`]; a
/// cache emptied meanwhile → [`IncidentError::BufferEvicted`]. Never blocks.
pub fn cut_clip(
    live: &dyn LiveStore,
    camera_id: &CameraId,
    duration_seconds: i64,
) -> Result<ClipCut, IncidentError> {
    let wanted = clip_segment_count(duration_seconds);
    clip_from_segments(camera_id, live.newest_segments(camera_id, wanted))
}

/// [`cut_clip`] from segments already read (the newest first asked for with
/// [`clip_segment_count`], oldest first; `None` when the camera had none cached), wherever
/// they were read from.
pub fn clip_from_segments(
    camera_id: &CameraId,
    segments: Option<Vec<(SegmentName, Bytes)>>,
) -> Result<ClipCut, IncidentError> {
    let segments =
        segments.ok_or_else(|| IncidentError::NoBufferedSegments(camera_id.as_str().to_owned()))?;
    if segments.is_empty() {
        return Err(IncidentError::BufferEvicted(camera_id.as_str().to_owned()));
    }
    let mut total: usize = segments.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut first = 0;
    while total > CLIP_BYTE_CAP && first < segments.len() {
        total -= segments[first].1.len();
        first += 1;
    }
    let kept = &segments[first..];
    let mut data = Vec::with_capacity(total);
    for (_, bytes) in kept {
        data.extend_from_slice(bytes);
    }
    Ok(ClipCut {
        data,
        segment_count: kept.len(),
        truncated: first > 0,
    })
}

/// A clip attached to an incident, with what `attach_clip` reports about it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedClip {
    pub evidence: Evidence,
    pub segment_count: usize,
    pub approx_duration_seconds: f64,
    pub bytes: usize,
    pub truncated: bool,
}

fn note_text(note: Option<&str>) -> Option<String> {
    note.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use sentinel_ports::driven::live::{CachedPlaylist, LiveStoreStats, SweepReport};

    /// A cache holding fixed segments for one camera (`None` for any other).
    struct FixedSegments(Vec<Vec<u8>>);

    impl LiveStore for FixedSegments {
        fn put_segment(&self, _: &CameraId, _: SegmentName, _: Bytes, _: DateTime<Utc>) -> usize {
            0
        }
        fn segment(&self, _: &CameraId, _: SegmentName) -> Option<Bytes> {
            None
        }
        fn newest_segments(
            &self,
            camera_id: &CameraId,
            count: usize,
        ) -> Option<Vec<(SegmentName, Bytes)>> {
            (camera_id.as_str() == "cam").then(|| {
                let start = self.0.len().saturating_sub(count);
                self.0[start..]
                    .iter()
                    .enumerate()
                    .map(|(i, data)| {
                        let name = SegmentName::parse(&format!("segment_{i:05}.ts")).unwrap();
                        (name, Bytes::from(data.clone()))
                    })
                    .collect()
            })
        }
        fn largest_segment_bytes(&self, _: &CameraId) -> Option<u64> {
            None
        }
        fn put_playlist(&self, _: &CameraId, _: Bytes, _: DateTime<Utc>) -> u64 {
            0
        }
        fn playlist(&self, _: &CameraId) -> Option<CachedPlaylist> {
            None
        }
        fn sweep(&self, _: DateTime<Utc>) -> SweepReport {
            SweepReport::default()
        }
        fn drop_idle_cameras(&self, _: DateTime<Utc>) -> Vec<CameraId> {
            Vec::new()
        }
        fn drop_camera(&self, _: &CameraId) {}
        fn stats(&self) -> LiveStoreStats {
            LiveStoreStats::default()
        }
    }

    #[test]
    fn clips_keep_the_newest_segments_within_the_byte_cap() {
        let segment = CLIP_BYTE_CAP / 3 + 1;
        let cache = FixedSegments((0u8..4).map(|i| vec![i; segment]).collect());
        let clip = cut_clip(&cache, &CameraId::new("cam"), 4).unwrap();
        assert_eq!(clip.segment_count, 2, "three would exceed 32 MiB");
        assert!(clip.truncated);
        assert_eq!(clip.data.len(), 2 * segment);
        assert_eq!((clip.data[0], clip.data[clip.data.len() - 1]), (2, 3));
        assert_eq!(clip.approx_duration_seconds(), 2.0);
    }

    #[test]
    fn a_short_clip_is_not_truncated_and_asks_for_at_least_one_segment() {
        let cache = FixedSegments(vec![vec![1; 10], vec![2; 10], vec![3; 10]]);
        let clip = cut_clip(&cache, &CameraId::new("cam"), 0).unwrap();
        assert_eq!((clip.segment_count, clip.truncated), (1, false));
        assert_eq!(clip.data, vec![3; 10]);
    }

    #[test]
    fn an_uncached_or_emptied_camera_cannot_be_clipped() {
        let cache = FixedSegments(Vec::new());
        assert_eq!(
            cut_clip(&cache, &CameraId::new("other"), 15).unwrap_err(),
            IncidentError::NoBufferedSegments("other".into())
        );
        assert_eq!(
            cut_clip(&cache, &CameraId::new("cam"), 15).unwrap_err(),
            IncidentError::BufferEvicted("cam".into())
        );
    }
}
