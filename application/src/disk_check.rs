//! The operator-only disk check (notifications-email-webhooks.md §12): usage of the data
//! volume at or above the threshold (95 %) logs one error for the operator, again no sooner
//! than the re-emit interval (6 h) later; dropping below the threshold resets that. Never a
//! customer notification (it is not any one org's disk). The app runs it every 300 s.

use sentinel_ports::driven::health::DiskProbe;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What one disk check did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DiskCheckOutcome {
    /// Below the threshold (the debounce is reset).
    Healthy { percent_used: f64 },
    /// At or above the threshold: the operator alert was logged.
    Alerted { percent_used: f64 },
    /// At or above the threshold, but an alert went out less than the re-emit interval ago.
    Debounced { percent_used: f64 },
    /// The volume could not be read (a warning, no alert).
    ProbeFailed,
}

/// The disk check with its re-emit memory (per process).
pub struct DiskCheck {
    probe: Arc<dyn DiskProbe>,
    threshold_percent: f64,
    reemit_after: Duration,
    last_alert: Mutex<Option<Instant>>,
}

impl DiskCheck {
    pub fn new(probe: Arc<dyn DiskProbe>, threshold_percent: f64, reemit_after: Duration) -> Self {
        Self {
            probe,
            threshold_percent,
            reemit_after,
            last_alert: Mutex::new(None),
        }
    }

    /// Checks once. **Blocking** (a filesystem stat).
    pub fn run(&self, now: Instant) -> DiskCheckOutcome {
        let usage = match self.probe.usage() {
            Ok(usage) => usage,
            Err((path, failure)) => {
                tracing::warn!(%path, error_class = %failure.error_class, "disk check failed");
                return DiskCheckOutcome::ProbeFailed;
            }
        };
        if usage.bytes_total == 0 {
            tracing::warn!(path = %usage.path, "disk check: volume reports zero size");
            return DiskCheckOutcome::ProbeFailed;
        }
        let percent_used = usage.bytes_used as f64 / usage.bytes_total as f64 * 100.0;
        let mut last_alert = self
            .last_alert
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if percent_used < self.threshold_percent {
            *last_alert = None;
            return DiskCheckOutcome::Healthy { percent_used };
        }
        if last_alert.is_some_and(|at| now.saturating_duration_since(at) < self.reemit_after) {
            return DiskCheckOutcome::Debounced { percent_used };
        }
        *last_alert = Some(now);
        let free_gb = usage.bytes_free as f64 / 1_073_741_824.0;
        tracing::error!(
            alert = "disk_critical",
            path = %usage.path,
            percent_used = format!("{percent_used:.1}"),
            free_gb = format!("{free_gb:.2}"),
            threshold_percent = self.threshold_percent,
            "data volume almost full"
        );
        DiskCheckOutcome::Alerted { percent_used }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentinel_ports::driven::health::{DiskUsage, ProbeFailure};

    /// A volume whose usage the test sets (percent used; `None`: the stat fails).
    struct FakeVolume(Mutex<Option<u64>>);

    impl FakeVolume {
        fn set(&self, percent: Option<u64>) {
            *self.0.lock().unwrap() = percent;
        }
    }

    impl DiskProbe for FakeVolume {
        fn usage(&self) -> Result<DiskUsage, (String, ProbeFailure)> {
            match *self.0.lock().unwrap() {
                Some(percent) => Ok(DiskUsage {
                    path: "/data".to_owned(),
                    bytes_used: percent * 1_000,
                    bytes_free: (100 - percent) * 1_000,
                    bytes_total: 100_000,
                }),
                None => Err(("/data".to_owned(), ProbeFailure::new("NotFound"))),
            }
        }
    }

    fn check_at(percent: Option<u64>) -> (Arc<FakeVolume>, DiskCheck) {
        let volume = Arc::new(FakeVolume(Mutex::new(percent)));
        let check = DiskCheck::new(volume.clone(), 95.0, Duration::from_secs(21_600));
        (volume, check)
    }

    fn alerted(outcome: DiskCheckOutcome) -> bool {
        matches!(outcome, DiskCheckOutcome::Alerted { .. })
    }

    #[test]
    fn below_the_threshold_nothing_is_logged() {
        let (_, check) = check_at(Some(50));
        assert_eq!(
            check.run(Instant::now()),
            DiskCheckOutcome::Healthy { percent_used: 50.0 }
        );
        let (_, check) = check_at(Some(94));
        assert!(!alerted(check.run(Instant::now())), "just below");
    }

    #[test]
    fn over_the_threshold_alerts_once_per_reemit_interval() {
        let (_, check) = check_at(Some(97));
        let start = Instant::now();
        assert!(alerted(check.run(start)));
        assert!(
            matches!(
                check.run(start + Duration::from_secs(1)),
                DiskCheckOutcome::Debounced { .. }
            ),
            "an immediate recheck does not re-emit"
        );
        assert!(alerted(check.run(start + Duration::from_secs(21_600))));
    }

    #[test]
    fn recovery_clears_the_debounce() {
        let (volume, check) = check_at(Some(96));
        let start = Instant::now();
        assert!(alerted(check.run(start)));
        volume.set(Some(50));
        assert!(!alerted(check.run(start + Duration::from_secs(1))));
        volume.set(Some(96));
        assert!(alerted(check.run(start + Duration::from_secs(2))));
    }

    #[test]
    fn a_failing_stat_is_no_alert() {
        let (_, check) = check_at(None);
        assert_eq!(check.run(Instant::now()), DiskCheckOutcome::ProbeFailed);
    }
}
