//! Housekeeping loops (notifications-email-webhooks.md §12, §13): the daily log cleanup
//! and the operator-only disk check. The rules are use cases
//! (`sentinel_application::retention`, `sentinel_application::disk_check`); this module
//! only schedules them.
//!
//! - Log cleanup, every `LOG_CLEANUP_INTERVAL_HOURS` (24), first run one period after start.
//! - Disk check, every `DISK_CHECK_INTERVAL_SECONDS` (300).

use crate::config::Config;
use crate::loops::LoopRunner;
use crate::probes::DataVolumeProbe;
use sentinel_adapters_http::AppState;
use sentinel_application::blocking::unblock;
use sentinel_application::blocking::unblock_value;
use sentinel_application::disk_check::DiskCheck;
use sentinel_application::retention::{
    RetentionPorts, refresh_plans_of_logged_orgs, run_log_cleanup,
};
use std::sync::Arc;
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
            unblock_value(move || check.run(Instant::now())).await?;
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
            let summary = unblock(move || run_log_cleanup(&ports, now)).await?;
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
