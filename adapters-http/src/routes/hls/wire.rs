//! What the node-facing live routes accept, for the document: these bodies are read as raw
//! JSON (with the original's lax coercion), so the types describe them and nothing parses
//! into them.

use sentinel_domain::live::CODEC_MAX_CHARS;
use utoipa::ToSchema;

// Keeps the schema's `maxLength` literal below in step with the parser's limit.
const _: () = assert!(CODEC_MAX_CHARS == 64);

/// `POST …/codec`: the codecs a node detected on one camera's stream.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Documents the body only.
pub struct CodecReportBody {
    /// E.g. `avc1.640028` (sanitised before it is stored).
    #[schema(min_length = 1, max_length = 64, pattern = r"^[^\r\n]*$")]
    pub video_codec: String,
    /// `mp4a.40.2` when absent or empty.
    #[schema(max_length = 64, pattern = r"^[^\r\n]*$")]
    pub audio_codec: Option<String>,
}

/// `POST …/motion`: one motion event. A report without a usable `score` is answered 200
/// with `ingested: false` and never stored.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Documents the body only.
pub struct MotionReportBody {
    /// 0–100; a number or an integer-coercible string, clamped.
    pub score: Option<f64>,
    /// ISO-8601; any offset is dropped. The server's time when absent.
    #[schema(format = DateTime)]
    pub timestamp: Option<String>,
    /// The segment the motion falls in.
    pub segment_seq: Option<i64>,
}
