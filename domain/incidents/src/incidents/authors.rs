//! `created_by` / `resolved_by` labels: humans `user:<clerk user id>`, MCP keys
//! `mcp:<key name>`, the Sentinel agent `mcp:<sentinel-agent>`.

use crate::ids::UserId;

/// The key name the multi-tenant Sentinel agent acts under (mcp.md §2.2).
pub const SENTINEL_AGENT_KEY_NAME: &str = "<sentinel-agent>";

/// Who changes an incident. The surface follows from it: humans use the REST API, keys
/// and the agent the MCP tools, and each surface has its own text rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// A dashboard user (Clerk user id).
    User(UserId),
    /// An MCP key, by its name (the agent is `Mcp(SENTINEL_AGENT_KEY_NAME)`).
    Mcp(String),
}

impl Author {
    /// The Sentinel agent's identity.
    pub fn sentinel_agent() -> Self {
        Self::Mcp(SENTINEL_AGENT_KEY_NAME.to_owned())
    }

    pub fn label(&self) -> String {
        match self {
            Self::User(user) => format!("user:{}", user.as_str()),
            Self::Mcp(key_name) => format!("mcp:{key_name}"),
        }
    }

    /// Which surface this author works through.
    pub fn surface(&self) -> Surface {
        match self {
            Self::User(_) => Surface::Rest,
            Self::Mcp(_) => Surface::Mcp,
        }
    }

    /// MCP-filed incidents carry `created_by: "mcp"` in their notification so Sentinel
    /// never dispatches on them.
    pub fn is_mcp(&self) -> bool {
        matches!(self, Self::Mcp(_))
    }
}

/// The REST API (dashboard users) or the MCP tools (keys and the agent): each has its own
/// text rules and wording, and MCP checks run before the caller is even authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Rest,
    Mcp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_surface() {
        assert_eq!(Author::User(UserId::new("user_1")).label(), "user:user_1");
        assert_eq!(Author::Mcp("Claude".into()).label(), "mcp:Claude");
        assert_eq!(Author::sentinel_agent().label(), "mcp:<sentinel-agent>");
        assert!(Author::sentinel_agent().is_mcp());
        assert!(!Author::User(UserId::new("u")).is_mcp());
    }
}
