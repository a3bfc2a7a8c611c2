//! The MCP tools' logic, one module per group; the HTTP edge decodes the arguments and
//! encodes the results. Every lookup is org-scoped: another org's camera or node reads
//! exactly like a missing one.

pub mod fleet;
pub mod incidents;
pub mod snapshots;
pub mod streams;
pub mod system;

use sentinel_ports::driven::repos::RepoError;

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
