//! Past-due grace (plans-and-auth.md §1.3–§1.4): an org whose payment is past due keeps its
//! plan for [`PAYMENT_GRACE_DAYS`]; after that, runtime caps use the free tier. Nothing here
//! writes anything: the standing is read from the org's settings and `now` comes in.

use super::{PAYMENT_GRACE_DAYS, Plan};
use crate::settings::is_on;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc};

/// A static, not `&Plan::FREE`: a borrowed constant with a destructor is not promoted to
/// `'static`.
static FREE: Plan = Plan::FREE;

/// An org's billing standing, as Settings `payment_past_due` / `payment_past_due_at` hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BillingStanding {
    /// `payment_past_due` is exactly `"true"`.
    pub past_due: bool,
    /// When the payment went past due; `None` when unset or unparsable.
    pub past_due_since: Option<DateTime<FixedOffset>>,
}

/// The grace window of a past-due org.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraceWindow {
    /// `past_due_since` + 7 days, in the offset the timestamp was written with.
    pub expires_at: DateTime<FixedOffset>,
    /// Whole days left, never negative.
    pub days_remaining: i64,
}

impl BillingStanding {
    /// Reads the raw settings values (the timestamp like Python's `fromisoformat`, naive
    /// meaning UTC).
    pub fn from_settings(past_due: Option<&str>, past_due_at: Option<&str>) -> Self {
        Self {
            past_due: is_on(past_due, false),
            past_due_since: past_due_at.and_then(parse_iso_datetime),
        }
    }

    /// The plan runtime caps use: `nominal`, unless the org has been past due for **more**
    /// than the grace period, then the free tier. Past due without a readable timestamp
    /// keeps the nominal plan.
    pub fn effective_plan<'a>(&self, nominal: &'a Plan, now: DateTime<Utc>) -> &'a Plan {
        match (self.past_due, self.past_due_since) {
            (true, Some(since))
                if now.signed_duration_since(since) > TimeDelta::days(PAYMENT_GRACE_DAYS) =>
            {
                &FREE
            }
            _ => nominal,
        }
    }

    /// The grace window, only while past due with a readable timestamp.
    pub fn grace(&self, now: DateTime<Utc>) -> Option<GraceWindow> {
        let since = self.past_due_since.filter(|_| self.past_due)?;
        let expires_at = since + TimeDelta::days(PAYMENT_GRACE_DAYS);
        let left = expires_at.signed_duration_since(now);
        Some(GraceWindow {
            expires_at,
            days_remaining: left.num_days().max(0),
        })
    }
}

/// Parses an ISO 8601 timestamp the way Python's `datetime.fromisoformat` does for the
/// forms billing webhooks write: `YYYY-MM-DD`, optionally `T`/space + `HH:MM[:SS[.f]]`,
/// optionally `Z` or `±HH[:MM]`. Naive values are UTC.
pub fn parse_iso_datetime(raw: &str) -> Option<DateTime<FixedOffset>> {
    let (local, offset) = split_offset(raw)?;
    let naive = parse_naive(local)?;
    naive.and_local_timezone(offset).single()
}

/// Python's `isoformat()` of an aware timestamp: `YYYY-MM-DDTHH:MM:SS[.ffffff]±HH:MM`, the
/// fraction omitted when the microseconds are zero.
pub fn aware_iso(at: &DateTime<FixedOffset>) -> String {
    if at.nanosecond() / 1_000 == 0 {
        at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S%.6f%:z").to_string()
    }
}

/// Splits a trailing `Z` / `±HH[:MM]` from the date-time; no suffix means UTC.
fn split_offset(raw: &str) -> Option<(&str, FixedOffset)> {
    let utc = FixedOffset::east_opt(0)?;
    if let Some(local) = raw.strip_suffix(['Z', 'z']) {
        return Some((local, utc));
    }
    // Only look for a sign in the time part: the date has dashes of its own.
    let Some(time_start) = raw.find(['T', 't', ' ']) else {
        return Some((raw, utc));
    };
    let Some(sign_at) = raw[time_start..].rfind(['+', '-']).map(|i| i + time_start) else {
        return Some((raw, utc));
    };
    let (local, offset) = raw.split_at(sign_at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Ok(0), str::parse)
        .ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((
        local,
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?,
    ))
}

fn parse_naive(text: &str) -> Option<NaiveDateTime> {
    if text.len() == 10 {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0));
    }
    let sep = text.as_bytes().get(10).copied()?;
    if !matches!(sep, b'T' | b't' | b' ') || !text.is_char_boundary(10) {
        return None;
    }
    let normalised = format!("{}T{}", &text[..10], &text[11..]);
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&normalised, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    const PRO: &Plan = &Plan::PRO;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn past_due_since(raw: &str) -> BillingStanding {
        BillingStanding::from_settings(Some("true"), Some(raw))
    }

    #[test]
    fn parses_python_isoformat_variants() {
        for (raw, expected) in [
            ("2026-11-20T12:00:00", "2026-11-20T12:00:00+00:00"),
            ("2026-11-20T12:00:00Z", "2026-11-20T12:00:00+00:00"),
            (
                "2026-11-20 12:00:00.250000",
                "2026-11-20T12:00:00.250000+00:00",
            ),
            ("2026-11-20T12:00", "2026-11-20T12:00:00+00:00"),
            ("2026-11-20", "2026-11-20T00:00:00+00:00"),
            ("2026-11-20T14:00:00+02:00", "2026-11-20T14:00:00+02:00"),
            ("2026-11-20T07:00:00-0500", "2026-11-20T07:00:00-05:00"),
        ] {
            let parsed = parse_iso_datetime(raw).unwrap_or_else(|| panic!("{raw}"));
            assert_eq!(aware_iso(&parsed), expected, "{raw}");
        }
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00",
            "2026-11-20X12:00:00",
            "2026-11-20T12:00:00+5",
        ] {
            assert_eq!(parse_iso_datetime(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn not_past_due_keeps_the_nominal_plan() {
        let standing = BillingStanding::from_settings(Some("false"), Some("2026-01-01T00:00:00"));
        assert_eq!(standing.effective_plan(PRO, at(27, 12)), PRO);
        assert_eq!(standing.grace(at(27, 12)), None);
    }

    #[test]
    fn past_due_inside_the_grace_keeps_the_nominal_plan() {
        let standing = past_due_since("2026-11-20T12:00:00");
        assert_eq!(
            standing.effective_plan(PRO, at(27, 12)),
            PRO,
            "exactly 7 days"
        );
        let grace = standing.grace(at(25, 12)).unwrap();
        assert_eq!(grace.days_remaining, 2);
        assert_eq!(aware_iso(&grace.expires_at), "2026-11-27T12:00:00+00:00");
    }

    #[test]
    fn past_due_beyond_the_grace_falls_back_to_free() {
        let standing = past_due_since("2026-11-19T12:00:00Z");
        assert_eq!(standing.effective_plan(PRO, at(27, 12)), &Plan::FREE);
        assert_eq!(standing.grace(at(27, 12)).unwrap().days_remaining, 0);
    }

    #[test]
    fn past_due_without_a_readable_timestamp_keeps_the_nominal_plan() {
        for raw in [None, Some("not a date")] {
            let standing = BillingStanding::from_settings(Some("true"), raw);
            assert!(standing.past_due);
            assert_eq!(standing.effective_plan(PRO, at(27, 12)), PRO);
            assert_eq!(standing.grace(at(27, 12)), None);
        }
    }

    #[test]
    fn partial_days_round_down() {
        let standing = past_due_since("2026-11-20T12:00:00");
        assert_eq!(standing.grace(at(21, 13)).unwrap().days_remaining, 5);
    }
}
