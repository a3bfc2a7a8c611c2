//! Shared fixtures of the micro-benchmarks in `benches/` (run them with `just bench-micro`).

/// A CloudNode-shaped media playlist of `segments` one-second segments starting at `first`.
pub fn node_playlist(first: u64, segments: u64) -> String {
    let mut text = format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{first}\n"
    );
    for sequence in first..first + segments {
        text.push_str("#EXTINF:1.000000,\n");
        text.push_str(&format!(
            "/var/lib/cloudnode/hls/cam/segment_{sequence:05}.ts\n"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_playlist_fixture_names_every_segment() {
        let text = super::node_playlist(7, 3);
        assert!(text.contains("#EXT-X-MEDIA-SEQUENCE:7"));
        assert_eq!(text.matches("segment_").count(), 3);
        assert!(text.ends_with("segment_00009.ts\n"));
    }
}
