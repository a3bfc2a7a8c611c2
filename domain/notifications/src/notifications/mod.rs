//! Inbox notifications (notifications-email-webhooks.md §1): the kinds, how each one's
//! title/body/severity/audience/link/meta read, the normalisation every row goes through,
//! and which org setting gates each kind in the inbox.

mod kind;
pub mod kinds;
mod levels;

pub use kind::{NotificationKind, UnknownKind};
pub use kinds::*;
pub use levels::{Audience, Severity};

use crate::ids::OrgId;
use chrono::NaiveDateTime;
use serde_json::Value;

/// Titles are cut to this many characters (the column is `VARCHAR(200)`).
pub const TITLE_MAX_CHARS: usize = 200;
/// The unread badge never counts past this; `capped` says there are more.
pub const UNREAD_CAP: i64 = 99;

/// What a notification says, the same whether it is about to be stored, read back from the
/// inbox or published on the bus: what `create_notification` takes.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationContent {
    /// `camera_offline`, `motion`, `incident_created`, ... (built by [`kinds`]).
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub severity: Severity,
    pub audience: Audience,
    pub link: Option<String>,
    pub camera_id: Option<String>,
    pub node_id: Option<String>,
    pub meta: Option<Value>,
}

impl NotificationContent {
    /// A notification of `kind` with the spec's defaults (`body=""`, `info`, audience `all`,
    /// no link, no ids, no meta); chain the `with_*` setters for the rest.
    pub fn new(kind: NotificationKind, title: impl Into<String>) -> Self {
        Self {
            kind,
            title: title.into(),
            body: String::new(),
            severity: Severity::Info,
            audience: Audience::All,
            link: None,
            camera_id: None,
            node_id: None,
            meta: None,
        }
    }

    pub fn with_body(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_audience(mut self, audience: Audience) -> Self {
        self.audience = audience;
        self
    }

    pub fn with_link(mut self, link: impl Into<String>) -> Self {
        self.link = Some(link.into());
        self
    }

    pub fn with_camera(mut self, camera_id: impl Into<String>) -> Self {
        self.camera_id = Some(camera_id.into());
        self
    }

    pub fn with_node(mut self, node_id: impl Into<String>) -> Self {
        self.node_id = Some(node_id.into());
        self
    }

    pub fn with_meta(mut self, meta: Value) -> Self {
        self.meta = Some(meta);
        self
    }

    /// §1 step 1: title cut to 200 characters; an empty meta object/array/null → none.
    /// (Audience and severity are coerced where text becomes them: [`Audience::coerce`],
    /// [`Severity::coerce`].)
    pub fn normalised(mut self) -> Self {
        self.title = truncate_title(&self.title);
        self.meta = self.meta.filter(|meta| !is_empty_meta(meta));
        self
    }

    pub fn is_admin_only(&self) -> bool {
        self.audience == Audience::Admin
    }
}

/// A stored notification (`to_dict` of the spec, plus its org).
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub id: i64,
    pub org_id: OrgId,
    pub content: NotificationContent,
    pub created_at: NaiveDateTime,
}

impl Notification {
    /// Whether a user sees this row: members never see `admin` rows.
    pub fn visible_to(&self, is_admin: bool) -> bool {
        self.content.audience.includes(is_admin)
    }
}

/// One user's read cursor in one org (`user_notification_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadState {
    pub last_viewed_at: NaiveDateTime,
    pub cleared_at: Option<NaiveDateTime>,
}

/// A page of the inbox as a user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxQuery {
    /// Include `audience = admin` rows (admins only).
    pub include_admin: bool,
    /// Only rows created at or after this (`now − hours`).
    pub since: NaiveDateTime,
    /// Only rows created strictly after this (the user's `cleared_at`).
    pub after: Option<NaiveDateTime>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InboxPage {
    pub total: i64,
    pub notifications: Vec<Notification>,
}

/// The first 200 characters (not bytes) of `title`.
pub fn truncate_title(title: &str) -> String {
    title.chars().take(TITLE_MAX_CHARS).collect()
}

/// The unread badge: `(shown, capped)` = `(min(count, 99), count > 99)`.
pub fn unread_badge(count: i64) -> (i64, bool) {
    (count.clamp(0, UNREAD_CAP), count > UNREAD_CAP)
}

fn is_empty_meta(meta: &Value) -> bool {
    match meta {
        Value::Null => true,
        Value::Object(fields) => fields.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::String(text) => text.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_defaults_are_info_for_everyone() {
        let n = NotificationContent::new(NotificationKind::Welcome, "t").normalised();
        assert_eq!((n.severity, n.audience), (Severity::Info, Audience::All));
        let admin =
            NotificationContent::new(NotificationKind::Welcome, "t").with_audience(Audience::Admin);
        assert!(admin.is_admin_only());
    }

    #[test]
    fn titles_are_cut_to_200_characters_not_bytes() {
        let long = "é".repeat(250);
        let n = NotificationContent::new(NotificationKind::Welcome, long).normalised();
        assert_eq!(n.title.chars().count(), 200);
    }

    #[test]
    fn empty_meta_is_dropped() {
        assert_eq!(
            NotificationContent::new(NotificationKind::Welcome, "t")
                .with_meta(json!({}))
                .normalised()
                .meta,
            None
        );
        let kept = NotificationContent::new(NotificationKind::Welcome, "t")
            .with_meta(json!({"a": 1}))
            .normalised();
        assert_eq!(kept.meta, Some(json!({"a": 1})));
    }

    #[test]
    fn unread_badge_caps_at_99() {
        assert_eq!(unread_badge(0), (0, false));
        assert_eq!(unread_badge(99), (99, false));
        assert_eq!(unread_badge(150), (99, true));
    }
}
