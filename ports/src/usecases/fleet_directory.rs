//! Read-through memory of "which node owns this key" and "which camera is this", so the
//! live path (segment and playlist pushes) does not read the database per request.
//!
//! Entries are filled on a miss by the slow path (`load_*`, synchronous: call it off the
//! async runtime), dropped by whoever changes the row (`forget_*`: key rotation, node or
//! camera deletion, plan-cap changes), and expire after a while in any case so a missed
//! invalidation heals itself. Unknown keys are remembered briefly too, so a client sending
//! a bad key in a loop cannot turn every request into a database read.

use crate::driven::repos::{CameraRepo, NodeRepo, RepoResult};
use sentinel_domain::fleet::{Camera, Node};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

const KNOWN_TTL: Duration = Duration::from_secs(300);
const UNKNOWN_TTL: Duration = Duration::from_secs(30);
/// Past this many entries a map drops what has expired before growing further.
const SWEEP_AT: usize = 20_000;

/// The node a key belongs to: all the live path needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthNode {
    /// `camera_nodes.id`, what cameras point at.
    pub row_id: i64,
    pub node_id: NodeId,
    pub org_id: OrgId,
    pub name: String,
}

impl From<&Node> for AuthNode {
    fn from(node: &Node) -> Self {
        Self {
            row_id: node.id,
            node_id: node.node_id.clone(),
            org_id: node.org_id.clone(),
            name: node.name.clone(),
        }
    }
}

/// What a segment push checks about its camera.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCamera {
    pub camera_id: CameraId,
    pub org_id: OrgId,
    pub node_row_id: Option<i64>,
    pub name: String,
    pub disabled_by_plan: bool,
}

impl From<&Camera> for LiveCamera {
    fn from(camera: &Camera) -> Self {
        Self {
            camera_id: camera.camera_id.clone(),
            org_id: camera.org_id.clone(),
            node_row_id: camera.node_row_id,
            name: camera.name.clone(),
            disabled_by_plan: camera.disabled_by_plan,
        }
    }
}

pub struct FleetDirectory {
    nodes: Arc<dyn NodeRepo>,
    cameras: Arc<dyn CameraRepo>,
    by_key_hash: Memo<String, AuthNode>,
    by_camera: Memo<(OrgId, CameraId), LiveCamera>,
}

impl FleetDirectory {
    pub fn new(nodes: Arc<dyn NodeRepo>, cameras: Arc<dyn CameraRepo>) -> Self {
        Self {
            nodes,
            cameras,
            by_key_hash: Memo::default(),
            by_camera: Memo::default(),
        }
    }

    /// `Some(answer)` when memory knows (`answer` is `None` for a key known to be bad);
    /// `None` on a miss, when the caller must take the slow path.
    pub fn cached_node(&self, api_key_hash: &str) -> Option<Option<AuthNode>> {
        self.by_key_hash.get(&api_key_hash.to_owned())
    }

    /// The slow path: reads the database and remembers the answer. Blocking.
    pub fn load_node(&self, api_key_hash: &str) -> RepoResult<Option<AuthNode>> {
        let node = self
            .nodes
            .find_by_api_key_hash(api_key_hash)?
            .map(|node| AuthNode::from(&node));
        self.by_key_hash.put(api_key_hash.to_owned(), node.clone());
        Ok(node)
    }

    /// Drops every key of `node_id` (after a rotation or deletion).
    pub fn forget_node(&self, node_id: &NodeId) {
        self.by_key_hash
            .retain(|_, node| node.as_ref().is_none_or(|n| &n.node_id != node_id));
    }

    pub fn cached_camera(&self, org: &OrgId, camera_id: &CameraId) -> Option<Option<LiveCamera>> {
        self.by_camera.get(&(org.clone(), camera_id.clone()))
    }

    /// The slow path for cameras: reads the org's camera and remembers it. Blocking.
    pub fn load_camera(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<Option<LiveCamera>> {
        let camera = self
            .cameras
            .get(org, camera_id)?
            .map(|camera| LiveCamera::from(&camera));
        self.by_camera
            .put((org.clone(), camera_id.clone()), camera.clone());
        Ok(camera)
    }

    /// The org's camera from memory, else from the database (blocking on a miss).
    pub fn camera(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<Option<LiveCamera>> {
        match self.cached_camera(org, camera_id) {
            Some(known) => Ok(known),
            None => self.load_camera(org, camera_id),
        }
    }

    /// Records a camera as it now is (after a register or a plan-cap change).
    pub fn remember_camera(&self, camera: &Camera) {
        self.by_camera.put(
            (camera.org_id.clone(), camera.camera_id.clone()),
            Some(LiveCamera::from(camera)),
        );
    }

    pub fn forget_camera(&self, org: &OrgId, camera_id: &CameraId) {
        self.by_camera.remove(&(org.clone(), camera_id.clone()));
    }

    /// Drops everything of an org (GDPR wipe, full reset).
    pub fn forget_org(&self, org: &OrgId) {
        self.by_camera.retain(|(owner, _), _| owner != org);
        self.by_key_hash
            .retain(|_, node| node.as_ref().is_none_or(|n| &n.org_id != org));
    }
}

/// A small map of answers with expiry; `None` values are remembered negatives.
struct Memo<K, V> {
    entries: RwLock<HashMap<K, (Option<V>, Instant)>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Memo<K, V> {
    fn get(&self, key: &K) -> Option<Option<V>> {
        let entries = self.entries.read().ok()?;
        let (value, stored_at) = entries.get(key)?;
        let ttl = if value.is_some() {
            KNOWN_TTL
        } else {
            UNKNOWN_TTL
        };
        (stored_at.elapsed() < ttl).then(|| value.clone())
    }

    fn put(&self, key: K, value: Option<V>) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= SWEEP_AT {
                entries.retain(|_, (value, stored_at)| {
                    let ttl = if value.is_some() {
                        KNOWN_TTL
                    } else {
                        UNKNOWN_TTL
                    };
                    stored_at.elapsed() < ttl
                });
            }
            entries.insert(key, (value, Instant::now()));
        }
    }

    fn remove(&self, key: &K) {
        if let Ok(mut entries) = self.entries.write() {
            entries.remove(key);
        }
    }

    fn retain(&self, mut keep: impl FnMut(&K, &Option<V>) -> bool) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|key, (value, _)| keep(key, value));
        }
    }
}
