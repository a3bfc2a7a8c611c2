//! The media playlist FFmpeg's HLS muxer would write: a sliding window of the newest
//! segments, with a discontinuity wherever the looped fixtures wrap around.

/// Segments kept in the window (FFmpeg's `hls_list_size` on the CloudNode).
pub const WINDOW: u64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaylistWindow {
    /// Number of distinct fixture segments being looped.
    pub fixture_count: u64,
}

impl PlaylistWindow {
    /// The playlist after segment `newest` (sequence numbers start at 0) was written.
    pub fn render(&self, newest: u64) -> String {
        let first = newest.saturating_sub(WINDOW - 1);
        let mut text = format!(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{first}\n"
        );
        for sequence in first..=newest {
            if self.starts_loop(sequence) {
                text.push_str("#EXT-X-DISCONTINUITY\n");
            }
            text.push_str(&format!(
                "#EXTINF:1.000000,\n{}\n",
                segment_filename(sequence)
            ));
        }
        text
    }

    /// Timestamps restart whenever the fixture loop does (and at the very start, as after
    /// every FFmpeg start).
    fn starts_loop(&self, sequence: u64) -> bool {
        self.fixture_count > 0 && sequence.is_multiple_of(self.fixture_count)
    }

    /// Which fixture segment carries sequence number `sequence`.
    pub fn fixture_index(&self, sequence: u64) -> usize {
        usize::try_from(sequence % self.fixture_count.max(1)).unwrap_or(0)
    }
}

/// `segment_00042.ts`: five digits, more past 99999.
pub fn segment_filename(sequence: u64) -> String {
    format!("segment_{sequence:05}.ts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_are_zero_padded() {
        assert_eq!(segment_filename(42), "segment_00042.ts");
        assert_eq!(segment_filename(123_456), "segment_123456.ts");
    }

    #[test]
    fn the_first_playlist_starts_with_a_discontinuity_at_sequence_zero() {
        let text = PlaylistWindow { fixture_count: 4 }.render(0);
        assert_eq!(
            text,
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY\n#EXTINF:1.000000,\nsegment_00000.ts\n"
        );
    }

    #[test]
    fn the_window_slides_and_marks_each_wrap() {
        let text = PlaylistWindow { fixture_count: 4 }.render(20);
        assert!(text.contains("#EXT-X-MEDIA-SEQUENCE:6\n"));
        assert_eq!(text.matches("#EXTINF").count(), 15);
        assert!(text.ends_with("segment_00020.ts\n"));
        // Wraps at 8, 12, 16 and 20 inside the window 6..=20.
        assert_eq!(text.matches("#EXT-X-DISCONTINUITY").count(), 4);
        assert!(text.contains("#EXT-X-DISCONTINUITY\n#EXTINF:1.000000,\nsegment_00008.ts"));
    }

    #[test]
    fn fixtures_repeat_in_order() {
        let window = PlaylistWindow { fixture_count: 3 };
        let picks: Vec<usize> = (0..7).map(|s| window.fixture_index(s)).collect();
        assert_eq!(picks, [0, 1, 2, 0, 1, 2, 0]);
    }
}
