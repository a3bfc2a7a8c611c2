//! Every notification that passed through `create_notification`, for whoever reacts to them
//! (the SSE stream, the e-mail outbox, the Sentinel agent dispatcher). The inbox and e-mail
//! gates are independent (notifications-email-webhooks.md §1.3): a notification whose inbox
//! setting is off is still published, unstored (`id: None`), so the e-mail side-channel sees
//! it; inbox consumers (the SSE stream) must skip those.

use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::NotificationContent;

/// A notification (the `notifications` row, `meta` parsed), stored or not.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationCreated {
    /// The inbox row's id; `None` when the kind's inbox setting suppressed the row (the
    /// notification exists only on the bus: e-mail it, never show it in an inbox).
    pub id: Option<i64>,
    pub org: OrgId,
    pub content: NotificationContent,
    pub created_at: NaiveDateTime,
}

impl NotificationCreated {
    /// Whether the notification has an inbox row (SSE subscribers only see these).
    pub fn stored(&self) -> bool {
        self.id.is_some()
    }
}

pub trait NotificationEvents: Send + Sync {
    fn publish(&self, created: NotificationCreated);
}
