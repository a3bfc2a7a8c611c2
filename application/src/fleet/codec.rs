//! The H.264 codec-string repair applied to every codec a node reports.

/// `avc1.PPCCLL` with a level byte below `0x14` (level 2.0) claims a level too low for the
/// stream and makes browsers refuse it: such strings get level `1e` (3.0). Anything else
/// (not `avc1.`, not exactly 11 characters, level not hex) is returned unchanged.
pub fn sanitize_video_codec(codec: &str) -> String {
    let repaired = codec
        .strip_prefix("avc1.")
        .filter(|_| codec.len() == 11 && codec.is_ascii())
        .and_then(|rest| {
            let level = u8::from_str_radix(&rest[4..6], 16).ok()?;
            (level < 0x14).then(|| format!("avc1.{}1e", &rest[..4]))
        });
    repaired.unwrap_or_else(|| codec.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_levels_become_three_point_zero() {
        assert_eq!(sanitize_video_codec("avc1.42e00a"), "avc1.42e01e");
        assert_eq!(sanitize_video_codec("avc1.4da00a"), "avc1.4da01e");
        assert_eq!(sanitize_video_codec("avc1.64000b"), "avc1.64001e");
        assert_eq!(sanitize_video_codec("avc1.42e00d"), "avc1.42e01e");
        assert_eq!(sanitize_video_codec("avc1.42e013"), "avc1.42e01e");
    }

    #[test]
    fn everything_else_is_left_alone() {
        for codec in [
            "avc1.42e014",
            "avc1.64a01e",
            "hvc1.1.L93.B0",
            "avc1.42e00",
            "avc1.42e00a0",
            "avc1.42e0zz",
            "",
            "opus",
        ] {
            assert_eq!(sanitize_video_codec(codec), codec);
        }
    }
}
