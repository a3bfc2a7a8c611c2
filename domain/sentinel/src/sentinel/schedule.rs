//! The schedule window (§3.6 step 9) in the org's timezone, the strict `HH:MM` check of
//! PATCH, and the month/day boundaries the caps and stats count from.

use super::config::{ALL_DAYS, SentinelConfig};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

const MINUTES_PER_DAY: i64 = 24 * 60;

/// PATCH's check: exactly five characters, `:` in the middle, hour 0–23, minute 0–59.
/// The error is the 400 text (`<field> must be HH:MM` / `<field> out of range`).
pub fn check_hhmm(field: &str, raw: &str) -> Result<(), String> {
    let chars: Vec<char> = raw.chars().collect();
    let malformed = || format!("{field} must be HH:MM");
    if chars.len() != 5 || chars[2] != ':' {
        return Err(malformed());
    }
    let hour: String = chars[..2].iter().collect();
    let minute: String = chars[3..].iter().collect();
    let (Some(hour), Some(minute)) = (python_int(&hour), python_int(&minute)) else {
        return Err(malformed());
    };
    if !(0..=23).contains(&hour) || !(0..=59).contains(&minute) {
        return Err(format!("{field} out of range"));
    }
    Ok(())
}

/// The dispatcher's lenient reading: minute of day from `H[:M]`, clamped to 0..=1440;
/// anything unreadable (or absent) is `default`.
pub fn parse_hhmm_lenient(raw: Option<&str>, default: u32) -> u32 {
    let Some(raw) = raw else {
        return default;
    };
    let mut parts = raw.split(':');
    let hour = parts.next().and_then(python_int);
    let minute = match parts.next() {
        Some(text) => python_int(text),
        None => Some(0),
    };
    match (hour, minute) {
        (Some(hour), Some(minute)) => {
            let total = hour.saturating_mul(60).saturating_add(minute);
            u32::try_from(total.clamp(0, MINUTES_PER_DAY)).unwrap_or(default)
        }
        _ => default,
    }
}

/// Whether the config's schedule lets a run start at `local` (the org's wall clock):
/// `always` yes, `off` never, otherwise the weekday must be active and the minute of day
/// inside `[start, end)`, wrapping past midnight when `start >= end` (equal = all day).
pub fn in_schedule(config: &SentinelConfig, local: NaiveDateTime) -> bool {
    match config.schedule_mode.as_str() {
        "always" => return true,
        "off" => return false,
        _ => {}
    }
    let weekday = ALL_DAYS[local.weekday().num_days_from_monday() as usize];
    if !config.active_days.iter().any(|day| day == weekday) {
        return false;
    }
    let start = parse_hhmm_lenient(Some(&config.schedule_start), 0);
    let end = parse_hhmm_lenient(Some(&config.schedule_end), 24 * 60);
    let current = local.hour() * 60 + local.minute();
    if start < end {
        start <= current && current < end
    } else {
        current >= start || current < end
    }
}

/// The org's wall clock: `now` in the IANA zone `timezone`; absent or unknown → UTC.
pub fn org_local_time(now: DateTime<Utc>, timezone: Option<&str>) -> NaiveDateTime {
    match timezone.and_then(|name| name.parse::<chrono_tz::Tz>().ok()) {
        Some(zone) => now.with_timezone(&zone).naive_local(),
        None => now.naive_utc(),
    }
}

/// Today's local midnight in the org's timezone, as naive UTC (`runs_today` counts from
/// it). A midnight skipped by a DST change falls back to the day's first instant.
pub fn local_midnight_utc(now: DateTime<Utc>, timezone: Option<&str>) -> NaiveDateTime {
    let Some(zone) = timezone.and_then(|name| name.parse::<chrono_tz::Tz>().ok()) else {
        return now.date_naive().and_time(NaiveTime::MIN);
    };
    let local_day = now.with_timezone(&zone).date_naive();
    let midnight = local_day.and_time(NaiveTime::MIN);
    zone.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(midnight + chrono::TimeDelta::hours(1)))
                .earliest()
        })
        .map_or_else(|| now.naive_utc(), |at| at.naive_utc())
}

/// The 1st of `now`'s month, 00:00 (UTC): where monthly caps count from.
pub fn month_start(now: NaiveDateTime) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(now.year(), now.month(), 1)
        .unwrap_or(now.date())
        .and_time(NaiveTime::MIN)
}

/// Python's `int()` of a short text: surrounding whitespace, an optional sign, ASCII digits.
fn python_int(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    trimmed.parse::<i64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn config(mode: &str, start: &str, end: &str, days: &[&str]) -> SentinelConfig {
        let mut config = SentinelConfig::defaults(
            NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_time(NaiveTime::MIN),
        );
        config.schedule_mode = mode.into();
        config.schedule_start = start.into();
        config.schedule_end = end.into();
        config.active_days = days.iter().map(|d| (*d).to_owned()).collect();
        config
    }

    /// 2026-11-27 is a Friday.
    fn friday(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    #[test]
    fn the_lenient_parser_matches_the_pinned_values() {
        assert_eq!(parse_hhmm_lenient(Some("00:00"), 7), 0);
        assert_eq!(parse_hhmm_lenient(Some("06:00"), 7), 360);
        assert_eq!(parse_hhmm_lenient(Some("22:30"), 7), 1350);
        assert_eq!(parse_hhmm_lenient(Some("23:59"), 7), 1439);
        assert_eq!(parse_hhmm_lenient(Some("9"), 7), 540);
        assert_eq!(parse_hhmm_lenient(Some("99:00"), 7), 1440);
        assert_eq!(parse_hhmm_lenient(Some("garbage"), 7), 7);
        assert_eq!(parse_hhmm_lenient(Some(""), 7), 7);
        assert_eq!(parse_hhmm_lenient(None, 7), 7);
    }

    #[test]
    fn the_strict_check_separates_format_from_range() {
        assert!(check_hhmm("schedule_start", "00:00").is_ok());
        assert!(check_hhmm("schedule_start", "23:59").is_ok());
        for malformed in ["9:00", "0900", "09-00", "ab:cd", "09:000", ""] {
            assert_eq!(
                check_hhmm("schedule_start", malformed).unwrap_err(),
                "schedule_start must be HH:MM",
                "{malformed}"
            );
        }
        for out in ["24:00", "12:60", "-1:00"] {
            assert_eq!(
                check_hhmm("schedule_end", out).unwrap_err(),
                "schedule_end out of range",
                "{out}"
            );
        }
    }

    #[test]
    fn always_and_off_ignore_the_window() {
        let all = ALL_DAYS.to_vec();
        assert!(in_schedule(
            &config("always", "22:00", "06:00", &[]),
            friday(12, 0)
        ));
        assert!(!in_schedule(
            &config("off", "00:00", "00:00", &all),
            friday(12, 0)
        ));
    }

    #[test]
    fn a_daytime_window_is_half_open() {
        let day = config("scheduled", "09:00", "17:00", &["fri"]);
        assert!(!in_schedule(&day, friday(8, 59)));
        assert!(in_schedule(&day, friday(9, 0)));
        assert!(in_schedule(&day, friday(16, 59)));
        assert!(!in_schedule(&day, friday(17, 0)));
    }

    #[test]
    fn a_night_window_wraps_and_equal_bounds_mean_all_day() {
        let night = config("scheduled", "22:00", "06:00", &["fri"]);
        assert!(in_schedule(&night, friday(23, 0)));
        assert!(in_schedule(&night, friday(5, 59)));
        assert!(!in_schedule(&night, friday(12, 0)));
        let all_day = config("scheduled", "08:00", "08:00", &["fri"]);
        assert!(in_schedule(&all_day, friday(3, 0)));
    }

    #[test]
    fn inactive_days_block_even_inside_the_window() {
        let weekend = config("scheduled", "00:00", "00:00", &["sat", "sun"]);
        assert!(!in_schedule(&weekend, friday(12, 0)));
        let none = config("scheduled", "00:00", "00:00", &[]);
        assert!(!in_schedule(&none, friday(12, 0)));
    }

    #[test]
    fn the_window_is_read_in_the_org_timezone() {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
        assert_eq!(org_local_time(now, Some("Asia/Tokyo")), friday(21, 0));
        assert_eq!(org_local_time(now, Some("Not/AZone")), friday(12, 0));
        assert_eq!(org_local_time(now, None), friday(12, 0));
        let evening = config("scheduled", "20:00", "23:00", &["fri"]);
        assert!(in_schedule(
            &evening,
            org_local_time(now, Some("Asia/Tokyo"))
        ));
        assert!(!in_schedule(&evening, org_local_time(now, Some("UTC"))));
    }

    #[test]
    fn day_and_month_boundaries() {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap();
        assert_eq!(local_midnight_utc(now, None), friday(0, 0));
        // New York is 22:00 on the 26th: its midnight was 05:00 UTC on the 26th.
        assert_eq!(
            local_midnight_utc(now, Some("America/New_York")),
            NaiveDate::from_ymd_opt(2026, 11, 26)
                .and_then(|d| d.and_hms_opt(5, 0, 0))
                .unwrap()
        );
        assert_eq!(
            month_start(friday(3, 0)),
            NaiveDate::from_ymd_opt(2026, 11, 1)
                .unwrap()
                .and_time(NaiveTime::MIN)
        );
    }
}
