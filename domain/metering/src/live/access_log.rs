//! The stream access log (rest-api.md §9.5): who opened which camera's playlist, at most
//! one row per (user, camera) every five minutes.

use crate::ids::{CameraId, UserId};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use std::collections::HashMap;

/// One row per (user, camera) per this long.
pub const ACCESS_LOG_THROTTLE: TimeDelta = TimeDelta::seconds(300);
/// The sweep prunes the throttle memory once it holds more entries than this...
pub const ACCESS_LOG_PRUNE_ABOVE: usize = 10_000;
/// ...dropping entries older than this.
pub const ACCESS_LOG_PRUNE_OLDER_THAN: TimeDelta = TimeDelta::seconds(600);
/// `stream_access_logs.user_agent` is cut to this many characters.
pub const USER_AGENT_MAX_CHARS: usize = 500;

/// A `stream_access_logs` row (its org travels next to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamAccess {
    pub user_id: UserId,
    pub user_email: String,
    pub camera_id: CameraId,
    /// The camera's node **row id** as text (`"1"`), as the original stored it.
    pub node_ref: String,
    /// The socket peer (not a proxy header).
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub accessed_at: NaiveDateTime,
}

/// Remembers when each (user, camera) was last logged.
#[derive(Debug, Default)]
pub struct AccessLogThrottle {
    last_logged: HashMap<(UserId, CameraId), DateTime<Utc>>,
}

impl AccessLogThrottle {
    pub fn new() -> Self {
        Self::default()
    }

    /// `true` (and remembered) when this access should be logged: the first in
    /// [`ACCESS_LOG_THROTTLE`] for the pair.
    pub fn admit(&mut self, user: &UserId, camera: &CameraId, now: DateTime<Utc>) -> bool {
        let key = (user.clone(), camera.clone());
        match self.last_logged.get(&key) {
            Some(last) if now.signed_duration_since(*last) < ACCESS_LOG_THROTTLE => false,
            _ => {
                self.last_logged.insert(key, now);
                true
            }
        }
    }

    /// Past [`ACCESS_LOG_PRUNE_ABOVE`] entries, forgets those older than
    /// [`ACCESS_LOG_PRUNE_OLDER_THAN`]; returns how many went.
    pub fn prune(&mut self, now: DateTime<Utc>) -> usize {
        if self.last_logged.len() <= ACCESS_LOG_PRUNE_ABOVE {
            return 0;
        }
        let before = self.last_logged.len();
        self.last_logged
            .retain(|_, last| now.signed_duration_since(*last) <= ACCESS_LOG_PRUNE_OLDER_THAN);
        before - self.last_logged.len()
    }

    /// Forgets a camera (its cache was dropped).
    pub fn forget_camera(&mut self, camera: &CameraId) {
        self.last_logged.retain(|(_, logged), _| logged != camera);
    }

    pub fn len(&self) -> usize {
        self.last_logged.len()
    }

    pub fn is_empty(&self) -> bool {
        self.last_logged.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
    }

    #[test]
    fn one_row_per_user_and_camera_every_five_minutes() {
        let mut throttle = AccessLogThrottle::new();
        let (user, other_user) = (UserId::new("u1"), UserId::new("u2"));
        let camera = CameraId::new("c1");
        assert!(throttle.admit(&user, &camera, noon()));
        assert!(!throttle.admit(&user, &camera, noon() + TimeDelta::seconds(299)));
        assert!(throttle.admit(&other_user, &camera, noon()));
        assert!(throttle.admit(&user, &CameraId::new("c2"), noon()));
        assert!(throttle.admit(&user, &camera, noon() + TimeDelta::seconds(300)));
    }

    #[test]
    fn pruning_starts_past_ten_thousand_entries() {
        let mut throttle = AccessLogThrottle::new();
        let camera = CameraId::new("c");
        for i in 0..=ACCESS_LOG_PRUNE_ABOVE {
            throttle.admit(&UserId::new(format!("u{i}")), &camera, noon());
        }
        throttle.admit(
            &UserId::new("fresh"),
            &camera,
            noon() + TimeDelta::seconds(700),
        );
        assert_eq!(
            throttle.prune(noon() + TimeDelta::seconds(500)),
            0,
            "nothing old yet"
        );
        assert_eq!(
            throttle.prune(noon() + TimeDelta::seconds(700)),
            ACCESS_LOG_PRUNE_ABOVE + 1
        );
        assert_eq!(throttle.len(), 1);
        assert_eq!(
            throttle.prune(noon() + TimeDelta::days(1)),
            0,
            "small maps are left alone"
        );
    }

    #[test]
    fn forgetting_a_camera_resets_its_throttle() {
        let mut throttle = AccessLogThrottle::new();
        let user = UserId::new("u1");
        let camera = CameraId::new("c1");
        assert!(throttle.admit(&user, &camera, noon()));
        throttle.forget_camera(&camera);
        assert!(throttle.admit(&user, &camera, noon()));
    }
}
