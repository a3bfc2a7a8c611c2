//! The CloudNode fleet as operators and nodes drive it (rest-api.md §2): admins create,
//! list, rotate and delete nodes; nodes validate their credentials, register their cameras,
//! heartbeat and decommission themselves. Plan caps (plans-and-auth.md §1) are applied here.
//!
//! Every method is synchronous (the repositories are): call it off the async runtime.

mod admin;
mod alerts;
mod codec;
mod heartbeat;
mod node_auth;
mod plan_caps;
mod register;

pub use admin::{
    CreatedNode, DeletedNode, ListedNode, PlanOverview, RotatedKey, request_node_wipe,
};
pub use alerts::{DISK_LOW_DEBOUNCE, DISK_LOW_PERCENT, PLAN_LIMIT_THROTTLE, disk_percent_used};
pub use codec::sanitize_video_codec;
pub use heartbeat::{HeartbeatOutcome, HeartbeatRequest, StatusReport, StorageReport};
pub use node_auth::ValidatedNode;
pub use plan_caps::{CapEnforcement, PlanCaps, effective_plan, nominal_plan};
pub use register::{
    PlanLimitHit, RegisterOutcome, RegisterRequest, ReportedCamera, camera_id_for_device,
};

use crate::fleet_directory::FleetDirectory;
use crate::notifications::Notifier;
use crate::plan_lookup::PlanLookup;
use chrono::{DateTime, NaiveDateTime, Utc};
use sentinel_domain::fleet::{NodeVersion, VersionPolicy};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::live::LiveStore;
use sentinel_ports::driven::repos::{
    AuditRepo, CameraRepo, NodeRepo, RepoError, Repositories, SettingsRepo,
};
use std::sync::Arc;

/// The fleet's application service. Cheap to build: it only holds shared handles.
#[derive(Clone)]
pub struct FleetService {
    nodes: Arc<dyn NodeRepo>,
    cameras: Arc<dyn CameraRepo>,
    settings: Arc<dyn SettingsRepo>,
    audit: Arc<dyn AuditRepo>,
    caps: Arc<PlanCaps>,
    directory: Arc<FleetDirectory>,
    live: Arc<dyn LiveStore>,
    clock: Arc<dyn Clock>,
    versions: VersionPolicy,
    /// Where `cameranode_disk_low` and `plan_limit_reached` go.
    notifier: Arc<Notifier>,
    /// The live billing lookup of the nominal plan (absent in local mode).
    plan_lookup: Option<Arc<PlanLookup>>,
}

/// Why a node's credentials were refused (each route words these its own way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeAuthFailure {
    /// No `X-Node-API-Key` header.
    KeyRequired,
    /// No node of that id (any org), or no node holds that key.
    UnknownNode,
    /// The node exists but the key is not its key.
    WrongKey,
}

/// A node below the supported version floor (426 with a structured body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedVersion {
    /// The version string exactly as the node sent it.
    pub reported_raw: String,
    pub reported: NodeVersion,
    pub min_supported: NodeVersion,
    pub latest: NodeVersion,
}

impl UnsupportedVersion {
    /// The client-facing sentence of the 426 body.
    pub fn message(&self) -> String {
        format!(
            "CameraNode {} is no longer supported. Minimum: {}, latest: {}.",
            self.reported, self.min_supported, self.latest
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FleetError {
    #[error("node authentication failed: {0:?}")]
    NodeAuth(NodeAuthFailure),
    #[error("Node not found")]
    NodeNotFound,
    #[error(
        "Your payment is past due. Please update your billing information before making changes."
    )]
    PaymentPastDue,
    #[error(
        "Node limit reached ({max_nodes} on {plan_name} plan). Upgrade your plan to add more nodes."
    )]
    NodeLimitReached {
        max_nodes: u32,
        plan_name: &'static str,
    },
    #[error("{}", .0.message())]
    UnsupportedVersion(UnsupportedVersion),
    #[error(transparent)]
    Repo(RepoError),
}

impl From<RepoError> for FleetError {
    fn from(error: RepoError) -> Self {
        match error {
            RepoError::NotFound("node") => Self::NodeNotFound,
            other => Self::Repo(other),
        }
    }
}

pub type FleetResult<T> = Result<T, FleetError>;

impl FleetService {
    pub fn new(
        repos: &Repositories,
        caps: Arc<PlanCaps>,
        directory: Arc<FleetDirectory>,
        live: Arc<dyn LiveStore>,
        clock: Arc<dyn Clock>,
        versions: VersionPolicy,
        notifier: Arc<Notifier>,
    ) -> Self {
        Self {
            nodes: repos.nodes.clone(),
            cameras: repos.cameras.clone(),
            settings: repos.settings.clone(),
            audit: repos.audit.clone(),
            caps,
            directory,
            live,
            clock,
            versions,
            notifier,
            plan_lookup: None,
        }
    }

    /// Reads the nominal plan through `lookup` (schedules background live lookups).
    pub fn with_plan_lookup(mut self, lookup: Option<Arc<PlanLookup>>) -> Self {
        self.plan_lookup = lookup;
        self
    }

    /// Checks against `versions` (the latest release moves while the server runs).
    pub fn with_versions(mut self, versions: VersionPolicy) -> Self {
        self.versions = versions;
        self
    }

    /// The version floor and latest release this service checks against.
    pub fn versions(&self) -> &VersionPolicy {
        &self.versions
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn now_naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }

    /// Forgets everything memory holds about cameras that no longer exist.
    fn drop_cameras(&self, org: &OrgId, cameras: &[CameraId]) {
        for camera_id in cameras {
            self.live.drop_camera(camera_id);
            self.directory.forget_camera(org, camera_id);
        }
    }
}

/// A fresh UUID4 in its 36-character text form: node API keys are these.
fn new_api_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Eight hex digits drawn on their own. (The original took the key's first eight, so every
/// node and camera id, which members and key holders all see, carried 32 bits of the key.
/// Existing nodes keep their ids; nothing derives one from the other.)
fn new_node_id() -> NodeId {
    NodeId::new(format!("{:08x}", rand::random::<u32>()))
}
