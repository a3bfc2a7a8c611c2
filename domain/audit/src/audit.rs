//! The org audit trail (`audit_log`, data-model.md §1.4): who did what, when, from where.

use crate::fleet::truncate_chars;
use crate::ids::{OrgId, UserId};
use chrono::NaiveDateTime;
use serde_json::Value;

// Column lengths; the writer truncates rather than failing the action being audited.
const EVENT_MAX_CHARS: usize = 50;
const IP_MAX_CHARS: usize = 45;
const USERNAME_MAX_CHARS: usize = 80;
const USER_ID_MAX_CHARS: usize = 100;

/// One stored `audit_log` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub org_id: OrgId,
    pub timestamp: Option<NaiveDateTime>,
    pub event: String,
    pub ip_address: Option<String>,
    pub username: Option<String>,
    pub user_id: Option<String>,
    /// A JSON object as text (see [`details_json`]), or `None`.
    pub details: Option<String>,
}

/// An entry to append. Build it with [`NewAuditEntry::new`] so the column limits hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEntry {
    pub timestamp: NaiveDateTime,
    pub event: String,
    pub ip_address: Option<String>,
    pub username: Option<String>,
    pub user_id: Option<String>,
    pub details: Option<String>,
}

impl NewAuditEntry {
    /// An entry for `event` at `timestamp`, truncating every field to its column length.
    pub fn new(
        timestamp: NaiveDateTime,
        event: &str,
        ip_address: Option<&str>,
        username: Option<&str>,
        user_id: Option<&UserId>,
        details: Option<&Value>,
    ) -> Self {
        Self {
            timestamp,
            event: truncate_chars(event, EVENT_MAX_CHARS),
            ip_address: ip_address.map(|ip| truncate_chars(ip, IP_MAX_CHARS)),
            username: username.map(|name| truncate_chars(name, USERNAME_MAX_CHARS)),
            user_id: user_id.map(|id| truncate_chars(id.as_str(), USER_ID_MAX_CHARS)),
            details: details.map(details_json),
        }
    }
}

/// Filters and page of an audit-log listing (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    /// Exact event name.
    pub event: Option<String>,
    /// Case-insensitive substring of the username; `%`, `_` and `\` match literally.
    pub username_contains: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// One page of audit entries and the number of entries matching the filters overall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub total: i64,
    pub entries: Vec<AuditEntry>,
}

/// `details` as the original wrote it: Python's `json.dumps` defaults, i.e. `", "` and `": "`
/// separators and non-ASCII escaped as `\uXXXX`. (Key order is serde_json's map order.)
pub fn details_json(value: &Value) -> String {
    crate::python::json_dumps(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    fn noon() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap()
    }

    #[test]
    fn details_use_python_separators() {
        let details = json!({"node_id": "ab12cd34", "node_wiped": false, "count": 3});
        assert_eq!(
            details_json(&details),
            r#"{"count": 3, "node_id": "ab12cd34", "node_wiped": false}"#
        );
        assert_eq!(details_json(&json!([1, null, [2.5]])), "[1, null, [2.5]]");
    }

    #[test]
    fn details_escape_non_ascii_like_python() {
        assert_eq!(
            details_json(&json!("café 📁")),
            r#""caf\u00e9 \ud83d\udcc1""#
        );
        assert_eq!(
            details_json(&json!("a\"b\\c\n\u{1}")),
            r#""a\"b\\c\n\u0001""#
        );
    }

    #[test]
    fn new_entry_truncates_to_column_lengths() {
        let long = "e".repeat(200);
        let entry = NewAuditEntry::new(
            noon(),
            &long,
            Some(&long),
            Some(&long),
            Some(&UserId::new(long.clone())),
            None,
        );
        assert_eq!(entry.event.len(), 50);
        assert_eq!(entry.ip_address.map(|s| s.len()), Some(45));
        assert_eq!(entry.username.map(|s| s.len()), Some(80));
        assert_eq!(entry.user_id.map(|s| s.len()), Some(100));
        assert_eq!(entry.details, None);
    }
}
