//! Per-org API keys: `osc_` keys for MCP clients and `osi_` keys for Home Assistant. Both
//! kinds share one table; the kind is the boundary, a key of one kind never authenticates
//! on the other surface.

use crate::ids::OrgId;
use chrono::NaiveDateTime;

/// Which surface a key opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKeyKind {
    Mcp,
    Integration,
}

impl ApiKeyKind {
    /// The stored `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mcp => "mcp",
            Self::Integration => "integration",
        }
    }

    /// The stored `kind` column back; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "mcp" => Some(Self::Mcp),
            "integration" => Some(Self::Integration),
            _ => None,
        }
    }

    /// What every raw key of this kind starts with.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Mcp => "osc_",
            Self::Integration => "osi_",
        }
    }
}

/// Which MCP tools a key may call (integration keys are always `All`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ScopeMode {
    #[default]
    All,
    Readonly,
    Custom,
}

impl ScopeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Readonly => "readonly",
            Self::Custom => "custom",
        }
    }

    /// A requested mode; `None` for an unknown one (the request is refused).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "all" => Some(Self::All),
            "readonly" => Some(Self::Readonly),
            "custom" => Some(Self::Custom),
            _ => None,
        }
    }

    /// A stored mode: NULL and unknown values mean all tools (mcp.md §3).
    pub fn from_stored(value: Option<&str>) -> Self {
        value.and_then(Self::parse).unwrap_or_default()
    }
}

/// One stored key. The raw key is never kept: only its SHA-256 (`keys::api_key_hash`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub org_id: OrgId,
    pub name: String,
    pub key_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked: bool,
    pub scope_mode: ScopeMode,
    pub scope_tools: Vec<String>,
    pub kind: ApiKeyKind,
}

/// A fresh raw key: the kind's prefix and the 16 random bytes as 32 lowercase hex digits
/// (36 characters in all).
pub fn mint_raw_key(kind: ApiKeyKind, random: [u8; 16]) -> String {
    format!("{}{}", kind.prefix(), hex::encode(random))
}

/// `scope_tools` as stored: a JSON array of names; anything unparsable or not a list of
/// strings reads as no tools (mcp.md §3).
pub fn parse_scope_tools(stored: Option<&str>) -> Vec<String> {
    stored
        .and_then(|text| serde_json::from_str::<Vec<String>>(text).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_keys_carry_the_kind_prefix_and_32_hex_digits() {
        let random = [0xab; 16];
        let mcp = mint_raw_key(ApiKeyKind::Mcp, random);
        let integration = mint_raw_key(ApiKeyKind::Integration, [0x01; 16]);
        assert_eq!(mcp, format!("osc_{}", "ab".repeat(16)));
        assert_eq!(integration, format!("osi_{}", "01".repeat(16)));
        assert_eq!(mcp.len(), 36);
        assert_eq!(integration.len(), 36);
    }

    #[test]
    fn kinds_round_trip_through_their_column_value() {
        for kind in [ApiKeyKind::Mcp, ApiKeyKind::Integration] {
            assert_eq!(ApiKeyKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ApiKeyKind::parse("'mcp'"), None);
    }

    #[test]
    fn stored_scope_mode_null_or_unknown_means_all() {
        assert_eq!(ScopeMode::from_stored(None), ScopeMode::All);
        assert_eq!(ScopeMode::from_stored(Some("weird")), ScopeMode::All);
        assert_eq!(
            ScopeMode::from_stored(Some("readonly")),
            ScopeMode::Readonly
        );
        assert_eq!(ScopeMode::from_stored(Some("custom")), ScopeMode::Custom);
        assert_eq!(ScopeMode::parse("bogus"), None);
    }

    #[test]
    fn unparsable_scope_tools_read_as_none() {
        assert_eq!(
            parse_scope_tools(Some(r#"["list_cameras","get_node"]"#)),
            ["list_cameras", "get_node"]
        );
        assert!(parse_scope_tools(Some("not json")).is_empty());
        assert!(parse_scope_tools(Some(r#"{"a":1}"#)).is_empty());
        assert!(parse_scope_tools(None).is_empty());
    }
}
