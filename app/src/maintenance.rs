//! Housekeeping loops (notifications-email-webhooks.md §12, §13): the daily log cleanup
//! and the operator-only disk check.
//!
//! - Log cleanup, every `LOG_CLEANUP_INTERVAL_HOURS` (24), first run one period after start:
//!   per-plan retention of the org logs, then the global outbox / webhook-ledger trims.
//! - Disk check, every `DISK_CHECK_INTERVAL_SECONDS` (300): usage of the data volume at or
//!   above `DISK_CRITICAL_THRESHOLD_PERCENT` (95) logs one error for the operator, again no
//!   sooner than `DISK_CRITICAL_REEMIT_INTERVAL_SECONDS` (6 h) later; dropping below the
//!   threshold resets that. Never a customer notification (it is not any one org's disk).

use crate::config::Config;
use crate::loops::{LoopRunner, TickError};
use crate::probes::DataVolumeProbe;
use sentinel_adapters_http::AppState;
use sentinel_application::plan_lookup::PlanLookup;
use sentinel_application::retention::{RetentionPorts, run_log_cleanup};
use sentinel_ports::driven::health::DiskProbe;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Starts the log-cleanup and disk-check loops.
pub fn start_maintenance_loops(loops: &mut LoopRunner, config: &Config, state: &AppState) {
    start_log_cleanup(loops, config, state);
    let check = Arc::new(DiskCheck::new(
        Arc::new(DataVolumeProbe::detect()),
        config.loops.disk_critical_threshold_percent,
        Duration::from_secs(config.loops.disk_critical_reemit_interval_seconds),
    ));
    let every = Duration::from_secs(config.loops.disk_check_interval_seconds.max(1));
    loops.spawn("disk_check", every, move || {
        let check = check.clone();
        async move {
            tokio::task::spawn_blocking(move || check.run(Instant::now())).await?;
            Ok(())
        }
    });
}

fn start_log_cleanup(loops: &mut LoopRunner, config: &Config, state: &AppState) {
    let ports = retention_ports(state);
    let clock = state.clock.clone();
    let lookup = state.plan_lookup.clone();
    let hours = config.loops.log_cleanup_interval_hours.max(1);
    let every = Duration::from_secs(hours.saturating_mul(3_600));
    loops.spawn_singleton("log_cleanup", every, move || {
        let (ports, now, lookup) = (ports.clone(), clock.now().naive_utc(), lookup.clone());
        async move {
            if let Some(lookup) = lookup {
                refresh_plans_of_logged_orgs(&ports, &lookup).await?;
            }
            let summary =
                tokio::task::spawn_blocking(move || run_log_cleanup(&ports, now)).await??;
            tracing::info!(
                orgs = summary.orgs_processed,
                deleted = summary.total_deleted,
                totals = ?summary.totals,
                "log cleanup done"
            );
            Ok(())
        }
    });
}

/// Asks Clerk for the plan of every logged org whose stored plan is free or missing before
/// the cleanup reads it: a paying org whose Setting was never written must not lose the
/// logs its plan keeps. Throttled per org like any lookup; errors keep the stored plan.
async fn refresh_plans_of_logged_orgs(
    ports: &RetentionPorts,
    lookup: &Arc<PlanLookup>,
) -> Result<(), TickError> {
    let retention = ports.retention.clone();
    let orgs = tokio::task::spawn_blocking(move || retention.orgs_with_logs()).await??;
    for org in &orgs {
        if let Err(error) = lookup.resolve_now(org).await {
            tracing::warn!(%org, %error, "plan refresh before log cleanup failed");
        }
    }
    Ok(())
}

/// The stores the log cleanup deletes from.
pub fn retention_ports(state: &AppState) -> RetentionPorts {
    RetentionPorts {
        settings: state.repos.settings.clone(),
        stream_logs: state.repos.stream_logs.clone(),
        audit: state.repos.audit.clone(),
        motion: state.repos.motion.clone(),
        retention: state.repos.retention.clone(),
    }
}

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
