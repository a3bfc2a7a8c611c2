//! The codec report a CloudNode sends once per camera per run
//! (`POST /api/cameras/{id}/codec`, rest-api.md §1, cloudnode-client.md §8).

use serde_json::Value;

/// Longest codec string accepted.
pub const CODEC_MAX_CHARS: usize = 64;

/// What a missing or empty `audio_codec` means (the node also sends it for silent video).
pub const DEFAULT_AUDIO_CODEC: &str = "mp4a.40.2";

/// A camera's codec strings as RFC 6381 names (`avc1.42e01e`, `mp4a.40.2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecPair {
    pub video: String,
    pub audio: String,
}

impl CodecPair {
    /// The master playlist's `CODECS` value, `video,audio`; the audio is left out if it
    /// cannot be quoted safely, and nothing is returned if the video cannot.
    pub fn codecs_attribute(&self) -> Option<String> {
        if !is_quotable(&self.video) {
            return None;
        }
        if is_quotable(&self.audio) {
            Some(format!("{},{}", self.video, self.audio))
        } else {
            Some(self.video.clone())
        }
    }
}

/// RFC 6381 codec names use letters, digits, dots and dashes; anything else stays out of
/// a quoted attribute.
fn is_quotable(codec: &str) -> bool {
    !codec.is_empty()
        && codec
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Why a codec report was refused (each a 400 with this text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodecReportError {
    #[error("Invalid request body")]
    InvalidBody,
    #[error("video_codec is required")]
    VideoRequired,
    #[error("Invalid video_codec format")]
    InvalidVideo,
    #[error("Invalid audio_codec format")]
    InvalidAudio,
}

/// Reads `{"video_codec": str, "audio_codec": str?}`: the body must be a JSON object; an
/// absent or empty (falsy) `video_codec` is required; a codec longer than 64 characters or
/// containing a line break is refused (so is a non-string one, which crashed the
/// original); an absent or empty `audio_codec` means [`DEFAULT_AUDIO_CODEC`]. The video
/// codec is returned as sent: the caller applies the level repair.
pub fn parse_codec_report(body: &[u8]) -> Result<CodecPair, CodecReportError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| CodecReportError::InvalidBody)?;
    let object = value.as_object().ok_or(CodecReportError::InvalidBody)?;
    let video = match object.get("video_codec") {
        Some(value) if is_truthy(value) => value
            .as_str()
            .filter(|codec| is_well_formed(codec))
            .ok_or(CodecReportError::InvalidVideo)?,
        _ => return Err(CodecReportError::VideoRequired),
    };
    let audio = match object.get("audio_codec") {
        Some(value) if is_truthy(value) => value
            .as_str()
            .filter(|codec| is_well_formed(codec))
            .ok_or(CodecReportError::InvalidAudio)?,
        _ => DEFAULT_AUDIO_CODEC,
    };
    Ok(CodecPair {
        video: video.to_owned(),
        audio: audio.to_owned(),
    })
}

fn is_well_formed(codec: &str) -> bool {
    codec.chars().count() <= CODEC_MAX_CHARS && !codec.contains(['\n', '\r'])
}

/// Python truthiness of a JSON value.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nodes_report_parses() {
        let pair =
            parse_codec_report(br#"{"video_codec":"avc1.42e01e","audio_codec":"mp4a.40.2"}"#)
                .unwrap();
        assert_eq!(pair.video, "avc1.42e01e");
        assert_eq!(pair.audio, "mp4a.40.2");
        assert_eq!(
            pair.codecs_attribute().as_deref(),
            Some("avc1.42e01e,mp4a.40.2")
        );
    }

    #[test]
    fn audio_defaults_to_aac() {
        for body in [
            &br#"{"video_codec":"avc1.64001f"}"#[..],
            br#"{"video_codec":"avc1.64001f","audio_codec":""}"#,
            br#"{"video_codec":"avc1.64001f","audio_codec":null}"#,
        ] {
            assert_eq!(parse_codec_report(body).unwrap().audio, DEFAULT_AUDIO_CODEC);
        }
    }

    #[test]
    fn refusals_carry_the_contract_wording() {
        let cases: [(&[u8], &str); 9] = [
            (b"not json", "Invalid request body"),
            (b"[1,2]", "Invalid request body"),
            (b"{}", "video_codec is required"),
            (br#"{"video_codec":""}"#, "video_codec is required"),
            (br#"{"video_codec":"a\nb"}"#, "Invalid video_codec format"),
            (br#"{"video_codec":5}"#, "Invalid video_codec format"),
            (
                br#"{"video_codec":"avc1","audio_codec":"x\r"}"#,
                "Invalid audio_codec format",
            ),
            (
                br#"{"video_codec":"avc1","audio_codec":7}"#,
                "Invalid audio_codec format",
            ),
            (br#"{"video_codec":0}"#, "video_codec is required"),
        ];
        for (body, message) in cases {
            assert_eq!(
                parse_codec_report(body).unwrap_err().to_string(),
                message,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn length_counts_characters() {
        let ok = format!(r#"{{"video_codec":"{}"}}"#, "é".repeat(64));
        assert!(parse_codec_report(ok.as_bytes()).is_ok());
        let long = format!(r#"{{"video_codec":"{}"}}"#, "a".repeat(65));
        assert_eq!(
            parse_codec_report(long.as_bytes()),
            Err(CodecReportError::InvalidVideo)
        );
    }

    #[test]
    fn unquotable_audio_is_dropped_from_the_attribute() {
        let pair = CodecPair {
            video: "hvc1.1.L93.B0".into(),
            audio: "weird codec".into(),
        };
        assert_eq!(pair.codecs_attribute().as_deref(), Some("hvc1.1.L93.B0"));
    }
}
