//! The notification pipeline (notifications-email-webhooks.md §1–§2): `create_notification`
//! (inbox gate, store, publish), the per-user inbox, and the emitters that turn fleet
//! transitions and motion into notifications.

mod emitters;
mod inbox;

pub use emitters::{TransitionDebounce, TransitionKey, notify_fleet_event, notify_motion};
pub use inbox::{
    InboxListing, InboxRequest, InboxUser, PromotionError, UnreadCount, clear_all, list_inbox,
    mark_viewed, request_admin_promotion, unread_count,
};

use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::{self, Notification, NotificationContent};
use sentinel_domain::settings;
use sentinel_ports::driven::notification_events::{NotificationCreated, NotificationEvents};
use sentinel_ports::driven::repos::Repositories;

/// §1: normalises, applies the inbox gate of the kind, stores the row and publishes it on
/// `events` (the SSE stream and the e-mail outbox listen there). When the inbox gate is off
/// the row is not stored but the notification is still published unstored (`id: None`): the
/// e-mail gate is independent (§1.3). Returns the stored row, or `None` when the org switched
/// the kind off or storing failed: failures are logged and swallowed, callers never fail
/// because of a notification. Blocking (repository work).
pub fn create_notification(
    repos: &Repositories,
    events: &dyn NotificationEvents,
    org: &OrgId,
    notification: NotificationContent,
    at: NaiveDateTime,
) -> Option<Notification> {
    let notification = notification.normalised();
    if !inbox_enabled(repos, org, &notification.kind) {
        tracing::debug!(%org, kind = %notification.kind, "inbox switched off for this kind");
        events.publish(unstored_event(org, &notification, at));
        return None;
    }
    match repos.notifications.insert(org, &notification, at) {
        Ok(stored) => {
            events.publish(created_event(&stored));
            Some(stored)
        }
        Err(error) => {
            tracing::warn!(%org, kind = %notification.kind, %error, "notification not stored");
            None
        }
    }
}

/// §1.2: the kind's setting, default on; unmapped kinds are always on; a failed lookup
/// counts as on.
pub fn inbox_enabled(repos: &Repositories, org: &OrgId, kind: &str) -> bool {
    let Some(key) = notifications::inbox_setting(kind) else {
        return true;
    };
    match repos.settings.get(org, key) {
        Ok(value) => settings::is_on(value.as_deref(), true),
        Err(error) => {
            tracing::warn!(%org, key, %error, "inbox gate lookup failed; treated as on");
            true
        }
    }
}

/// The bus event of a stored row.
pub fn created_event(stored: &Notification) -> NotificationCreated {
    NotificationCreated {
        id: Some(stored.id),
        org: stored.org_id.clone(),
        content: stored.content.clone(),
        created_at: stored.created_at,
    }
}

/// The bus event of a notification the inbox gate kept out of the inbox (`id: None`).
pub fn unstored_event(
    org: &OrgId,
    notification: &NotificationContent,
    at: NaiveDateTime,
) -> NotificationCreated {
    NotificationCreated {
        id: None,
        org: org.clone(),
        content: notification.clone(),
        created_at: at,
    }
}
