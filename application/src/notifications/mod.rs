//! The notification pipeline (notifications-email-webhooks.md §1–§2): [`Notifier::create`]
//! (inbox gate, store, publish), the per-user inbox, and the emitters that turn fleet
//! transitions and motion into notifications.

mod emitters;
mod inbox;

pub use emitters::{NotificationEmitters, TransitionDebounce, TransitionKey};
pub use inbox::{Inbox, InboxListing, InboxRequest, InboxUser, PromotionError, UnreadCount};

use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::{Notification, NotificationContent, NotificationKind};
use sentinel_domain::settings;
use sentinel_ports::driven::notification_events::{NotificationCreated, NotificationEvents};
use sentinel_ports::driven::repos::{NotificationRepo, Repositories, SettingsRepo};
use std::sync::Arc;

/// Where every notification goes: the inbox gate, the store and the bus.
pub struct Notifier {
    settings: Arc<dyn SettingsRepo>,
    notifications: Arc<dyn NotificationRepo>,
    events: Arc<dyn NotificationEvents>,
}

impl Notifier {
    pub fn new(repos: &Repositories, events: Arc<dyn NotificationEvents>) -> Self {
        Self {
            settings: repos.settings.clone(),
            notifications: repos.notifications.clone(),
            events,
        }
    }

    /// §1: normalises, applies the inbox gate of the kind, stores the row and publishes it
    /// on the bus (the SSE stream and the e-mail outbox listen there). When the inbox gate
    /// is off the row is not stored but the notification is still published unstored (`id:
    /// None`): the e-mail gate is independent (§1.3). Returns the stored row, or `None` when
    /// the org switched the kind off or storing failed: failures are logged and swallowed,
    /// callers never fail because of a notification. Blocking (repository work).
    pub fn create(
        &self,
        org: &OrgId,
        notification: NotificationContent,
        at: NaiveDateTime,
    ) -> Option<Notification> {
        let notification = notification.normalised();
        if !self.inbox_enabled(org, &notification.kind) {
            tracing::debug!(%org, kind = %notification.kind, "inbox switched off for this kind");
            self.events.publish(unstored_event(org, &notification, at));
            return None;
        }
        match self.notifications.insert(org, &notification, at) {
            Ok(stored) => {
                self.events.publish(created_event(&stored));
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
    pub fn inbox_enabled(&self, org: &OrgId, kind: &NotificationKind) -> bool {
        let Some(key) = kind.inbox_setting() else {
            return true;
        };
        match self.settings.get(org, key) {
            Ok(value) => settings::is_on(value.as_deref(), true),
            Err(error) => {
                tracing::warn!(%org, key, %error, "inbox gate lookup failed; treated as on");
                true
            }
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
