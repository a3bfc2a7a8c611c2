//! Viewer-second metering (rest-api.md §9.4): every served segment is one viewer-second,
//! counted per org and UTC calendar month against the plan's monthly viewer-hour cap.

use crate::plans::Plan;
use chrono::{DateTime, Datelike, Utc};
use std::fmt;

/// A UTC calendar month, printed `YYYY-MM` (`org_monthly_usage.year_month`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonthKey {
    year: i32,
    month: u32,
}

impl MonthKey {
    pub fn of(at: DateTime<Utc>) -> Self {
        Self {
            year: at.year(),
            month: at.month(),
        }
    }
}

impl fmt::Display for MonthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The plan's monthly cap in viewer-seconds, `None` when the plan has no cap (0 hours).
/// Playback is refused once `used >= cap`.
pub fn viewer_cap_seconds(plan: &Plan) -> Option<u64> {
    let hours = u64::from(plan.limits().max_viewer_hours_per_month);
    (hours > 0).then(|| hours * 3_600)
}

/// The 429 text, naming the cap in hours.
pub fn viewer_cap_message(cap_seconds: u64) -> String {
    format!(
        "Monthly viewer-hour cap reached ({}h on your current plan). Live playback will resume on the 1st of next month, or upgrade your plan for more viewing time.",
        cap_seconds / 3_600
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn month_keys_are_utc_year_and_month() {
        let at = Utc.with_ymd_and_hms(2026, 3, 31, 23, 59, 59).unwrap();
        assert_eq!(MonthKey::of(at).to_string(), "2026-03");
        let next = at + chrono::TimeDelta::seconds(1);
        assert_eq!(MonthKey::of(next).to_string(), "2026-04");
        assert!(MonthKey::of(at) < MonthKey::of(next));
    }

    #[test]
    fn caps_follow_the_plan_table() {
        assert_eq!(viewer_cap_seconds(&Plan::FREE), Some(30 * 3_600));
        assert_eq!(viewer_cap_seconds(&Plan::PRO), Some(300 * 3_600));
        assert_eq!(viewer_cap_seconds(&Plan::PRO_PLUS), Some(1_500 * 3_600));
        assert_eq!(viewer_cap_seconds(&Plan::new("unknown")), Some(30 * 3_600));
    }

    #[test]
    fn the_message_names_the_hours() {
        assert_eq!(
            viewer_cap_message(30 * 3_600),
            "Monthly viewer-hour cap reached (30h on your current plan). Live playback will resume on the 1st of next month, or upgrade your plan for more viewing time."
        );
    }
}
