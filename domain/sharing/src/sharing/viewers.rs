//! Who is watching a link now: a client that fetched its page or a playlist in the last
//! minute. The window admits a new client only below the link's ceiling, so its size never
//! exceeds the ceiling whatever an outsider sends.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// How long a client counts as watching after its last fetch.
pub const VIEWER_WINDOW_SECONDS: i64 = 60;

#[derive(Debug, Default, Clone)]
pub struct ViewerWindow {
    last_seen: HashMap<String, DateTime<Utc>>,
}

impl ViewerWindow {
    /// Records `client` at `now` if it is already watching or there is room below
    /// `ceiling`; `false` means the link is full for this client.
    pub fn admit(&mut self, client: &str, now: DateTime<Utc>, ceiling: u32) -> bool {
        self.forget_quiet(now);
        if let Some(seen) = self.last_seen.get_mut(client) {
            *seen = now;
            return true;
        }
        if self.last_seen.len() >= ceiling as usize {
            return false;
        }
        self.last_seen.insert(client.to_owned(), now);
        true
    }

    /// Drops the clients quiet for longer than the window.
    pub fn forget_quiet(&mut self, now: DateTime<Utc>) {
        let cutoff = now - Duration::seconds(VIEWER_WINDOW_SECONDS);
        self.last_seen.retain(|_, seen| *seen > cutoff);
    }

    pub fn watching(&self) -> usize {
        self.last_seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(second: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + second, 0)
            .single()
            .expect("valid time")
    }

    #[test]
    fn admits_up_to_the_ceiling_and_keeps_those_watching() {
        let mut window = ViewerWindow::default();
        assert!(window.admit("a", at(0), 2));
        assert!(window.admit("b", at(1), 2));
        assert!(!window.admit("c", at(2), 2));
        assert!(
            window.admit("a", at(3), 2),
            "a viewer already watching stays"
        );
        assert_eq!(window.watching(), 2);
    }

    #[test]
    fn a_quiet_viewer_frees_its_place_after_the_window() {
        let mut window = ViewerWindow::default();
        assert!(window.admit("a", at(0), 1));
        assert!(!window.admit("b", at(59), 1));
        assert!(window.admit("b", at(61), 1));
        assert!(!window.admit("a", at(62), 1));
    }

    #[test]
    fn an_outsider_never_grows_it_past_the_ceiling() {
        let mut window = ViewerWindow::default();
        for client in 0..10_000 {
            window.admit(&client.to_string(), at(1), 5);
        }
        assert_eq!(window.watching(), 5);
    }
}
