//! How loud a notification is and who sees it (notifications-email-webhooks.md §1 step 1:
//! anything else stored or relayed is coerced, never refused).

use serde::{Deserialize, Serialize};
use std::fmt;

/// `info`, `warning`, `error` or `critical`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Info,
    Warning,
    Error,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Self::Info, Self::Warning, Self::Error, Self::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
            Self::Critical => "critical",
        }
    }

    /// The severity `raw` names, else `info` (rows the original wrote, relayed events).
    pub fn coerce(raw: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|known| known.as_str() == raw)
            .unwrap_or_default()
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `all` (every member of the org) or `admin` (admins only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    All,
    Admin,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Admin => "admin",
        }
    }

    /// `admin` is admins only; anything else is everyone.
    pub fn coerce(raw: &str) -> Self {
        if raw == Self::Admin.as_str() {
            Self::Admin
        } else {
            Self::All
        }
    }

    /// Whether a user sees a notification for this audience: members never see `admin`.
    pub fn includes(self, is_admin: bool) -> bool {
        is_admin || self == Self::All
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_coerced_known_ones_kept() {
        assert_eq!(Severity::coerce("fatal"), Severity::Info);
        for known in Severity::ALL {
            assert_eq!(Severity::coerce(known.as_str()), known);
        }
        assert_eq!(Audience::coerce("owners"), Audience::All);
        assert_eq!(Audience::coerce("admin"), Audience::Admin);
    }

    #[test]
    fn members_never_see_admin_notifications() {
        assert!(Audience::All.includes(false));
        assert!(!Audience::Admin.includes(false));
        assert!(Audience::Admin.includes(true));
    }

    #[test]
    fn the_wire_names_are_lowercase() {
        assert_eq!(
            serde_json::to_string(&Severity::Critical).ok().as_deref(),
            Some("\"critical\"")
        );
        assert_eq!(
            serde_json::to_string(&Audience::Admin).ok().as_deref(),
            Some("\"admin\"")
        );
    }
}
