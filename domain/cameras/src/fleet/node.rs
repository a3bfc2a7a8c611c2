//! CameraNodes: the machines that own cameras and push their video.

use super::heartbeat_is_stale;
use crate::ids::{NodeId, OrgId};
use chrono::NaiveDateTime;

/// Longest `last_register_error` kept (the column is `VARCHAR(500)`; longer text is cut).
pub const REGISTER_ERROR_MAX_CHARS: usize = 500;

/// Longest `local_ip` a node may report (`VARCHAR(45)`, an IPv6 address in its longest
/// spelling); longer is refused, on the HTTP heartbeat and register and on the socket.
pub const LOCAL_IP_MAX_CHARS: usize = 45;

/// Longest `node_version` a node may report. Its parsed `X.Y.Z`, the stored value, is never
/// longer than what was sent (or `0.0.0`), so it fits `VARCHAR(50)`; unchecked, 60 digits
/// would have made a 62-character `X.Y.Z`.
pub const NODE_VERSION_MAX_CHARS: usize = 50;

/// One `camera_nodes` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Row id: what `cameras.node_id` points at. Never shown on the wire.
    pub id: i64,
    pub node_id: NodeId,
    pub org_id: OrgId,
    /// Lowercase hex SHA-256 of the node's raw API key.
    pub api_key_hash: String,
    pub name: String,
    pub hostname: Option<String>,
    /// `None` also means "not LAN-reachable" (the node said `lan_streaming=false`).
    pub local_ip: Option<String>,
    pub http_port: Option<i32>,
    /// Stored status (`pending`, `online`, `offline`); see [`Node::effective_status`].
    pub status: Option<String>,
    pub last_seen: Option<NaiveDateTime>,
    pub key_rotated_at: Option<NaiveDateTime>,
    pub created_at: Option<NaiveDateTime>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub codec_detected_at: Option<NaiveDateTime>,
    pub last_register_error: Option<String>,
    pub last_register_error_at: Option<NaiveDateTime>,
    /// Canonical `X.Y.Z`, or `None` when the node sent no version.
    pub node_version: Option<String>,
    pub version_checked_at: Option<NaiveDateTime>,
    /// Last storage stats from a heartbeat; `None` until the node ever reported them
    /// (the API's `storage: null`).
    pub storage: Option<NodeStorage>,
}

impl Node {
    /// The status the API shows; see [`effective_node_status`].
    pub fn effective_status(&self, now: NaiveDateTime) -> String {
        effective_node_status(self.status.as_deref(), self.last_seen, now)
    }
}

/// Storage stats a node reports on heartbeat (each value may be unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeStorage {
    pub used_bytes: Option<i64>,
    pub max_bytes: Option<i64>,
    pub disk_free_bytes: Option<i64>,
    pub disk_total_bytes: Option<i64>,
    pub reported_at: NaiveDateTime,
}

/// A node together with how many cameras it owns (the Node object's `camera_count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeListing {
    pub node: Node,
    pub camera_count: i64,
}

/// What the dashboard supplies when an admin creates a node (`POST /api/nodes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNode {
    pub node_id: NodeId,
    pub name: String,
    pub api_key_hash: String,
    /// `pending` for nodes created by the API.
    pub status: String,
    pub created_at: NaiveDateTime,
}

/// A partial update of a node. `None` leaves a column alone; for nullable columns
/// `Some(None)` writes NULL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeChanges {
    pub name: Option<String>,
    pub hostname: Option<Option<String>>,
    pub local_ip: Option<Option<String>>,
    pub http_port: Option<Option<i32>>,
    pub status: Option<String>,
    pub last_seen: Option<NaiveDateTime>,
    pub video_codec: Option<Option<String>>,
    pub audio_codec: Option<Option<String>>,
    pub codec_detected_at: Option<Option<NaiveDateTime>>,
    pub last_register_error: Option<Option<String>>,
    pub last_register_error_at: Option<Option<NaiveDateTime>>,
    pub node_version: Option<Option<String>>,
    pub version_checked_at: Option<NaiveDateTime>,
    /// Overwrites all five storage columns (nulls included).
    pub storage: Option<NodeStorage>,
}

/// Effective node status (rest-api.md §0.6): the stored status (or `"offline"` when unset)
/// if the node was never seen or is stored `offline`/`pending`; `"offline"` once the last
/// heartbeat is more than 90 s old; the stored status otherwise.
pub fn effective_node_status(
    stored: Option<&str>,
    last_seen: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> String {
    let stored_or_offline = stored.filter(|s| !s.is_empty()).unwrap_or("offline");
    let Some(last_seen) = last_seen else {
        return stored_or_offline.to_owned();
    };
    if matches!(stored, Some("offline" | "pending")) {
        return stored_or_offline.to_owned();
    }
    if heartbeat_is_stale(last_seen, now) {
        return "offline".to_owned();
    }
    stored_or_offline.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeDelta};

    fn noon() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    #[test]
    fn never_seen_node_keeps_its_stored_status() {
        assert_eq!(
            effective_node_status(Some("pending"), None, noon()),
            "pending"
        );
        assert_eq!(
            effective_node_status(Some("online"), None, noon()),
            "online"
        );
        assert_eq!(effective_node_status(None, None, noon()), "offline");
    }

    #[test]
    fn pending_node_stays_pending_even_with_an_old_heartbeat() {
        let long_ago = noon() - TimeDelta::hours(5);
        assert_eq!(
            effective_node_status(Some("pending"), Some(long_ago), noon()),
            "pending"
        );
    }

    #[test]
    fn online_node_goes_offline_after_ninety_seconds() {
        let fresh = noon() - TimeDelta::seconds(90);
        let stale = noon() - TimeDelta::seconds(91);
        assert_eq!(
            effective_node_status(Some("online"), Some(fresh), noon()),
            "online"
        );
        assert_eq!(
            effective_node_status(Some("online"), Some(stale), noon()),
            "offline"
        );
    }

    #[test]
    fn unset_status_with_fresh_heartbeat_reads_offline() {
        let fresh = noon() - TimeDelta::seconds(5);
        assert_eq!(effective_node_status(None, Some(fresh), noon()), "offline");
    }
}
