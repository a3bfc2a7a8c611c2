//! The bundled media: four 1-second H.264 MPEG-TS segments of a moving test pattern and a
//! JPEG snapshot, compiled into the binary so the simulator needs nothing at run time.
//!
//! Made with FFmpeg (Constrained Baseline 3.0, 320×180, 15 fps, keyframe every second):
//! `ffmpeg -f lavfi -i testsrc2=size=320x180:rate=15 -t 4 -c:v libx264 -profile:v baseline
//!  -level 3.0 -pix_fmt yuv420p -b:v 200k -g 15 -keyint_min 15 -sc_threshold 0 -f hls
//!  -hls_time 1 -hls_list_size 0 -hls_segment_filename 'segment_%d.ts' out.m3u8` and
//! `ffmpeg -f lavfi -i testsrc2=size=320x180 -frames:v 1 -q:v 5 snapshot.jpg`.

use bytes::Bytes;

/// RFC 6381 codec of the bundled segments, as the node's probe reports it.
pub const VIDEO_CODEC: &str = "avc1.42e01e";
pub const AUDIO_CODEC: &str = "mp4a.40.2";

#[derive(Debug, Clone)]
pub struct Fixtures {
    pub segments: Vec<Bytes>,
    pub snapshot_jpeg: Bytes,
}

impl Fixtures {
    pub fn bundled() -> Self {
        Self {
            segments: vec![
                Bytes::from_static(include_bytes!("../fixtures/segment_0.ts")),
                Bytes::from_static(include_bytes!("../fixtures/segment_1.ts")),
                Bytes::from_static(include_bytes!("../fixtures/segment_2.ts")),
                Bytes::from_static(include_bytes!("../fixtures/segment_3.ts")),
            ],
            snapshot_jpeg: Bytes::from_static(include_bytes!("../fixtures/snapshot.jpg")),
        }
    }
}

/// An MPEG-TS null packet (PID 0x1FFF): players and demuxers skip it.
fn null_packet() -> [u8; 188] {
    let mut packet = [0xFF; 188];
    packet[..4].copy_from_slice(&[0x47, 0x1F, 0xFF, 0x10]);
    packet
}

impl Fixtures {
    /// Every segment padded with null packets to at least `bytes` (whole packets).
    pub fn padded_to(self, bytes: usize) -> Self {
        let packet = null_packet();
        let segments = self
            .segments
            .into_iter()
            .map(|segment| {
                let mut padded = segment.to_vec();
                while padded.len() < bytes {
                    padded.extend_from_slice(&packet);
                }
                Bytes::from(padded)
            })
            .collect();
        Self {
            segments,
            snapshot_jpeg: self.snapshot_jpeg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_mpeg_ts_and_the_snapshot_is_a_jpeg() {
        let fixtures = Fixtures::bundled();
        assert_eq!(fixtures.segments.len(), 4);
        for segment in &fixtures.segments {
            assert_eq!(segment.len() % 188, 0, "whole 188-byte packets");
            assert!(
                segment.chunks(188).all(|packet| packet[0] == 0x47),
                "sync bytes"
            );
        }
        assert_eq!(&fixtures.snapshot_jpeg[..2], &[0xFF, 0xD8]);
        let padded = fixtures.clone().padded_to(100_000);
        for (original, segment) in fixtures.segments.iter().zip(&padded.segments) {
            assert!(segment.len() >= 100_000 && segment.len() < 100_000 + 188);
            assert_eq!(segment.len() % 188, 0);
            assert_eq!(&segment[..original.len()], &original[..], "video kept");
            assert!(segment.chunks(188).all(|packet| packet[0] == 0x47));
        }
        assert_eq!(
            &fixtures.snapshot_jpeg[fixtures.snapshot_jpeg.len() - 2..],
            &[0xFF, 0xD9]
        );
    }
}
