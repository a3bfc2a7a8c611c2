//! The live pipeline's rules (rest-api.md §3, §9): which segment file names are accepted,
//! how the per-camera ring and the global byte budget pick what to evict, how pushed
//! playlists are rewritten, the codec report, viewer-second metering and the stream access
//! log throttle. Pure: time and push order come in as arguments.
//!
//! # URL scheme for playlists and codecs
//!
//! The original stripped `#EXT-X-CODECS` lines and never advertised a codec: a bare
//! `#EXT-X-CODECS` tag is not HLS, the codec belongs in a master playlist's `CODECS`
//! attribute. We keep `GET …/stream.m3u8` exactly as it was — the **media** playlist, which
//! every existing player (the dashboard's hls.js, the MCP `get_stream_url` tool, Home
//! Assistant) already loads — and add `GET …/master.m3u8`, a one-variant **master**
//! playlist whose `#EXT-X-STREAM-INF` carries `BANDWIDTH` and, once the node reported its
//! codecs, `CODECS="avc1…,mp4a…"`, pointing at `stream.m3u8` (relative, so it resolves to
//! the same camera). A player that wants the codec up front (Safari's native HLS,
//! `MediaSource.isTypeSupported` checks) loads `master.m3u8`; nothing else changes.

mod access_log;
mod codec;
mod metering;
mod playlist;
mod ring;
mod segment_name;
mod suspension;

pub use access_log::{
    ACCESS_LOG_PRUNE_ABOVE, ACCESS_LOG_PRUNE_OLDER_THAN, ACCESS_LOG_THROTTLE, AccessLogThrottle,
    StreamAccess, USER_AGENT_MAX_CHARS,
};
pub use codec::{
    CODEC_MAX_CHARS, CodecPair, CodecReportError, DEFAULT_AUDIO_CODEC, parse_codec_report,
};
pub use metering::{MonthKey, viewer_cap_message, viewer_cap_seconds};
pub use playlist::{
    DEFAULT_BANDWIDTH, InvalidPlaylist, PLAYLIST_FRESH_FOR, RewrittenPlaylist, decode_playlist,
    estimate_bandwidth, master_playlist, rewrite_playlist, target_duration_seconds,
};
pub use ring::{
    EvictionCandidate, PushOutcome, REORDER_WINDOW, SegmentCacheLimits, SegmentRing, Slot,
    low_water_mark, plan_global_eviction,
};
pub use segment_name::{InvalidSegmentName, SegmentName};
pub use suspension::{PlanLimitHit, SuspendedCamera, SuspensionNotice};

use chrono::TimeDelta;

/// A camera with no segment or playlist pushed for this long is dropped by the sweep.
pub const STALE_CAMERA_AFTER: TimeDelta = TimeDelta::seconds(60);

/// The sweep keeps at most this many cached playlists (oldest pushes dropped first).
pub const MAX_CACHED_PLAYLISTS: usize = 500;
