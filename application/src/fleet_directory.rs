//! Read-through memory of "which node owns this key" and "which camera is this", so the
//! live path (segment and playlist pushes) does not read the database per request.
//!
//! Entries are filled on a miss by the slow path (`load_*`, synchronous: call it off the
//! async runtime), dropped by whoever changes the row (`forget_*`: key rotation, node or
//! camera deletion, plan-cap changes), and expire after a while in any case so a missed
//! invalidation heals itself. Unknown keys are remembered briefly too, so a client sending
//! a bad key in a loop cannot turn every request into a database read.
//!
//! A slow-path read races with writers: it may read a row, then a writer changes the row
//! and updates or drops the entry, then the read stores what it read. Each map therefore
//! counts its changes, and a load stores its answer only if nothing changed while it read.
//!
//! With several instances, every local forget (and `remember_camera`) is also published,
//! so the other instances drop their copies ([`FleetDirectory::apply_remote`]).

use crate::memories::InvalidationOutlet;
use sentinel_domain::fleet::{Camera, Node};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationPublisher};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo, RepoResult};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

const KNOWN_TTL: Duration = Duration::from_secs(300);
const UNKNOWN_TTL: Duration = Duration::from_secs(30);
/// Past this many entries a map drops what has expired before growing further; the next
/// sweep waits until the map has doubled, so sweeping costs O(1) per insert on average.
const SWEEP_AT: usize = 20_000;
/// Unknown keys are not remembered past this many entries: anyone can send new ones.
const MAX_ENTRIES_FOR_UNKNOWN: usize = 50_000;

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
    /// The camera's group (`None`: ungrouped), so a member's group scope can be checked on
    /// the live path without a query.
    pub group_id: Option<i64>,
}

impl From<&Camera> for LiveCamera {
    fn from(camera: &Camera) -> Self {
        Self {
            camera_id: camera.camera_id.clone(),
            org_id: camera.org_id.clone(),
            node_row_id: camera.node_row_id,
            name: camera.name.clone(),
            disabled_by_plan: camera.disabled_by_plan,
            group_id: camera.group_id,
        }
    }
}

pub struct FleetDirectory {
    nodes: Arc<dyn NodeRepo>,
    cameras: Arc<dyn CameraRepo>,
    by_key_hash: Memo<String, AuthNode>,
    by_camera: Memo<(OrgId, CameraId), LiveCamera>,
    invalidations: InvalidationOutlet,
    /// Held while a camera cap is applied (see [`Self::applying_caps`]).
    caps: std::sync::Mutex<()>,
}

impl FleetDirectory {
    pub fn new(nodes: Arc<dyn NodeRepo>, cameras: Arc<dyn CameraRepo>) -> Self {
        Self {
            nodes,
            cameras,
            by_key_hash: Memo::default(),
            by_camera: Memo::default(),
            invalidations: InvalidationOutlet::default(),
            caps: std::sync::Mutex::new(()),
        }
    }

    /// One camera-cap enforcement at a time on this instance: each reads the plan, then
    /// writes the cameras, and two interleaved (a register reading the old plan, a plan
    /// change writing the new one) would leave the old plan's caps in place.
    pub fn applying_caps(&self) -> std::sync::MutexGuard<'_, ()> {
        self.caps
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Publishes every local forget to the other instances from now on (once, at start).
    pub fn attach_invalidations(&self, publisher: Arc<dyn InvalidationPublisher>) {
        self.invalidations.attach(publisher);
    }

    /// `Some(answer)` when memory knows (`answer` is `None` for a key known to be bad);
    /// `None` on a miss, when the caller must take the slow path.
    pub fn cached_node(&self, api_key_hash: &str) -> Option<Option<AuthNode>> {
        self.by_key_hash.get(&api_key_hash.to_owned())
    }

    /// The slow path: reads the database and remembers the answer. Blocking.
    pub fn load_node(&self, api_key_hash: &str) -> RepoResult<Option<AuthNode>> {
        let generation = self.by_key_hash.generation();
        let node = self
            .nodes
            .find_by_api_key_hash(api_key_hash)?
            .map(|node| AuthNode::from(&node));
        self.by_key_hash
            .put_loaded(api_key_hash.to_owned(), node.clone(), generation);
        Ok(node)
    }

    /// The change count to take before reading a node for [`Self::remember_node`].
    pub fn node_generation(&self) -> u64 {
        self.by_key_hash.generation()
    }

    /// Records that `api_key_hash` is `node`'s key, as a key check read it after taking
    /// `generation`; not if a rotation or deletion came in between (local only: nothing
    /// changed that other instances must forget).
    pub fn remember_node(&self, api_key_hash: &str, node: &Node, generation: u64) {
        self.by_key_hash.put_loaded(
            api_key_hash.to_owned(),
            Some(AuthNode::from(node)),
            generation,
        );
    }

    /// Drops every key of `node_id` (after a rotation or deletion).
    pub fn forget_node(&self, node_id: &NodeId) {
        self.drop_node(node_id);
        self.invalidations
            .publish(Invalidation::Node(node_id.clone()));
    }

    pub fn cached_camera(&self, org: &OrgId, camera_id: &CameraId) -> Option<Option<LiveCamera>> {
        self.by_camera.get(&(org.clone(), camera_id.clone()))
    }

    /// The slow path for cameras: reads the org's camera and remembers it. Blocking.
    pub fn load_camera(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<Option<LiveCamera>> {
        let generation = self.by_camera.generation();
        let camera = self
            .cameras
            .get(org, camera_id)?
            .map(|camera| LiveCamera::from(&camera));
        self.by_camera
            .put_loaded((org.clone(), camera_id.clone()), camera.clone(), generation);
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
    /// Other instances forget the camera and reload it.
    pub fn remember_camera(&self, camera: &Camera) {
        self.by_camera.put(
            (camera.org_id.clone(), camera.camera_id.clone()),
            Some(LiveCamera::from(camera)),
        );
        self.invalidations.publish(Invalidation::Camera {
            org: camera.org_id.clone(),
            camera_id: camera.camera_id.clone(),
        });
    }

    pub fn forget_camera(&self, org: &OrgId, camera_id: &CameraId) {
        self.drop_camera(org, camera_id);
        self.invalidations.publish(Invalidation::Camera {
            org: org.clone(),
            camera_id: camera_id.clone(),
        });
    }

    /// Drops everything of an org (GDPR wipe, full reset).
    pub fn forget_org(&self, org: &OrgId) {
        self.drop_org(org);
        self.invalidations.publish(Invalidation::Org(org.clone()));
    }

    /// Another instance's forget: the local part only, nothing published.
    pub fn apply_remote(&self, invalidation: &Invalidation) {
        match invalidation {
            Invalidation::Node(node_id) => self.drop_node(node_id),
            Invalidation::Camera { org, camera_id } => self.drop_camera(org, camera_id),
            Invalidation::Org(org) => self.drop_org(org),
            Invalidation::ApiKeyHash(_)
            | Invalidation::ApiKeyId(_)
            | Invalidation::Plan(_)
            | Invalidation::ShareLinks(_)
            | Invalidation::MemberAccess(_) => {}
        }
    }

    /// Drops every entry (invalidations may have been missed); nothing published.
    pub fn forget_everything(&self) {
        self.by_key_hash.retain(|_, _| false);
        self.by_camera.retain(|_, _| false);
    }

    fn drop_node(&self, node_id: &NodeId) {
        self.by_key_hash
            .retain(|_, node| node.as_ref().is_none_or(|n| &n.node_id != node_id));
    }

    fn drop_camera(&self, org: &OrgId, camera_id: &CameraId) {
        self.by_camera.remove(&(org.clone(), camera_id.clone()));
    }

    fn drop_org(&self, org: &OrgId) {
        self.by_camera.retain(|(owner, _), _| owner != org);
        self.by_key_hash
            .retain(|_, node| node.as_ref().is_none_or(|n| &n.org_id != org));
    }
}

/// A small map of answers with expiry; `None` values are remembered negatives.
struct Memo<K, V> {
    entries: RwLock<Entries<K, V>>,
}

struct Entries<K, V> {
    map: HashMap<K, (Option<V>, Instant)>,
    /// Bumped by every write that did not come from a load (remember, forget).
    generation: u64,
    /// The size at which the next insert sweeps expired entries.
    sweep_at: usize,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self {
            entries: RwLock::new(Entries {
                map: HashMap::new(),
                generation: 0,
                sweep_at: SWEEP_AT,
            }),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Memo<K, V> {
    fn get(&self, key: &K) -> Option<Option<V>> {
        let entries = self.entries.read().ok()?;
        let (value, stored_at) = entries.map.get(key)?;
        (stored_at.elapsed() < ttl_of(value)).then(|| value.clone())
    }

    /// The change count a load takes before it reads the database.
    fn generation(&self) -> u64 {
        self.entries.read().map_or(0, |entries| entries.generation)
    }

    /// Stores what a load read, unless the map changed since `generation` (the read may be
    /// older than that change; the next request reads again).
    fn put_loaded(&self, key: K, value: Option<V>, generation: u64) {
        if let Ok(mut entries) = self.entries.write()
            && entries.generation == generation
        {
            entries.insert(key, value);
        }
    }

    /// Stores a value its writer knows to be current.
    fn put(&self, key: K, value: Option<V>) {
        if let Ok(mut entries) = self.entries.write() {
            entries.generation += 1;
            entries.insert(key, value);
        }
    }

    fn remove(&self, key: &K) {
        if let Ok(mut entries) = self.entries.write() {
            entries.generation += 1;
            entries.map.remove(key);
        }
    }

    fn retain(&self, mut keep: impl FnMut(&K, &Option<V>) -> bool) {
        if let Ok(mut entries) = self.entries.write() {
            entries.generation += 1;
            entries.map.retain(|key, (value, _)| keep(key, value));
        }
    }
}

impl<K: Eq + Hash, V> Entries<K, V> {
    fn insert(&mut self, key: K, value: Option<V>) {
        if self.map.len() >= self.sweep_at {
            self.map
                .retain(|_, (value, stored_at)| stored_at.elapsed() < ttl_of(value));
            self.sweep_at = (self.map.len() * 2).max(SWEEP_AT);
        }
        if value.is_none() && self.map.len() >= MAX_ENTRIES_FOR_UNKNOWN {
            // Not remembering costs the next such request a lookup; remembering without
            // bound would cost memory an outsider controls.
            return;
        }
        self.map.insert(key, (value, Instant::now()));
    }
}

fn ttl_of<V>(value: &Option<V>) -> Duration {
    if value.is_some() {
        KNOWN_TTL
    } else {
        UNKNOWN_TTL
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn a_load_that_raced_a_change_does_not_store_its_stale_read() {
        let memo: Memo<&str, u32> = Memo::default();
        let before_read = memo.generation();
        // While the load reads the old row, a writer records the new one.
        memo.put("cam", Some(2));
        memo.put_loaded("cam", Some(1), before_read);
        assert_eq!(memo.get(&"cam"), Some(Some(2)));

        let before_read = memo.generation();
        memo.remove(&"cam");
        memo.put_loaded("cam", Some(1), before_read);
        assert_eq!(memo.get(&"cam"), None, "a forgotten entry stays forgotten");
    }

    #[test]
    fn unknown_keys_stop_being_remembered_at_the_cap_and_known_ones_never_do() {
        let memo: Memo<u32, u32> = Memo::default();
        for key in 0..60_000 {
            memo.put(key, None);
        }
        assert_eq!(memo.get(&59_999), None, "past the cap, not remembered");
        assert_eq!(memo.get(&0), Some(None));
        memo.put(70_000, Some(7));
        assert_eq!(memo.get(&70_000), Some(Some(7)));
    }

    #[test]
    fn a_load_with_no_change_meanwhile_is_remembered() {
        let memo: Memo<&str, u32> = Memo::default();
        let before_read = memo.generation();
        memo.put_loaded("cam", None, before_read);
        assert_eq!(memo.get(&"cam"), Some(None), "negatives are remembered too");
        let before_read = memo.generation();
        memo.put_loaded("cam", Some(3), before_read);
        assert_eq!(memo.get(&"cam"), Some(Some(3)));
    }
}
