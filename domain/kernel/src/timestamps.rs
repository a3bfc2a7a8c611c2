//! The wire format of timestamps: naive UTC rendered like Python's `isoformat()`.

use chrono::{NaiveDateTime, Timelike};

/// `YYYY-MM-DDTHH:MM:SS.ffffff`, with the fraction omitted when the microseconds are zero
/// (what the original's clients parse).
pub fn iso_naive(at: NaiveDateTime) -> String {
    if at.nanosecond() / 1_000 == 0 {
        at.format("%Y-%m-%dT%H:%M:%S").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn whole_seconds_omit_the_fraction() {
        let at = NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(3, 2, 1))
            .unwrap();
        assert_eq!(iso_naive(at), "2026-05-04T03:02:01");
    }

    #[test]
    fn fractions_keep_six_digits() {
        let at = NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_micro_opt(3, 2, 1, 500))
            .unwrap();
        assert_eq!(iso_naive(at), "2026-05-04T03:02:01.000500");
    }
}
