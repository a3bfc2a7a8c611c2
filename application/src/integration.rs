//! The Home Assistant integration's reads (integration-and-sentinel.md §1.3): the org's
//! cameras with their nodes, LAN stream addresses and the status roll-up. The HTTP edge
//! shapes them; the effective statuses are computed there with the request's clock.

use crate::fleet::nominal_plan;
use crate::plan_lookup::PlanLookup;
use chrono::NaiveDateTime;
use sentinel_domain::fleet::{CameraListing, Node};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo, RepoResult, Repositories, SettingsRepo};
use std::sync::Arc;

/// The port a CloudNode serves its LAN HLS on when it never said.
pub const DEFAULT_NODE_HTTP_PORT: i32 = 8080;

/// A camera with its owning node (none for an orphaned camera).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraWithNode {
    pub listing: CameraListing,
    pub node: Option<Node>,
}

/// What `GET /api/integration/status` rolls up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgOverview {
    /// The nominal plan.
    pub plan: Plan,
    pub cameras: Vec<CameraWithNode>,
    pub nodes: Vec<Node>,
}

/// What the Home Assistant integration reads.
pub struct IntegrationQueries {
    cameras: Arc<dyn CameraRepo>,
    nodes: Arc<dyn NodeRepo>,
    settings: Arc<dyn SettingsRepo>,
    /// The live billing lookup of the nominal plan (absent in local mode).
    plan_lookup: Option<Arc<PlanLookup>>,
}

impl IntegrationQueries {
    pub fn new(repos: &Repositories, plan_lookup: Option<Arc<PlanLookup>>) -> Self {
        Self {
            cameras: repos.cameras.clone(),
            nodes: repos.nodes.clone(),
            settings: repos.settings.clone(),
            plan_lookup,
        }
    }

    /// The org's cameras, oldest first, each with its node. Blocking.
    pub fn cameras_with_nodes(&self, org: &OrgId) -> RepoResult<Vec<CameraWithNode>> {
        let nodes = self.nodes(org)?;
        Ok(attach_nodes(self.cameras.list(org)?, &nodes))
    }

    /// The plan, cameras and nodes of the org. Blocking.
    pub fn overview(&self, org: &OrgId) -> RepoResult<OrgOverview> {
        let plan = match &self.plan_lookup {
            Some(lookup) => lookup.nominal_plan(org)?,
            None => nominal_plan(self.settings.as_ref(), org)?,
        };
        let nodes = self.nodes(org)?;
        let cameras = attach_nodes(self.cameras.list(org)?, &nodes);
        Ok(OrgOverview {
            plan,
            cameras,
            nodes,
        })
    }

    fn nodes(&self, org: &OrgId) -> RepoResult<Vec<Node>> {
        Ok(self
            .nodes
            .list(org)?
            .into_iter()
            .map(|listing| listing.node)
            .collect())
    }
}

/// `http://<local_ip>:<http_port or 8080>/hls/<camera>/stream.m3u8`, only while the node is
/// effectively online and told us a LAN address.
pub fn lan_stream_url(node: &Node, camera_id: &CameraId, now: NaiveDateTime) -> Option<String> {
    if node.effective_status(now) != "online" {
        return None;
    }
    let ip = node.local_ip.as_deref().filter(|ip| !ip.is_empty())?;
    let port = node.http_port.unwrap_or(DEFAULT_NODE_HTTP_PORT);
    Some(format!("http://{ip}:{port}/hls/{camera_id}/stream.m3u8"))
}

fn attach_nodes(cameras: Vec<CameraListing>, nodes: &[Node]) -> Vec<CameraWithNode> {
    cameras
        .into_iter()
        .map(|listing| {
            let node = listing
                .camera
                .node_row_id
                .and_then(|row| nodes.iter().find(|node| node.id == row))
                .cloned();
            CameraWithNode { listing, node }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeDelta};
    use sentinel_domain::ids::NodeId;

    fn noon() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    fn node(status: &str, seen_ago: i64, ip: Option<&str>, port: Option<i32>) -> Node {
        Node {
            id: 1,
            node_id: NodeId::new("abcd1234"),
            org_id: OrgId::new("org"),
            api_key_hash: String::new(),
            name: "Porch".into(),
            hostname: None,
            local_ip: ip.map(str::to_owned),
            http_port: port,
            status: Some(status.into()),
            last_seen: Some(noon() - TimeDelta::seconds(seen_ago)),
            key_rotated_at: None,
            created_at: None,
            video_codec: None,
            audio_codec: None,
            codec_detected_at: None,
            last_register_error: None,
            last_register_error_at: None,
            node_version: None,
            version_checked_at: None,
            storage: None,
        }
    }

    #[test]
    fn a_live_node_with_an_address_serves_the_lan_playlist() {
        let camera = CameraId::new("cam_ha_0");
        assert_eq!(
            lan_stream_url(
                &node("online", 5, Some("192.168.1.50"), None),
                &camera,
                noon()
            )
            .as_deref(),
            Some("http://192.168.1.50:8080/hls/cam_ha_0/stream.m3u8")
        );
        assert_eq!(
            lan_stream_url(
                &node("online", 5, Some("10.0.0.2"), Some(9000)),
                &camera,
                noon()
            )
            .as_deref(),
            Some("http://10.0.0.2:9000/hls/cam_ha_0/stream.m3u8")
        );
    }

    #[test]
    fn no_lan_url_when_offline_stale_or_without_an_address() {
        let camera = CameraId::new("cam");
        for stale in [
            node("offline", 5, Some("192.168.1.50"), None),
            node("online", 91, Some("192.168.1.50"), None),
            node("pending", 5, Some("192.168.1.50"), None),
            node("online", 5, None, None),
            node("online", 5, Some(""), None),
        ] {
            assert_eq!(lan_stream_url(&stale, &camera, noon()), None, "{stale:?}");
        }
    }
}
