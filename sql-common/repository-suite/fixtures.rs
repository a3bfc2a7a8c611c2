//! Engine-neutral fixtures: fixed times, two orgs, nodes and cameras.

use chrono::{NaiveDate, NaiveDateTime};
use sentinel_domain::fleet::{NewNode, Node, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo};

/// 2026-05-04 at `h:m:s`.
pub fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 5, 4)
        .and_then(|d| d.and_hms_opt(h, m, s))
        .unwrap()
}

pub fn org_a() -> OrgId {
    OrgId::new("org_a")
}

pub fn org_b() -> OrgId {
    OrgId::new("org_b")
}

pub fn new_node(node_id: &str) -> NewNode {
    NewNode {
        node_id: NodeId::new(node_id),
        name: format!("Node-{node_id}"),
        api_key_hash: format!("hash-of-{node_id}"),
        status: "pending".into(),
        created_at: at(9, 0, 0),
    }
}

pub fn create_node(store: &impl NodeRepo, org: &OrgId, node_id: &str) -> Node {
    store.create(org, &new_node(node_id)).unwrap()
}

pub fn registered(camera_id: &str, seen_at: NaiveDateTime) -> RegisteredCamera {
    RegisteredCamera {
        camera_id: CameraId::new(camera_id),
        name: None,
        fallback_name: format!("Camera {camera_id}"),
        node_type: "usb".into(),
        capabilities: "streaming".into(),
        codecs: None,
        seen_at,
    }
}

/// Registers `camera_id` under the org's node `node_id`.
pub fn add_camera(
    store: &impl CameraRepo,
    org: &OrgId,
    node_id: &str,
    camera_id: &str,
) -> CameraId {
    store
        .upsert_from_register(
            org,
            &NodeId::new(node_id),
            &registered(camera_id, at(10, 0, 0)),
        )
        .unwrap()
        .camera
        .camera_id
}
