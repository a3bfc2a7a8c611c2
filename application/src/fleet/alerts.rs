//! The two notifications the node routes raise themselves (rest-api.md §2.2 step 9, §2.3):
//! `cameranode_disk_low` on an HTTP heartbeat with storage stats, debounced per node, and
//! `plan_limit_reached` on a register that skipped cameras, throttled per org. Both go
//! through `Notifier::create` (inbox, stream, e-mail) and neither can fail its route.

use super::FleetService;
use super::heartbeat::StorageReport;
use super::register::PlanLimitHit;
use chrono::{DateTime, NaiveDateTime, TimeDelta};
use sentinel_domain::fleet::Node;
use sentinel_domain::notifications;
use sentinel_domain::settings::{PLAN_LIMIT_NOTIF_LAST_AT, cameranode_disk_low_emit_at_key};
use sentinel_domain::timestamps::iso_naive;
use sentinel_ports::driven::repos::RepoResult;

/// At or above this share of the host disk in use, the node's admins are told.
pub const DISK_LOW_PERCENT: f64 = 90.0;
/// At most one disk-low alert per node in this window (re-armed below the threshold).
pub const DISK_LOW_DEBOUNCE: TimeDelta = TimeDelta::hours(6);
/// At most one `plan_limit_reached` per org in this window.
pub const PLAN_LIMIT_THROTTLE: TimeDelta = TimeDelta::hours(1);

/// `(total − free) / total · 100`, or `None` when either is unknown (missing or 0).
pub fn disk_percent_used(storage: &StorageReport) -> Option<f64> {
    let (free, total) = (storage.disk_free_bytes?, storage.disk_total_bytes?);
    if free <= 0 || total <= 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let percent = (total - free) as f64 / total as f64 * 100.0;
    Some(percent)
}

/// A stored stamp, or `None` when empty or malformed (both mean "never").
fn parse_stamp(value: Option<&str>) -> Option<NaiveDateTime> {
    let value = value?.trim();
    if value.is_empty() {
        return None;
    }
    value.parse::<NaiveDateTime>().ok().or_else(|| {
        DateTime::parse_from_rfc3339(value)
            .ok()
            .map(|at| at.naive_utc())
    })
}

/// Whether a stamp still silences an alert at `now`.
fn within(stamp: Option<NaiveDateTime>, window: TimeDelta, now: NaiveDateTime) -> bool {
    stamp.is_some_and(|stamp| now - stamp < window)
}

fn rounded_1dp(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

impl FleetService {
    /// §2.3 disk-low check. Every failure is logged and swallowed.
    pub(super) fn check_disk_low(&self, node: &Node, storage: &StorageReport, now: NaiveDateTime) {
        if let Err(error) = self.try_check_disk_low(node, storage, now) {
            tracing::warn!(%error, node_id = %node.node_id, "disk-low check failed");
        }
    }

    fn try_check_disk_low(
        &self,
        node: &Node,
        storage: &StorageReport,
        now: NaiveDateTime,
    ) -> RepoResult<()> {
        let Some(percent) = disk_percent_used(storage) else {
            return Ok(());
        };
        let org = &node.org_id;
        let key = cameranode_disk_low_emit_at_key(&node.node_id);
        if percent < DISK_LOW_PERCENT {
            // Re-arm: the next crossing alerts at once.
            if self.settings.get(org, &key)?.is_some_and(|v| !v.is_empty()) {
                self.settings.set(org, &key, "", now)?;
            }
            return Ok(());
        }
        let last = self.settings.get(org, &key)?;
        if within(parse_stamp(last.as_deref()), DISK_LOW_DEBOUNCE, now) {
            tracing::debug!(node_id = %node.node_id, "disk-low alert debounced");
            return Ok(());
        }
        let to_u64 = |bytes: Option<i64>| bytes.and_then(|b| u64::try_from(b).ok()).unwrap_or(0);
        let notification = notifications::cameranode_disk_low(
            &node.name,
            node.node_id.as_str(),
            rounded_1dp(percent),
            to_u64(storage.disk_free_bytes),
            to_u64(storage.disk_total_bytes),
        );
        self.notifier.create(org, notification, now);
        self.settings.set(org, &key, &iso_naive(now), now)
    }

    /// §2.2 step 9: `plan_limit_reached`, at most once per hour per org. Failures are
    /// logged and swallowed.
    pub(super) fn notify_plan_limit(&self, node: &Node, hit: &PlanLimitHit, now: NaiveDateTime) {
        if let Err(error) = self.try_notify_plan_limit(node, hit, now) {
            tracing::warn!(%error, org = %node.org_id, "plan-limit notification failed");
        }
    }

    fn try_notify_plan_limit(
        &self,
        node: &Node,
        hit: &PlanLimitHit,
        now: NaiveDateTime,
    ) -> RepoResult<()> {
        let org = &node.org_id;
        let last = self.settings.get(org, PLAN_LIMIT_NOTIF_LAST_AT)?;
        if within(parse_stamp(last.as_deref()), PLAN_LIMIT_THROTTLE, now) {
            tracing::debug!(%org, "plan-limit notification throttled");
            return Ok(());
        }
        let notification =
            notifications::plan_limit_reached(hit.plan_name, hit.max_cameras, &hit.skipped);
        self.notifier.create(org, notification, now);
        self.settings
            .set(org, PLAN_LIMIT_NOTIF_LAST_AT, &iso_naive(now), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(free: Option<i64>, total: Option<i64>) -> StorageReport {
        StorageReport {
            disk_free_bytes: free,
            disk_total_bytes: total,
            ..StorageReport::default()
        }
    }

    #[test]
    fn percent_needs_both_numbers_non_zero() {
        assert_eq!(disk_percent_used(&stats(Some(8), Some(100))), Some(92.0));
        assert_eq!(disk_percent_used(&stats(Some(0), Some(100))), None);
        assert_eq!(disk_percent_used(&stats(Some(5), Some(0))), None);
        assert_eq!(disk_percent_used(&stats(None, Some(100))), None);
    }

    #[test]
    fn stamps_parse_leniently() {
        let at = "2026-11-27T12:00:00".parse::<NaiveDateTime>().unwrap();
        assert_eq!(parse_stamp(Some("2026-11-27T12:00:00")), Some(at));
        assert_eq!(parse_stamp(Some("2026-11-27T12:00:00+00:00")), Some(at));
        assert_eq!(parse_stamp(Some("")), None);
        assert_eq!(parse_stamp(Some("garbage")), None);
        assert!(within(
            Some(at),
            DISK_LOW_DEBOUNCE,
            at + TimeDelta::hours(5)
        ));
        assert!(!within(
            Some(at),
            DISK_LOW_DEBOUNCE,
            at + TimeDelta::hours(6)
        ));
        assert!(!within(None, DISK_LOW_DEBOUNCE, at));
        assert!((rounded_1dp(92.04) - 92.0).abs() < f64::EPSILON);
    }
}
