//! Repository ports: synchronous (diesel is), so async callers reach them through one
//! blocking choke point. Every method takes the tenant (`&OrgId`) first; the few that cannot
//! (a node proving its identity with its key, cross-org background sweeps) say so in their
//! name and docs. Another org's row is indistinguishable from a missing one: `None` /
//! [`RepoError::NotFound`].

mod api_keys;
mod audit;
mod cameras;
mod email;
mod gdpr;
mod groups;
mod incidents;
mod mcp_activity;
mod member_access;
mod motion;
mod nodes;
mod notifications;
mod retention;
mod sentinel;
mod sentinel_agent_gate;
mod settings;
mod share_links;
mod stream_access;
mod usage;
mod webhooks;

pub use api_keys::{ApiKeyRepo, NewApiKey};
pub use audit::AuditRepo;
pub use cameras::{CameraRepo, CameraUpsert};
pub use email::{
    AttemptResult, EmailLogEntry, EmailOutboxRepo, MotionEmailAnchorRepo, NewOutboxEmail,
    OutboxEmail, OutboxStatus, Suppression,
};
pub use gdpr::{DELETED_TABLES, EXPORTED_TABLES, ExportedTable, GdprRepo, TableCounts, WipedLogs};
pub use groups::GroupRepo;
pub use incidents::IncidentRepo;
pub use mcp_activity::{
    McpActivityPage, McpActivityQuery, McpActivityRepo, McpActivityRow, McpActivityStats,
    NewMcpActivity,
};
pub use member_access::MemberAccessRepo;
pub use motion::{MotionCameraStats, MotionRepo};
pub use nodes::NodeRepo;
pub use notifications::NotificationRepo;
pub use retention::RetentionRepo;
pub use sentinel::{NewRun, RunPage, RunQuery, RunStats, SentinelConfigRepo, SentinelRunRepo};
pub use sentinel_agent_gate::{SentinelAgentGate, SentinelAgentGateRepo};
pub use settings::SettingsRepo;
pub use share_links::ShareLinkRepo;
pub use stream_access::{
    StreamAccessEntry, StreamAccessLogRepo, StreamAccessPage, StreamAccessQuery, StreamAccessRepo,
    StreamAccessStats, StreamViewCounts,
};
pub use usage::{DailyUsage, UsageRepo};
pub use webhooks::WebhookLedgerRepo;

/// The delegation macros `#[delegatable_trait]` generates beside each port, for adapters that
/// forward a port to one of several implementations (`#[derive(ambassador::Delegate)]`).
#[doc(hidden)]
pub mod delegation {
    pub use super::api_keys::ambassador_impl_ApiKeyRepo;
    pub use super::audit::ambassador_impl_AuditRepo;
    pub use super::cameras::ambassador_impl_CameraRepo;
    pub use super::email::ambassador_impl_EmailOutboxRepo;
    pub use super::email::ambassador_impl_MotionEmailAnchorRepo;
    pub use super::gdpr::ambassador_impl_GdprRepo;
    pub use super::groups::ambassador_impl_GroupRepo;
    pub use super::incidents::ambassador_impl_IncidentRepo;
    pub use super::mcp_activity::ambassador_impl_McpActivityRepo;
    pub use super::member_access::ambassador_impl_MemberAccessRepo;
    pub use super::motion::ambassador_impl_MotionRepo;
    pub use super::nodes::ambassador_impl_NodeRepo;
    pub use super::notifications::ambassador_impl_NotificationRepo;
    pub use super::retention::ambassador_impl_RetentionRepo;
    pub use super::sentinel::ambassador_impl_SentinelConfigRepo;
    pub use super::sentinel::ambassador_impl_SentinelRunRepo;
    pub use super::sentinel_agent_gate::ambassador_impl_SentinelAgentGateRepo;
    pub use super::settings::ambassador_impl_SettingsRepo;
    pub use super::share_links::ambassador_impl_ShareLinkRepo;
    pub use super::stream_access::ambassador_impl_StreamAccessLogRepo;
    pub use super::stream_access::ambassador_impl_StreamAccessRepo;
    pub use super::usage::ambassador_impl_UsageRepo;
    pub use super::webhooks::ambassador_impl_WebhookLedgerRepo;
}

/// Why a repository call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepoError {
    /// The row (of the caller's org) does not exist; the payload names what was looked up.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness rule refused the write (duplicate node id, camera id, group name...).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The store could not be reached or stayed locked: retrying later may succeed.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// Any other storage failure (a bug or a corrupt row); not worth retrying.
    #[error("storage error: {0}")]
    Storage(String),
}

pub type RepoResult<T> = Result<T, RepoError>;

/// Every repository, as the app hands them to use cases and handlers.
#[derive(Clone)]
pub struct Repositories {
    pub settings: std::sync::Arc<dyn SettingsRepo>,
    pub nodes: std::sync::Arc<dyn NodeRepo>,
    pub cameras: std::sync::Arc<dyn CameraRepo>,
    pub groups: std::sync::Arc<dyn GroupRepo>,
    pub audit: std::sync::Arc<dyn AuditRepo>,
    pub motion: std::sync::Arc<dyn MotionRepo>,
    pub notifications: std::sync::Arc<dyn NotificationRepo>,
    pub stream_logs: std::sync::Arc<dyn StreamAccessLogRepo>,
    pub retention: std::sync::Arc<dyn RetentionRepo>,
    pub gdpr: std::sync::Arc<dyn GdprRepo>,
    pub api_keys: std::sync::Arc<dyn ApiKeyRepo>,
    pub incidents: std::sync::Arc<dyn IncidentRepo>,
    pub sentinel_config: std::sync::Arc<dyn SentinelConfigRepo>,
    pub sentinel_runs: std::sync::Arc<dyn SentinelRunRepo>,
    pub share_links: std::sync::Arc<dyn ShareLinkRepo>,
    pub member_access: std::sync::Arc<dyn MemberAccessRepo>,
}
