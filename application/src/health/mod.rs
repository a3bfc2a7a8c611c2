//! `/api/health/detailed` and `/api/health/ready`: probe everything, roll up, expose no
//! identifiers and no exception text (class names only).

use chrono::{DateTime, SecondsFormat, Utc};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::health::{
    DatabaseProbe, DiskProbe, IdentityProviderProbe, OutboxStats, ProviderStatus, RuntimeStats,
    WorkerHeartbeat,
};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

pub const APP_VERSION: &str = "2.1.2";

const DISK_CRITICAL_PERCENT: f64 = 95.0;
const DISK_WARN_PERCENT: f64 = 80.0;
const WORKER_STARTUP_GRACE_SECONDS: f64 = 30.0;
const WORKER_STALE_AFTER_SECONDS: f64 = 60.0;
const PENDING_VIEWER_WRITES_WARN: u64 = 100_000;
const READY_CACHE_SECONDS: i64 = 30;
/// The probes that leave the process (a database query, a call to Clerk) run at most this
/// often, however often they are asked for: the readiness probe's `nocache` is reachable
/// without credentials, and a probe per request would make every caller an amplifier.
pub const PROBE_MIN_INTERVAL_SECONDS: i64 = 5;

/// Everything the health report reads.
pub struct HealthProbes {
    pub database: Arc<dyn DatabaseProbe>,
    pub identity_provider: Arc<dyn IdentityProviderProbe>,
    pub disk: Arc<dyn DiskProbe>,
    pub runtime: Arc<dyn RuntimeStats>,
    pub outbox: Arc<dyn OutboxStats>,
    pub email_worker: Arc<WorkerHeartbeat>,
    pub clock: Arc<dyn Clock>,
}

/// The e-mail settings health reports on.
#[derive(Debug, Clone, Default)]
pub struct EmailHealthConfig {
    pub enabled: bool,
    pub resend_configured: bool,
}

pub struct HealthService {
    probes: HealthProbes,
    email: EmailHealthConfig,
    started_at: DateTime<Utc>,
    started: Instant,
    ready_cache: Mutex<Option<(DateTime<Utc>, ReadyReport)>>,
    /// The last core probe run; held across a run so concurrent askers share it.
    probe_cache: tokio::sync::Mutex<Option<RemoteChecks>>,
    singleton_loops: OnceLock<SingletonLoops>,
}

/// The singleton background loops this instance runs now (it holds their leases).
pub type SingletonLoops = Arc<dyn Fn() -> Vec<&'static str> + Send + Sync>;

#[derive(Debug, Clone, PartialEq)]
pub struct ReadyReport {
    pub ready: bool,
    pub body: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Ok,
    Warn,
    Critical,
}

/// When the remote probes last ran, and what the database and Clerk answered.
type RemoteChecks = (DateTime<Utc>, (Check, Check));

#[derive(Clone)]
struct Check {
    level: Level,
    body: Value,
}

impl HealthService {
    pub fn new(probes: HealthProbes, email: EmailHealthConfig) -> Self {
        let started_at = probes.clock.now();
        Self {
            probes,
            email,
            started_at,
            started: Instant::now(),
            ready_cache: Mutex::new(None),
            probe_cache: tokio::sync::Mutex::new(None),
            singleton_loops: OnceLock::new(),
        }
    }

    /// Once the loops run: the detailed report then lists the singleton loops this
    /// instance holds, so an operator (or a test) sees which instance runs which.
    pub fn report_singleton_loops(&self, held: SingletonLoops) {
        let _set_once = self.singleton_loops.set(held);
    }

    /// Always answered with 200: the status field carries the verdict.
    pub async fn detailed(&self) -> Value {
        let core = self.core_checks().await;
        let runtime = &self.probes.runtime;
        let pending = runtime.pending_viewer_writes();
        let viewer_level = if pending > PENDING_VIEWER_WRITES_WARN {
            Level::Warn
        } else {
            Level::Ok
        };
        let status = roll_up(&core, viewer_level);
        let now = self.probes.clock.now();
        let mut report = json!({
            "status": status,
            "version": APP_VERSION,
            "uptime_seconds": self.uptime_seconds(),
            "started_at": self.started_at.to_rfc3339_opts(SecondsFormat::Micros, false),
            "time": now.to_rfc3339_opts(SecondsFormat::Micros, false),
            "checks": {
                "database": core.database.body,
                "clerk": core.clerk.body,
                "disk": core.disk.body,
                "email_worker": core.email_worker.body,
                "hls_cache": {
                    "status": "ok",
                    "playlists_cached": runtime.playlists_cached(),
                    "segment_cameras": runtime.segment_cameras(),
                },
                "viewer_usage": {
                    "status": if viewer_level == Level::Warn { "warn" } else { "ok" },
                    "pending_writes": pending,
                },
                "sse": {
                    "status": "ok",
                    "subscriber_orgs": runtime.notification_subscriber_orgs(),
                    "subscriber_total": runtime.notification_subscribers(),
                },
                "resend": self.resend_check().await,
            },
        });
        if let Some(held) = self.singleton_loops.get() {
            report["singleton_loops"] = json!(held());
        }
        report
    }

    /// Ready unless a core probe is critical; cached for 30 s unless `nocache`.
    pub async fn ready(&self, nocache: bool) -> ReadyReport {
        let now = self.probes.clock.now();
        if let Some(cached) = self.cached_ready(now).filter(|_| !nocache) {
            return cached;
        }
        let core = self.core_checks().await;
        let ready = [&core.database, &core.clerk, &core.disk, &core.email_worker]
            .iter()
            .all(|check| check.level != Level::Critical);
        let report = ReadyReport {
            ready,
            body: json!({
                "ready": ready,
                "checks": {
                    "database": core.database.body,
                    "clerk": core.clerk.body,
                    "disk": core.disk.body,
                    "email_worker": core.email_worker.body,
                },
                "version": APP_VERSION,
                "uptime_seconds": self.uptime_seconds(),
            }),
        };
        if let Ok(mut cache) = self.ready_cache.lock() {
            *cache = Some((now, report.clone()));
        }
        report
    }

    fn cached_ready(&self, now: DateTime<Utc>) -> Option<ReadyReport> {
        let cache = self.ready_cache.lock().ok()?;
        let (at, report) = cache.as_ref()?;
        (now.signed_duration_since(*at).num_seconds() < READY_CACHE_SECONDS).then(|| report.clone())
    }

    fn uptime_seconds(&self) -> f64 {
        (self.started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0
    }

    async fn core_checks(&self) -> CoreChecks {
        let (database, clerk) = self.remote_checks().await;
        CoreChecks {
            database,
            clerk,
            disk: self.disk_check(),
            email_worker: self.email_worker_check(),
        }
    }

    /// The probes that leave the process (a database query, a call to Clerk), run at most
    /// every [`PROBE_MIN_INTERVAL_SECONDS`]; concurrent askers share one run.
    async fn remote_checks(&self) -> (Check, Check) {
        let mut cache = self.probe_cache.lock().await;
        let now = self.probes.clock.now();
        if let Some((at, checks)) = cache.as_ref()
            && now.signed_duration_since(*at).num_seconds() < PROBE_MIN_INTERVAL_SECONDS
        {
            return checks.clone();
        }
        let checks = (self.database_check().await, self.clerk_check().await);
        *cache = Some((now, checks.clone()));
        checks
    }

    async fn database_check(&self) -> Check {
        let started = Instant::now();
        match self.probes.database.ping().await {
            Ok(()) => Check {
                level: Level::Ok,
                body: json!({"status": "ok", "latency_ms": millis(started)}),
            },
            Err(failure) => {
                critical(json!({"status": "critical", "error_class": failure.error_class}))
            }
        }
    }

    async fn clerk_check(&self) -> Check {
        match self.probes.identity_provider.probe().await {
            ProviderStatus::Unconfigured => Check {
                level: Level::Ok,
                body: json!({"status": "unconfigured"}),
            },
            ProviderStatus::Ok { latency_ms } => Check {
                level: Level::Ok,
                body: json!({"status": "ok", "latency_ms": latency_ms}),
            },
            ProviderStatus::TimedOut { timeout_seconds } => critical(json!({
                "status": "critical", "error_class": "Timeout", "timeout_seconds": timeout_seconds,
            })),
            ProviderStatus::Failed(failure) => {
                critical(json!({"status": "critical", "error_class": failure.error_class}))
            }
        }
    }

    fn disk_check(&self) -> Check {
        match self.probes.disk.usage() {
            Ok(usage) => {
                let percent = if usage.bytes_total == 0 {
                    0.0
                } else {
                    usage.bytes_used as f64 * 100.0 / usage.bytes_total as f64
                };
                let percent = (percent * 10.0).round() / 10.0;
                let (level, status) = if percent >= DISK_CRITICAL_PERCENT {
                    (Level::Critical, "critical")
                } else if percent >= DISK_WARN_PERCENT {
                    (Level::Warn, "warn")
                } else {
                    (Level::Ok, "ok")
                };
                Check {
                    level,
                    body: json!({
                        "status": status,
                        "path": usage.path,
                        "bytes_used": usage.bytes_used,
                        "bytes_free": usage.bytes_free,
                        "bytes_total": usage.bytes_total,
                        "percent_used": percent,
                    }),
                }
            }
            Err((path, failure)) => critical(json!({
                "status": "critical", "path": path, "error_class": failure.error_class,
            })),
        }
    }

    fn email_worker_check(&self) -> Check {
        if !self.email.enabled {
            return Check {
                level: Level::Ok,
                body: json!({"status": "disabled"}),
            };
        }
        let uptime = self.uptime_seconds();
        let Some(last_tick) = self.probes.email_worker.last_tick() else {
            if uptime < WORKER_STARTUP_GRACE_SECONDS {
                return Check {
                    level: Level::Ok,
                    body: json!({"status": "ok", "tick_age_seconds": null, "note": "startup grace"}),
                };
            }
            return critical(json!({
                "status": "critical", "tick_age_seconds": null,
                "error_class": "WorkerNeverTicked", "uptime_seconds": uptime,
            }));
        };
        let age = self.probes.clock.now().signed_duration_since(last_tick);
        let age_seconds = (age.num_milliseconds() as f64 / 1000.0 * 10.0).round() / 10.0;
        if age_seconds > WORKER_STALE_AFTER_SECONDS {
            return critical(json!({
                "status": "critical", "tick_age_seconds": age_seconds,
                "stale_after_seconds": WORKER_STALE_AFTER_SECONDS, "error_class": "WorkerStale",
            }));
        }
        let body = if self.probes.email_worker.standing_by() {
            json!({"status": "ok", "tick_age_seconds": age_seconds, "note": "standby"})
        } else {
            json!({"status": "ok", "tick_age_seconds": age_seconds})
        };
        Check {
            level: Level::Ok,
            body,
        }
    }

    async fn resend_check(&self) -> Value {
        let status = if !self.email.enabled {
            "disabled"
        } else if !self.email.resend_configured {
            "unconfigured"
        } else {
            "ok"
        };
        let queue_depth = match self.probes.outbox.pending_count().await {
            Ok(depth) => i64::try_from(depth).unwrap_or(i64::MAX),
            Err(_) => -1,
        };
        json!({"status": status, "queue_depth": queue_depth})
    }
}

struct CoreChecks {
    database: Check,
    clerk: Check,
    disk: Check,
    email_worker: Check,
}

fn critical(body: Value) -> Check {
    Check {
        level: Level::Critical,
        body,
    }
}

fn millis(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// Any core probe critical → unhealthy; disk or viewer usage warning → degraded.
fn roll_up(core: &CoreChecks, viewer_usage: Level) -> &'static str {
    let worst_core = [&core.database, &core.clerk, &core.disk, &core.email_worker]
        .iter()
        .map(|check| check.level)
        .max()
        .unwrap_or(Level::Ok);
    if worst_core == Level::Critical {
        "unhealthy"
    } else if core.disk.level == Level::Warn || viewer_usage == Level::Warn {
        "degraded"
    } else {
        "healthy"
    }
}

#[cfg(test)]
mod tests;
