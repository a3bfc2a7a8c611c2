//! Evidence kinds, the clip's duration carried in its mime type, and the single-segment
//! VOD playlist that lets the dashboard play a clip (integration-and-sentinel.md §2,
//! mcp.md §4.2 `attach_clip`).

use std::fmt;

/// Live segments are assumed to be one second long when a clip is cut.
pub const SEGMENT_SECONDS: f64 = 1.0;
/// A clip never exceeds 32 MiB: the oldest segments are dropped first.
pub const CLIP_BYTE_CAP: usize = 32 * 1024 * 1024;
/// The playlist's duration when the mime type carries none.
pub const CLIP_DEFAULT_DURATION: f64 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceKind {
    /// Text only.
    Observation,
    /// A JPEG.
    Snapshot,
    /// Concatenated MPEG-TS.
    Clip,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Observation => "observation",
            Self::Snapshot => "snapshot",
            Self::Clip => "clip",
        }
    }
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The media type without parameters (`video/mp2t;duration=15.0` → `video/mp2t`); `None`
/// when there is no mime or nothing before the first `;`.
pub fn mime_essence(data_mime: Option<&str>) -> Option<&str> {
    data_mime
        .and_then(|mime| mime.split(';').next())
        .map(str::trim)
        .filter(|essence| !essence.is_empty())
}

/// The `duration=` parameter of a mime type, when present and a finite number.
pub fn mime_duration(data_mime: Option<&str>) -> Option<f64> {
    data_mime?
        .split(';')
        .skip(1)
        .filter_map(|param| param.trim().strip_prefix("duration="))
        .find_map(|value| value.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite())
}

/// A clip's playback length: the mime's `duration=`, else 60 s.
pub fn clip_duration(data_mime: Option<&str>) -> f64 {
    mime_duration(data_mime).unwrap_or(CLIP_DEFAULT_DURATION)
}

/// How many cached segments a clip of `duration_seconds` wants: at least one.
pub fn clip_segment_count(duration_seconds: i64) -> usize {
    let wanted = (duration_seconds as f64 / SEGMENT_SECONDS).round();
    if wanted < 1.0 { 1 } else { wanted as usize }
}

/// `video/mp2t;duration=<segments × 1 s, one decimal>`.
pub fn clip_mime(segment_count: usize) -> String {
    format!(
        "video/mp2t;duration={:.1}",
        segment_count as f64 * SEGMENT_SECONDS
    )
}

/// The synthetic VOD playlist of one clip: a single segment, the evidence blob itself,
/// addressed by absolute path so the player sends the same bearer token.
pub fn clip_playlist(incident_id: i64, evidence_id: i64, data_mime: Option<&str>) -> String {
    let duration = clip_duration(data_mime);
    // Python's int() truncates toward zero.
    let target = (duration.trunc() as i64).saturating_add(1).max(1);
    [
        "#EXTM3U".to_owned(),
        "#EXT-X-VERSION:3".to_owned(),
        format!("#EXT-X-TARGETDURATION:{target}"),
        "#EXT-X-MEDIA-SEQUENCE:0".to_owned(),
        "#EXT-X-PLAYLIST-TYPE:VOD".to_owned(),
        format!("#EXTINF:{duration:.3},"),
        format!("/api/incidents/{incident_id}/evidence/{evidence_id}"),
        "#EXT-X-ENDLIST".to_owned(),
    ]
    .into_iter()
    .map(|line| line + "\n")
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_essence_drops_parameters() {
        assert_eq!(
            mime_essence(Some("video/mp2t;duration=15.0")),
            Some("video/mp2t")
        );
        assert_eq!(mime_essence(Some(" image/jpeg ")), Some("image/jpeg"));
        assert_eq!(mime_essence(Some(";duration=3")), None);
        assert_eq!(mime_essence(None), None);
    }

    #[test]
    fn durations_come_from_the_mime_or_default_to_sixty() {
        assert_eq!(clip_duration(Some("video/mp2t;duration=15.0")), 15.0);
        assert_eq!(clip_duration(Some("video/mp2t; duration=7.5")), 7.5);
        assert_eq!(clip_duration(Some("video/mp2t")), 60.0);
        assert_eq!(clip_duration(Some("video/mp2t;duration=abc")), 60.0);
        assert_eq!(clip_duration(Some("video/mp2t;duration=inf")), 60.0);
        assert_eq!(clip_duration(None), 60.0);
    }

    #[test]
    fn segment_counts_round_and_never_drop_below_one() {
        assert_eq!(clip_segment_count(15), 15);
        assert_eq!(clip_segment_count(0), 1);
        assert_eq!(clip_segment_count(-3), 1);
        assert_eq!(clip_mime(15), "video/mp2t;duration=15.0");
        assert_eq!(clip_mime(2), "video/mp2t;duration=2.0");
    }

    #[test]
    fn the_playlist_is_a_single_segment_vod() {
        assert_eq!(
            clip_playlist(7, 42, Some("video/mp2t;duration=15.0")),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:16\n#EXT-X-MEDIA-SEQUENCE:0\n\
             #EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:15.000,\n/api/incidents/7/evidence/42\n#EXT-X-ENDLIST\n"
        );
    }

    #[test]
    fn the_target_duration_truncates_and_stays_positive() {
        let playlist = clip_playlist(1, 2, Some("video/mp2t;duration=2.7"));
        assert!(playlist.contains("#EXT-X-TARGETDURATION:3\n"));
        assert!(playlist.contains("#EXTINF:2.700,\n"));
        let playlist = clip_playlist(1, 2, Some("video/mp2t;duration=-5"));
        assert!(playlist.contains("#EXT-X-TARGETDURATION:1\n"));
        let playlist = clip_playlist(1, 2, None);
        assert!(playlist.contains("#EXT-X-TARGETDURATION:61\n#"));
        assert!(playlist.contains("#EXTINF:60.000,\n"));
    }
}
