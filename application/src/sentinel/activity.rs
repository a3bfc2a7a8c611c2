//! What this instance has seen of the Sentinel agent, for the dashboard's "why is my run
//! still pending" panel: when the agent last polled for work and how the last wake-up went.
//! Kept in memory: it is a diagnosis aid, not a record, and every instance the agent talks
//! to keeps its own view.

use chrono::{DateTime, Utc};
use std::sync::Mutex;

/// The last wake-up this instance sent and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakeupAttempt {
    pub at: DateTime<Utc>,
    /// `None` while in flight or after a 2xx/3xx answer; the refusal or transport error
    /// otherwise.
    pub error: Option<String>,
}

/// The agent as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentStatus {
    /// `SENTINEL_AGENT_WEBHOOK_URL` is set (and an agent key, without which no wake-up is
    /// signed).
    pub wakeup_configured: bool,
    /// `SENTINEL_AGENT_KEY` is set: without it the agent cannot poll or report.
    pub agent_key_configured: bool,
    pub last_poll_at: Option<DateTime<Utc>>,
    pub last_wakeup: Option<WakeupAttempt>,
}

#[derive(Debug, Default)]
pub struct AgentActivity {
    last_poll_at: Mutex<Option<DateTime<Utc>>>,
    last_wakeup: Mutex<Option<WakeupAttempt>>,
}

impl AgentActivity {
    pub fn polled(&self, at: DateTime<Utc>) {
        *lock(&self.last_poll_at) = Some(at);
    }

    pub fn wakeup_sent(&self, at: DateTime<Utc>) {
        *lock(&self.last_wakeup) = Some(WakeupAttempt { at, error: None });
    }

    /// The outcome of the wake-up sent at `sent_at`; a later wake-up's slot is left alone.
    pub fn wakeup_finished(&self, sent_at: DateTime<Utc>, error: Option<String>) {
        let mut slot = lock(&self.last_wakeup);
        if let Some(attempt) = slot.as_mut().filter(|attempt| attempt.at == sent_at) {
            attempt.error = error;
        }
    }

    pub fn last_poll_at(&self) -> Option<DateTime<Utc>> {
        *lock(&self.last_poll_at)
    }

    pub fn last_wakeup(&self) -> Option<WakeupAttempt> {
        lock(&self.last_wakeup).clone()
    }
}

// A panic while holding one of these cannot leave a half-written value (each write is a
// single assignment), so a poisoned lock's data is still good.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, second)
            .single()
            .expect("valid time")
    }

    #[test]
    fn a_late_outcome_of_an_older_wakeup_does_not_overwrite_the_newer_one() {
        let activity = AgentActivity::default();
        activity.wakeup_sent(at(1));
        activity.wakeup_sent(at(2));
        activity.wakeup_finished(at(1), Some("connection refused".into()));
        assert_eq!(
            activity.last_wakeup(),
            Some(WakeupAttempt {
                at: at(2),
                error: None
            })
        );
        activity.wakeup_finished(at(2), Some("HTTP 503".into()));
        assert_eq!(
            activity.last_wakeup().and_then(|attempt| attempt.error),
            Some("HTTP 503".into())
        );
    }

    #[test]
    fn polls_are_remembered() {
        let activity = AgentActivity::default();
        assert_eq!(activity.last_poll_at(), None);
        activity.polled(at(5));
        assert_eq!(activity.last_poll_at(), Some(at(5)));
    }
}
