//! The MCP tools' logic, one module per group; the HTTP edge decodes the arguments and
//! encodes the results. Every lookup is org-scoped: another org's camera or node reads
//! exactly like a missing one.

pub mod fleet;
pub mod incidents;
pub mod snapshots;
pub mod streams;
pub mod system;

use crate::incidents::Incidents;
use crate::live::LivePipeline;
use crate::live_snapshot::Snapshots;
use sentinel_ports::driven::node_commands::NodeCommands;
use sentinel_ports::driven::repos::{
    CameraRepo, GroupRepo, NodeRepo, RepoError, Repositories, SettingsRepo, StreamAccessLogRepo,
};
use std::sync::Arc;

/// What the tools read and drive: the fleet's rows, the incident use cases, live frames
/// and segments.
pub struct McpTools {
    cameras: Arc<dyn CameraRepo>,
    groups: Arc<dyn GroupRepo>,
    nodes: Arc<dyn NodeRepo>,
    settings: Arc<dyn SettingsRepo>,
    stream_logs: Arc<dyn StreamAccessLogRepo>,
    incidents: Arc<Incidents>,
    snapshots: Arc<Snapshots>,
    node_commands: Arc<dyn NodeCommands>,
    live: Arc<LivePipeline>,
}

/// The use cases the tools call into besides the repositories.
pub struct McpToolDeps {
    pub incidents: Arc<Incidents>,
    pub snapshots: Arc<Snapshots>,
    pub node_commands: Arc<dyn NodeCommands>,
    pub live: Arc<LivePipeline>,
}

impl McpTools {
    pub fn new(repos: &Repositories, deps: McpToolDeps) -> Self {
        Self {
            cameras: repos.cameras.clone(),
            groups: repos.groups.clone(),
            nodes: repos.nodes.clone(),
            settings: repos.settings.clone(),
            stream_logs: repos.stream_logs.clone(),
            incidents: deps.incidents,
            snapshots: deps.snapshots,
            node_commands: deps.node_commands,
            live: deps.live,
        }
    }
}

/// A tool's failure, reported to the caller as an `isError` result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolError {
    /// A refusal the caller can act on; the text is shown as is.
    #[error("{0}")]
    Refused(String),
    /// Anything else (storage trouble); shown behind "Error calling tool '<name>': ".
    #[error("{0}")]
    Failed(String),
}

impl ToolError {
    pub fn refused(message: impl Into<String>) -> Self {
        Self::Refused(message.into())
    }
}

impl From<RepoError> for ToolError {
    fn from(error: RepoError) -> Self {
        tracing::warn!(%error, "MCP tool storage failure");
        Self::Failed(match error {
            RepoError::Unavailable(_) => "storage temporarily unavailable".to_owned(),
            _ => "storage error".to_owned(),
        })
    }
}

pub type ToolResult<T> = Result<T, ToolError>;
