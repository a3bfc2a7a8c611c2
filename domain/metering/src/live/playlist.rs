//! Playlists: the rewrite applied to every pushed media playlist (rest-api.md §9.2), the
//! decoder error wording, and the master playlist that carries the codecs.

use super::codec::CodecPair;
use super::segment_name::SegmentName;
use chrono::TimeDelta;
use std::fmt::Write;

/// A cached playlist is served while younger than this (then `Stream not started yet`).
pub const PLAYLIST_FRESH_FOR: TimeDelta = TimeDelta::seconds(30);

/// `BANDWIDTH` of the master playlist before any segment is cached: the CloudNode's
/// default 2.5 Mbit/s encode plus MPEG-TS overhead.
pub const DEFAULT_BANDWIDTH: u64 = 3_000_000;

/// A pushed playlist after [`rewrite_playlist`], with how many lines it lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewrittenPlaylist {
    pub text: String,
    /// URI lines and URI-carrying tags dropped because they did not name one of our
    /// segments (a misbehaving or compromised node).
    pub dropped: usize,
}

/// Rewrites a pushed media playlist so that every URI a player reads is one of our own
/// segment routes:
///
/// 1. A line not starting with `#` whose last path component (after any prefix ending in
///    `/` or `\`: relative dirs, absolute paths, Windows paths, URLs) is `segment_<n>.ts`,
///    optionally followed by spaces, tabs or `\r`, becomes `segment/segment_<n>.ts` (the
///    `\n` stays, the trailing whitespace and `\r` go). Already rewritten lines stay as
///    they are, so the rewrite is idempotent.
/// 2. Any other URI line is dropped, with the `#EXTINF` and `#EXT-X-BYTERANGE` that
///    described it, and so is every `#EXT` tag outside [`PASSED_TAGS`] (`#EXT-X-KEY`,
///    `#EXT-X-MAP`, `#EXT-X-DEFINE`, ...): a node must not be able to point a viewer's
///    player at another host, a key server or a file of ours it did not push.
/// 3. The content of every `#EXT-X-CODECS:` line is deleted (an empty line remains): it
///    is not an HLS tag; codecs go in the master playlist instead.
/// 4. Everything else is kept byte for byte (CRLF on tag lines included).
///
/// Deliberate differences from the original: a segment URI with a query string or
/// fragment (`https://h/x/segment_00002.ts?tok=1`) is rewritten, dropping the query, and
/// foreign URIs are dropped instead of being passed through (the original handed players
/// absolute URLs, presigned storage links among them, that bypass the authenticated proxy).
pub fn rewrite_playlist(text: &str) -> RewrittenPlaylist {
    let mut out = String::with_capacity(text.len() + 64);
    let mut dropped = 0;
    // The lines since a segment's `#EXTINF`, held until its URI line tells whether the
    // segment stays.
    let mut pending: Vec<&str> = Vec::new();
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if has_hidden_break(body) {
            dropped += 1;
        } else if body.starts_with('#') {
            if body.starts_with("#EXT-X-CODECS:") {
                hold_or_write(&mut out, &mut pending, newline);
            } else if is_refused_tag(body) {
                dropped += 1;
            } else if body.starts_with("#EXTINF") || !pending.is_empty() {
                pending.push(line);
            } else {
                out.push_str(line);
            }
        } else if let Some(segment) = segment_uri(body) {
            pending.drain(..).for_each(|held| out.push_str(held));
            out.push_str("segment/");
            out.push_str(segment);
            out.push_str(newline);
        } else if body.trim().is_empty() {
            hold_or_write(&mut out, &mut pending, line);
        } else {
            dropped += 1;
            pending
                .drain(..)
                .filter(|held| !describes_segment(held))
                .for_each(|held| out.push_str(held));
        }
    }
    pending.drain(..).for_each(|held| out.push_str(held));
    RewrittenPlaylist { text: out, dropped }
}

fn hold_or_write<'a>(out: &mut String, pending: &mut Vec<&'a str>, line: &'a str) {
    if pending.is_empty() {
        out.push_str(line);
    } else {
        pending.push(line);
    }
}

/// The media-playlist tags a viewer's player gets: none of them can name a URI. Every
/// other `#EXT` tag (`#EXT-X-KEY`, `#EXT-X-MAP`, `#EXT-X-DEFINE`, `#EXT-X-DATERANGE`
/// with its asset URIs, ...) is dropped. Plain `#` comments are kept.
const PASSED_TAGS: &[&str] = &[
    "#EXTM3U",
    "#EXTINF:",
    "#EXT-X-VERSION:",
    "#EXT-X-TARGETDURATION:",
    "#EXT-X-MEDIA-SEQUENCE:",
    "#EXT-X-DISCONTINUITY-SEQUENCE:",
    "#EXT-X-DISCONTINUITY",
    "#EXT-X-PROGRAM-DATE-TIME:",
    "#EXT-X-BYTERANGE:",
    "#EXT-X-ENDLIST",
    "#EXT-X-PLAYLIST-TYPE:",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    "#EXT-X-ALLOW-CACHE:",
    "#EXT-X-GAP",
    "#EXT-X-BITRATE:",
];

/// A tag line a player must not see (see [`PASSED_TAGS`]).
fn is_refused_tag(line: &str) -> bool {
    let tag = line.trim_end_matches([' ', '\t', '\r']);
    tag.starts_with("#EXT")
        && !PASSED_TAGS.iter().any(|passed| {
            tag.strip_prefix(passed)
                .is_some_and(|rest| passed.ends_with(':') || rest.is_empty())
        })
}

/// A line some player could read as two: a carriage return before its end, a Unicode
/// line or paragraph separator, or another control character (hls.js's parser splits on
/// more than `\n`, so `#EXTINF:1,\rhttps://elsewhere/a.ts` would smuggle a URI).
fn has_hidden_break(body: &str) -> bool {
    let body = body.strip_suffix('\r').unwrap_or(body);
    body.chars()
        .any(|c| (c.is_control() && c != '\t') || c == '\u{2028}' || c == '\u{2029}')
}

/// The tags that belong to exactly one segment and go with it.
fn describes_segment(line: &str) -> bool {
    line.starts_with("#EXTINF") || line.starts_with("#EXT-X-BYTERANGE")
}

/// The segment file name a URI line points at, if it is one.
fn segment_uri(line: &str) -> Option<&str> {
    if line.starts_with('#') {
        return None;
    }
    let trimmed = line.trim_end_matches([' ', '\t', '\r']);
    segment_basename(trimmed).or_else(|| {
        let cut = trimmed.find(['?', '#'])?;
        segment_basename(&trimmed[..cut])
    })
}

fn segment_basename(path: &str) -> Option<&str> {
    let base = path.rsplit(['/', '\\']).next()?;
    SegmentName::parse(base).is_ok().then_some(base)
}

/// A pushed playlist that is not UTF-8; the message reads like Python's decoder error
/// (what the original put after `Invalid playlist content: `).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidPlaylist(pub String);

pub fn decode_playlist(bytes: &[u8]) -> Result<&str, InvalidPlaylist> {
    std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        let byte = bytes.get(at).copied().unwrap_or_default();
        let message = match error.error_len() {
            None if bytes.len() - at > 1 => format!(
                "'utf-8' codec can't decode bytes in position {at}-{}: unexpected end of data",
                bytes.len() - 1
            ),
            None => format!(
                "'utf-8' codec can't decode byte 0x{byte:02x} in position {at}: unexpected end of data"
            ),
            Some(_) => {
                let reason = if (0x80..=0xc1).contains(&byte) || byte >= 0xf5 {
                    "invalid start byte"
                } else {
                    "invalid continuation byte"
                };
                format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {at}: {reason}")
            }
        };
        InvalidPlaylist(message)
    })
}

/// `#EXT-X-TARGETDURATION` of a media playlist, if present and sane.
pub fn target_duration_seconds(playlist: &str) -> Option<u64> {
    playlist.lines().find_map(|line| {
        line.trim_end()
            .strip_prefix("#EXT-X-TARGETDURATION:")
            .and_then(|value| value.trim().parse::<u64>().ok())
            .filter(|seconds| *seconds > 0)
    })
}

/// Peak bits per second from the largest cached segment and the target duration; the
/// default when nothing is cached.
pub fn estimate_bandwidth(largest_segment_bytes: Option<u64>, target_duration: Option<u64>) -> u64 {
    match largest_segment_bytes {
        Some(bytes) if bytes > 0 => {
            let seconds = target_duration.unwrap_or(1).max(1);
            bytes.saturating_mul(8).div_ceil(seconds)
        }
        _ => DEFAULT_BANDWIDTH,
    }
}

/// A one-variant master playlist pointing at `stream.m3u8`, with `CODECS` when the codecs
/// are known and safe to quote.
pub fn master_playlist(bandwidth: u64, codecs: Option<&CodecPair>) -> String {
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:3\n");
    let _ = write!(out, "#EXT-X-STREAM-INF:BANDWIDTH={}", bandwidth.max(1));
    if let Some(attribute) = codecs.and_then(CodecPair::codecs_attribute) {
        let _ = write!(out, ",CODECS=\"{attribute}\"");
    }
    out.push_str("\nstream.m3u8\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_observed_example_is_rewritten_with_the_query_line_proxied_too() {
        let input = "#EXTM3U\r\n#EXT-X-CODECS:\"avc1\"\r\n#EXTINF:1.0,\r\n/abs/path/segment_00001.ts\r\nhttps://h/x/segment_00002.ts?tok=1\r\nsegment_00003.ts\r\nseg.ts\r\n";
        let rewritten = rewrite_playlist(input);
        assert_eq!(
            rewritten.text,
            "#EXTM3U\r\n\n#EXTINF:1.0,\r\nsegment/segment_00001.ts\nsegment/segment_00002.ts\nsegment/segment_00003.ts\n"
        );
        assert_eq!(rewritten.dropped, 1, "seg.ts is not one of our segments");
    }

    #[test]
    fn ffmpeg_playlists_get_proxy_uris() {
        let input = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:39\n#EXTINF:1.000000,\nsegment_00039.ts\n#EXTINF:1.000000,\nsegment_00040.ts\n";
        let out = rewrite_playlist(input);
        assert_eq!(out.dropped, 0);
        assert_eq!(
            out.text,
            input
                .replace("\nsegment_00039", "\nsegment/segment_00039")
                .replace("\nsegment_00040", "\nsegment/segment_00040")
        );
    }

    #[test]
    fn prefixes_urls_and_backslash_paths_are_stripped() {
        let input = "#EXTM3U\n./data/hls/cam/segment_00042.ts\nC:\\x\\segment_1.ts\nhttps://bucket.s3.amazonaws.com/p/segment_00007.ts?X-Amz-Expires=60&x-amz-signature=ab\nhttp://h/segment_8.ts#t=1\nsegment_9.ts \t\r\n";
        let out = rewrite_playlist(input).text;
        assert_eq!(
            out,
            "#EXTM3U\nsegment/segment_00042.ts\nsegment/segment_1.ts\nsegment/segment_00007.ts\nsegment/segment_8.ts\nsegment/segment_9.ts\n"
        );
        for banned in ["http://", "https://", "x-amz-", "expires=", "\r"] {
            assert!(!out.to_lowercase().contains(banned), "{banned} in {out:?}");
        }
    }

    #[test]
    fn rewriting_is_idempotent() {
        let input = "#EXTM3U\r\n#EXT-X-CODECS:avc1\r\n/x/segment_00001.ts\r\nsegment_00002.ts";
        let once = rewrite_playlist(input).text;
        assert_eq!(rewrite_playlist(&once).text, once);
        assert!(!once.contains("segment/segment/"));
        assert!(
            once.ends_with("segment/segment_00002.ts"),
            "no newline added"
        );
    }

    #[test]
    fn other_names_and_uri_tags_are_dropped_and_counted() {
        let input = "#EXT-X-MAP:URI=\"segment_init.ts\"\n#EXT-X-MAP:URI=\"segment_1.ts\"\nseg.ts\nsegment_a.ts\n segment_1.ts\nsegment_1.ts.bak\n\n#EXT-X-ENDLIST\r\n";
        let out = rewrite_playlist(input);
        assert_eq!(out.text, "\n#EXT-X-ENDLIST\r\n");
        assert_eq!(out.dropped, 6);
    }

    #[test]
    fn a_compromised_node_cannot_point_players_elsewhere() {
        let input = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n\
            #EXT-X-DEFINE:NAME=\"h\",VALUE=\"https://evil.example\"\n\
            #EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.evil.example/k\"\n\
            #EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"https://keys.evil.example/s\"\n\
            #EXT-X-DATERANGE:ID=\"ad\",START-DATE=\"2026-01-01T00:00:00Z\",X-ASSET-URI=\"https://ads.evil.example/a.m3u8\"\n\
            #EXTINF:1.0,\nhttps://elsewhere.example/a.ts\n\
            #EXTINF:1.0,\n#EXT-X-BYTERANGE:100@0\n#EXT-X-DISCONTINUITY\n{$h}/x.ts\n\
            #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:07Z\n#EXTINF:1.0,\nsegment_00007.ts\n\
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"https://evil.example/p.ts\"\n";
        let out = rewrite_playlist(input);
        assert_eq!(
            out.text,
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n\
             #EXT-X-DISCONTINUITY\n\
             #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:07Z\n#EXTINF:1.0,\nsegment/segment_00007.ts\n"
        );
        assert_eq!(out.dropped, 7);
        let smuggled = rewrite_playlist(
            "#EXTM3U\n#EXTINF:1,\rhttps://evil.example/a.ts\nsegment_1.ts\n#EXTINF:1,\u{2028}https://evil.example/b.ts\r\nsegment_2.ts\n",
        );
        assert_eq!(
            smuggled.text,
            "#EXTM3U\nsegment/segment_1.ts\nsegment/segment_2.ts\n"
        );
        assert_eq!(smuggled.dropped, 2);
        for banned in ["://", "URI", "evil", "$"] {
            assert!(!out.text.contains(banned), "{banned} in {:?}", out.text);
        }
    }

    #[test]
    fn codec_lines_are_emptied_not_removed() {
        let out =
            rewrite_playlist("#EXTM3U\n#EXT-X-CODECS:avc1.42e01e,mp4a.40.2\n#EXTINF:1,\n").text;
        assert_eq!(out, "#EXTM3U\n\n#EXTINF:1,\n");
        assert!(!out.contains("#EXT-X-CODECS:"));
    }

    #[test]
    fn decoder_messages_read_like_pythons() {
        assert_eq!(
            decode_playlist(b"\xff").unwrap_err().0,
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
        );
        assert_eq!(
            decode_playlist(b"ab\xe2\x28\xa1").unwrap_err().0,
            "'utf-8' codec can't decode byte 0xe2 in position 2: invalid continuation byte"
        );
        assert_eq!(
            decode_playlist(b"abc\xe2\x82").unwrap_err().0,
            "'utf-8' codec can't decode bytes in position 3-4: unexpected end of data"
        );
        assert_eq!(
            decode_playlist(b"abc\xe2").unwrap_err().0,
            "'utf-8' codec can't decode byte 0xe2 in position 3: unexpected end of data"
        );
        assert_eq!(decode_playlist(b"#EXTM3U\n").unwrap(), "#EXTM3U\n");
    }

    #[test]
    fn target_duration_and_bandwidth() {
        assert_eq!(
            target_duration_seconds("#EXTM3U\n#EXT-X-TARGETDURATION:2\r\n"),
            Some(2)
        );
        assert_eq!(target_duration_seconds("#EXTM3U\n"), None);
        assert_eq!(estimate_bandwidth(Some(340_000), Some(1)), 2_720_000);
        assert_eq!(estimate_bandwidth(Some(340_001), Some(2)), 1_360_004);
        assert_eq!(estimate_bandwidth(None, Some(1)), DEFAULT_BANDWIDTH);
    }

    #[test]
    fn master_playlist_carries_codecs_when_known() {
        let codecs = CodecPair {
            video: "avc1.42e01e".into(),
            audio: "mp4a.40.2".into(),
        };
        assert_eq!(
            master_playlist(2_720_000, Some(&codecs)),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=2720000,CODECS=\"avc1.42e01e,mp4a.40.2\"\nstream.m3u8\n"
        );
        assert_eq!(
            master_playlist(1, None),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1\nstream.m3u8\n"
        );
    }

    #[test]
    fn unquotable_codecs_are_left_out() {
        let codecs = CodecPair {
            video: "avc1\",evil".into(),
            audio: "mp4a.40.2".into(),
        };
        assert!(!master_playlist(1, Some(&codecs)).contains("CODECS"));
    }
}
