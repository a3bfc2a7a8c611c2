//! `INCIDENT_SEVERITIES` and `INCIDENT_STATUSES` (data-model.md §3). Each parse failure
//! keeps the rejected text; the REST surface and the MCP tools word it differently. Input
//! is parsed (and refused when unknown); stored rows are coerced, because every row this
//! server writes holds a known word and a hand-edited one must not fail a whole listing.

use std::fmt;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Severity {
    Low,
    #[default]
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Self::Low, Self::Medium, Self::High, Self::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Exact, case-sensitive match (the original compared with `in`).
    pub fn parse(raw: &str) -> Result<Self, InvalidSeverity> {
        Self::ALL
            .into_iter()
            .find(|severity| severity.as_str() == raw)
            .ok_or_else(|| InvalidSeverity(raw.to_owned()))
    }

    /// The severity a stored `raw` names, else `medium` (the severity filing defaults to).
    pub fn coerce(raw: &str) -> Self {
        Self::parse(raw).unwrap_or_default()
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Status {
    #[default]
    Open,
    Acknowledged,
    Resolved,
    Dismissed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Self::Open,
        Self::Acknowledged,
        Self::Resolved,
        Self::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Acknowledged => "acknowledged",
            Self::Resolved => "resolved",
            Self::Dismissed => "dismissed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, InvalidStatus> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == raw)
            .ok_or_else(|| InvalidStatus(raw.to_owned()))
    }

    /// The status a stored `raw` names, else `open` (what a new incident is), so an unknown
    /// word keeps the incident in front of operators rather than hiding it as closed.
    pub fn coerce(raw: &str) -> Self {
        Self::parse(raw).unwrap_or_default()
    }

    /// Resolved and dismissed close an incident.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Resolved | Self::Dismissed)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity outside the four; `Display` is the REST wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid severity: {0}")]
pub struct InvalidSeverity(pub String);

impl InvalidSeverity {
    /// The MCP tools' wording.
    pub fn mcp_message(&self) -> String {
        format!(
            "Invalid severity '{}'. Must be one of: low, medium, high, critical",
            self.0
        )
    }
}

/// A status outside the four; `Display` is the REST wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid status: {0}")]
pub struct InvalidStatus(pub String);

impl InvalidStatus {
    /// The MCP tools' wording.
    pub fn mcp_message(&self) -> String {
        format!(
            "Invalid status '{}'. Must be one of: open, acknowledged, resolved, dismissed",
            self.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips() {
        for severity in Severity::ALL {
            assert_eq!(Severity::parse(severity.as_str()), Ok(severity));
        }
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Ok(status));
        }
    }

    #[test]
    fn unknown_values_are_rejected_with_both_wordings() {
        let error = Severity::parse("HIGH").unwrap_err();
        assert_eq!(error.to_string(), "Invalid severity: HIGH");
        assert_eq!(
            error.mcp_message(),
            "Invalid severity 'HIGH'. Must be one of: low, medium, high, critical"
        );
        let error = Status::parse("closed").unwrap_err();
        assert_eq!(error.to_string(), "Invalid status: closed");
        assert_eq!(
            error.mcp_message(),
            "Invalid status 'closed'. Must be one of: open, acknowledged, resolved, dismissed"
        );
    }

    #[test]
    fn stored_values_are_coerced_to_medium_and_open() {
        assert_eq!(Severity::coerce("HIGH"), Severity::Medium);
        assert_eq!(Status::coerce("closed"), Status::Open);
        for severity in Severity::ALL {
            assert_eq!(Severity::coerce(severity.as_str()), severity);
        }
        for status in Status::ALL {
            assert_eq!(Status::coerce(status.as_str()), status);
        }
    }

    #[test]
    fn only_resolved_and_dismissed_are_terminal() {
        assert!(Status::Resolved.is_terminal());
        assert!(Status::Dismissed.is_terminal());
        assert!(!Status::Open.is_terminal());
        assert!(!Status::Acknowledged.is_terminal());
    }
}
