//! Viewer-hours for the admin page (rest-api.md §4.3): today, this month and per UTC day,
//! plus who watched in the last few minutes. Reads the stored daily rows and adds what the
//! in-memory meter has not flushed yet, so the figures match the cap the live path enforces.

use crate::live::LivePipeline;
use chrono::{Days, NaiveDate, TimeDelta};
use sentinel_domain::ids::OrgId;
use sentinel_domain::live::MonthKey;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::{DailyUsage, RepoResult, StreamAccessLogRepo, UsageRepo};
use std::sync::Arc;

/// The longest daily series the page may ask for.
pub const MAX_DAYS: u32 = 90;

/// A viewer counts as active when a stream access row of theirs is this recent. Rows are
/// written at most once per viewer and camera every 5 minutes (rest-api.md §9.5), so a
/// shorter window would miss viewers who are still watching.
pub const ACTIVE_VIEWER_WINDOW: TimeDelta = TimeDelta::minutes(5);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewerUsageReport {
    /// One entry per UTC day, oldest first, ending today; days without viewing are 0.
    pub by_day: Vec<DailyUsage>,
    pub today_seconds: u64,
    /// What the monthly cap counts (stored + unflushed).
    pub month_seconds: u64,
    /// Distinct users with a stream access in the last [`ACTIVE_VIEWER_WINDOW`].
    pub active_viewers: u64,
}

pub struct ViewerUsage {
    live: Arc<LivePipeline>,
    usage: Arc<dyn UsageRepo>,
    stream_logs: Arc<dyn StreamAccessLogRepo>,
    clock: Arc<dyn Clock>,
}

impl ViewerUsage {
    pub fn new(
        live: Arc<LivePipeline>,
        usage: Arc<dyn UsageRepo>,
        stream_logs: Arc<dyn StreamAccessLogRepo>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            live,
            usage,
            stream_logs,
            clock,
        }
    }

    /// The last `days` UTC days (1–[`MAX_DAYS`], clamped) ending today. **Blocking.**
    pub fn report(&self, org: &OrgId, days: u32) -> RepoResult<ViewerUsageReport> {
        let now = self.clock.now();
        let month_seconds = self.live.viewer_seconds_used(org)?;
        let stored_month = self
            .usage
            .viewer_seconds(org, &MonthKey::of(now).to_string())?;
        let today = now.date_naive();
        let first = first_day(today, days);
        let stored = self.usage.daily_viewer_seconds(org, &day_key(first))?;
        let by_day = daily_series(
            first,
            today,
            &stored,
            month_seconds.saturating_sub(stored_month),
        );
        let active_since = (now - ACTIVE_VIEWER_WINDOW).naive_utc();
        let active_viewers = self
            .stream_logs
            .stream_view_counts(org, active_since)?
            .by_user
            .len();
        Ok(ViewerUsageReport {
            today_seconds: by_day.last().map_or(0, |day| day.seconds),
            by_day,
            month_seconds,
            active_viewers: u64::try_from(active_viewers).unwrap_or(u64::MAX),
        })
    }
}

fn first_day(today: NaiveDate, days: u32) -> NaiveDate {
    let span = u64::from(days.clamp(1, MAX_DAYS) - 1);
    today.checked_sub_days(Days::new(span)).unwrap_or(today)
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Every day from `first` to `today`, zero-filled, with the meter's unflushed seconds on
/// today (the next flush books them there).
fn daily_series(
    first: NaiveDate,
    today: NaiveDate,
    stored: &[DailyUsage],
    unflushed: u64,
) -> Vec<DailyUsage> {
    first
        .iter_days()
        .take_while(|day| *day <= today)
        .map(|day| {
            let key = day_key(day);
            let stored = stored
                .iter()
                .find(|row| row.day == key)
                .map_or(0, |row| row.seconds);
            let pending = if day == today { unflushed } else { 0 };
            DailyUsage {
                day: key,
                seconds: stored + pending,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).expect("valid date")
    }

    fn row(day: &str, seconds: u64) -> DailyUsage {
        DailyUsage {
            day: day.to_owned(),
            seconds,
        }
    }

    #[test]
    fn the_series_is_zero_filled_and_today_carries_the_unflushed_seconds() {
        let stored = [row("2026-12-05", 100), row("2026-12-07", 40)];
        let series = daily_series(date(4), date(7), &stored, 25);
        assert_eq!(
            series,
            vec![
                row("2026-12-04", 0),
                row("2026-12-05", 100),
                row("2026-12-06", 0),
                row("2026-12-07", 65),
            ]
        );
    }

    #[test]
    fn the_window_is_clamped_to_between_one_and_ninety_days() {
        assert_eq!(first_day(date(7), 0), date(7));
        assert_eq!(first_day(date(7), 1), date(7));
        assert_eq!(first_day(date(7), 7), date(1));
        let longest = first_day(date(7), 500);
        assert_eq!((date(7) - longest).num_days(), i64::from(MAX_DAYS) - 1);
    }
}
