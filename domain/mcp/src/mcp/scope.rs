//! Which tools a caller may list and call (mcp.md §3).

use super::catalog::tools;
use crate::api_keys::ScopeMode;
use std::collections::BTreeSet;

/// The one tool the multi-tenant Sentinel agent may never call.
pub const AGENT_FORBIDDEN_TOOL: &str = "set_camera_recording_policy";

/// The tools a per-org key may use: all of them, the read tools, or its custom list
/// intersected with the catalog (unknown names dropped; an empty list allows nothing).
pub fn allowed_tools(mode: ScopeMode, scope_tools: &[String]) -> BTreeSet<&'static str> {
    match mode {
        ScopeMode::All => tools().iter().map(|tool| tool.name).collect(),
        ScopeMode::Readonly => tools()
            .iter()
            .filter(|tool| tool.is_read())
            .map(|tool| tool.name)
            .collect(),
        ScopeMode::Custom => tools()
            .iter()
            .filter(|tool| scope_tools.iter().any(|name| name == tool.name))
            .map(|tool| tool.name)
            .collect(),
    }
}

/// The Sentinel agent's tools: everything but the recording policy writer.
pub fn agent_allowed_tools() -> BTreeSet<&'static str> {
    tools()
        .iter()
        .map(|tool| tool.name)
        .filter(|name| *name != AGENT_FORBIDDEN_TOOL)
        .collect()
}

/// The refusal of a tool outside the key's scope.
pub fn not_enabled_message(tool: &str) -> String {
    format!(
        "Tool '{tool}' is not enabled for this API key. Update the key's scope in the Sentinel dashboard or use a different key."
    )
}

/// A requested `scope_tools` list as stored: trimmed, empties dropped, duplicates removed
/// keeping the first.
pub fn normalise_scope_tools(requested: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    requested
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty() && seen.insert(name.to_owned()))
        .map(str::to_owned)
        .collect()
}

/// The names of `requested` that are not tools, in order.
pub fn unknown_tool_names(requested: &[String]) -> Vec<String> {
    requested
        .iter()
        .filter(|name| !tools().iter().any(|tool| tool.name == name.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn all_ignores_the_tool_list() {
        assert_eq!(
            allowed_tools(ScopeMode::All, &names(&["get_node"])).len(),
            23
        );
    }

    #[test]
    fn readonly_is_exactly_the_read_set() {
        let allowed = allowed_tools(ScopeMode::Readonly, &[]);
        assert_eq!(allowed.len(), 16);
        assert!(!allowed.contains("create_incident"));
        assert!(!allowed.contains("set_camera_recording_policy"));
        assert!(allowed.contains("view_camera"));
    }

    #[test]
    fn custom_intersects_and_drops_unknown_names() {
        let allowed = allowed_tools(
            ScopeMode::Custom,
            &names(&["list_cameras", "no_such_tool", "create_incident"]),
        );
        assert_eq!(
            allowed.into_iter().collect::<Vec<_>>(),
            ["create_incident", "list_cameras"]
        );
        assert!(allowed_tools(ScopeMode::Custom, &[]).is_empty());
    }

    #[test]
    fn the_agent_gets_everything_but_the_policy_writer() {
        let allowed = agent_allowed_tools();
        assert_eq!(allowed.len(), 22);
        assert!(!allowed.contains(AGENT_FORBIDDEN_TOOL));
    }

    #[test]
    fn requested_lists_are_normalised_and_checked() {
        assert_eq!(
            normalise_scope_tools(&names(&[" get_node ", "", "get_node", "list_nodes"])),
            ["get_node", "list_nodes"]
        );
        assert_eq!(
            unknown_tool_names(&names(&["get_node", "a", "b"])),
            ["a", "b"]
        );
    }
}
