//! The camera fleet: CameraNodes, the cameras they report, and the groups operators sort
//! cameras into. Records mirror the `camera_nodes`, `cameras` and `camera_groups` tables
//! (data-model.md §1.1, §1.2, §1.5); the rules here are pure (time comes in as `now`).

mod access;
mod camera;
mod command;
mod group;
mod node;
mod schedule;
mod version;

pub use access::{CameraScope, MemberRestriction, group_ids_from_text, group_ids_to_text};
pub use camera::{
    CAMERA_STATUS_MAX_CHARS, Camera, CameraListing, CameraStatusReport, CodecReport,
    RegisteredCamera, effective_camera_status,
};
pub use command::NodeCommand;
pub use group::{
    CameraGroup, CameraGroupChanges, CameraGroupListing, DEFAULT_GROUP_COLOR, DEFAULT_GROUP_ICON,
    NewCameraGroup,
};
pub use node::{
    LOCAL_IP_MAX_CHARS, NODE_VERSION_MAX_CHARS, NewNode, Node, NodeChanges, NodeListing,
    NodeStorage, REGISTER_ERROR_MAX_CHARS, effective_node_status,
};
pub use schedule::{HhMm, InvalidHhMm, RecordingPolicy};
pub use version::{NodeVersion, VersionPolicy, VersionVerdict};

use chrono::{NaiveDateTime, TimeDelta};

/// A node or camera whose last heartbeat is older than this is shown (and swept) offline:
/// three missed 30 s heartbeats.
pub const OFFLINE_AFTER: TimeDelta = TimeDelta::seconds(90);

/// `true` when `last_seen` is strictly more than [`OFFLINE_AFTER`] before `now`
/// (exactly 90 s is still fresh, as in the original's `age > timedelta(seconds=90)`).
pub fn heartbeat_is_stale(last_seen: NaiveDateTime, now: NaiveDateTime) -> bool {
    now - last_seen > OFFLINE_AFTER
}

/// The first `max_chars` characters of `text` (character-, not byte-based, so multi-byte text
/// is never cut mid-character). Used for the original's column-length truncations.
pub fn truncate_chars(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(h, m, s))
            .unwrap()
    }

    #[test]
    fn exactly_ninety_seconds_is_still_fresh() {
        assert!(!heartbeat_is_stale(at(12, 0, 0), at(12, 1, 30)));
        assert!(heartbeat_is_stale(at(12, 0, 0), at(12, 1, 31)));
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate_chars("ééé", 2), "éé");
        assert_eq!(truncate_chars("abc", 10), "abc");
    }
}
