//! E-mail preferences (notifications-email-webhooks.md §1.3, §2).

use sentinel_application::email::preferences::EmailPreferences;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The org's e-mail preferences.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailPreferencesBody {
    /// `EMAIL_ENABLED`: off, nothing is e-mailed whatever the preferences.
    pub email_globally_enabled: bool,
    /// The eight `email_*` keys (`email_camera_offline`, ..., `email_welcome`), each on or off.
    pub preferences: BTreeMap<String, bool>,
}

impl EmailPreferencesBody {
    pub fn new(globally_enabled: bool, preferences: EmailPreferences) -> Self {
        Self {
            email_globally_enabled: globally_enabled,
            preferences: preferences.0,
        }
    }
}

/// The preferences after an update, with what changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailPreferencesUpdated {
    pub email_globally_enabled: bool,
    pub preferences: BTreeMap<String, bool>,
    /// `email_x=True` / `email_x=False` per changed key (Python's bool spelling).
    pub changes: Vec<String>,
}
