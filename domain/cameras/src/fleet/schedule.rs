//! Per-camera recording policy and its `HH:MM` schedule window (evaluated in the org's
//! timezone by the caller, which passes the local time of day).

use chrono::{NaiveTime, Timelike};
use std::fmt;

/// A 24-hour `HH:MM` time of day, as the recording schedule and Sentinel store it
/// (`^([01]\d|2[0-3]):[0-5]\d$`, ASCII digits only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HhMm {
    minutes_since_midnight: u16,
}

/// The text was not a `HH:MM` 24-hour time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("time must be HH:MM (24-hour), got {0:?}")]
pub struct InvalidHhMm(pub String);

impl HhMm {
    pub fn parse(text: &str) -> Result<Self, InvalidHhMm> {
        let invalid = || InvalidHhMm(text.to_owned());
        let &[h1, h2, b':', m1, m2] = text.as_bytes() else {
            return Err(invalid());
        };
        if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
            return Err(invalid());
        }
        let hours = u16::from(h1 - b'0') * 10 + u16::from(h2 - b'0');
        let minutes = u16::from(m1 - b'0') * 10 + u16::from(m2 - b'0');
        if hours > 23 || minutes > 59 {
            return Err(invalid());
        }
        Ok(Self {
            minutes_since_midnight: hours * 60 + minutes,
        })
    }

    /// `true` when `text` is a valid `HH:MM`.
    pub fn is_valid(text: &str) -> bool {
        Self::parse(text).is_ok()
    }

    pub fn minutes_since_midnight(self) -> u16 {
        self.minutes_since_midnight
    }

    /// The minute of the day `time` falls in (seconds are ignored).
    pub fn of(time: NaiveTime) -> Self {
        // hour() < 24 and minute() < 60, so this fits u16 and is a valid HH:MM.
        let minutes = time.hour() * 60 + time.minute();
        Self {
            minutes_since_midnight: u16::try_from(minutes).unwrap_or(0),
        }
    }
}

impl fmt::Display for HhMm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m) = (
            self.minutes_since_midnight / 60,
            self.minutes_since_midnight % 60,
        );
        write!(f, "{h:02}:{m:02}")
    }
}

/// A camera's recording policy (the `recording_policy` object of the API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordingPolicy {
    pub continuous_24_7: bool,
    pub scheduled_recording: bool,
    /// `HH:MM` as stored; `None` means "not configured".
    pub scheduled_start: Option<String>,
    pub scheduled_end: Option<String>,
}

impl RecordingPolicy {
    /// The API refuses a policy with both modes on (the manual toggle can still create one,
    /// as in the original, so readers must cope with it).
    pub fn has_conflicting_modes(&self) -> bool {
        self.continuous_24_7 && self.scheduled_recording
    }

    /// Whether the node should be recording at `local_time` (the org's timezone):
    /// continuous, or scheduled with both ends set and `local_time` in `[start, end)`.
    /// A window with `end < start` wraps midnight; `start == end` never records; an
    /// unparsable time counts as unset.
    pub fn records_at(&self, local_time: NaiveTime) -> bool {
        if self.continuous_24_7 {
            return true;
        }
        if !self.scheduled_recording {
            return false;
        }
        let (Some(start), Some(end)) = (
            self.scheduled_start
                .as_deref()
                .and_then(|s| HhMm::parse(s).ok()),
            self.scheduled_end
                .as_deref()
                .and_then(|s| HhMm::parse(s).ok()),
        ) else {
            return false;
        };
        let now = HhMm::of(local_time);
        if start < end {
            start <= now && now < end
        } else if end < start {
            now >= start || now < end
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).unwrap()
    }

    fn scheduled(start: &str, end: &str) -> RecordingPolicy {
        RecordingPolicy {
            continuous_24_7: false,
            scheduled_recording: true,
            scheduled_start: Some(start.into()),
            scheduled_end: Some(end.into()),
        }
    }

    #[test]
    fn hh_mm_accepts_only_24_hour_two_digit_times() {
        for ok in ["00:00", "09:05", "19:59", "23:59"] {
            assert!(HhMm::is_valid(ok), "{ok}");
        }
        for bad in [
            "24:00",
            "7:00",
            "07:60",
            "0700",
            "07:00 ",
            "not-a-time",
            "",
            "1٣:00",
            "ab:cd",
        ] {
            assert!(!HhMm::is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn hh_mm_round_trips_through_display() {
        assert_eq!(HhMm::parse("07:05").unwrap().to_string(), "07:05");
        assert_eq!(HhMm::parse("23:59").unwrap().minutes_since_midnight(), 1439);
    }

    #[test]
    fn continuous_always_records_and_default_never_does() {
        let continuous = RecordingPolicy {
            continuous_24_7: true,
            ..RecordingPolicy::default()
        };
        assert!(continuous.records_at(t(3, 0, 0)));
        assert!(!RecordingPolicy::default().records_at(t(3, 0, 0)));
    }

    #[test]
    fn daytime_window_is_half_open() {
        let policy = scheduled("08:00", "17:00");
        assert!(!policy.records_at(t(7, 59, 59)));
        assert!(policy.records_at(t(8, 0, 0)));
        assert!(policy.records_at(t(16, 59, 59)));
        assert!(!policy.records_at(t(17, 0, 0)));
    }

    #[test]
    fn overnight_window_wraps_midnight() {
        let policy = scheduled("22:00", "06:00");
        assert!(policy.records_at(t(23, 0, 0)));
        assert!(policy.records_at(t(5, 59, 0)));
        assert!(!policy.records_at(t(6, 0, 0)));
        assert!(!policy.records_at(t(12, 0, 0)));
    }

    #[test]
    fn empty_or_unconfigured_window_never_records() {
        assert!(!scheduled("10:00", "10:00").records_at(t(10, 0, 0)));
        let mut half = scheduled("10:00", "11:00");
        half.scheduled_end = None;
        assert!(!half.records_at(t(10, 30, 0)));
    }

    #[test]
    fn both_modes_on_is_a_conflict() {
        let mut policy = scheduled("10:00", "11:00");
        assert!(!policy.has_conflicting_modes());
        policy.continuous_24_7 = true;
        assert!(policy.has_conflicting_modes());
    }
}
