use super::*;
use async_trait::async_trait;
use sentinel_ports::driven::clock::ManualClock;
use sentinel_ports::driven::health::{DiskUsage, IdleRuntime, ProbeFailure};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Default)]
struct FakeDatabase {
    down: AtomicBool,
    pings: AtomicU64,
}

#[async_trait]
impl DatabaseProbe for FakeDatabase {
    async fn ping(&self) -> Result<(), ProbeFailure> {
        self.pings.fetch_add(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            Err(ProbeFailure::new("OperationalError"))
        } else {
            Ok(())
        }
    }
}

struct FakeProvider;

#[async_trait]
impl IdentityProviderProbe for FakeProvider {
    async fn probe(&self) -> ProviderStatus {
        ProviderStatus::Unconfigured
    }
}

struct FakeDisk(u64);

impl DiskProbe for FakeDisk {
    fn usage(&self) -> Result<DiskUsage, (String, ProbeFailure)> {
        Ok(DiskUsage {
            path: ".".into(),
            bytes_used: self.0,
            bytes_free: 100 - self.0,
            bytes_total: 100,
        })
    }
}

struct FakeOutbox(u64);

#[async_trait]
impl OutboxStats for FakeOutbox {
    async fn pending_count(&self) -> Result<u64, ProbeFailure> {
        Ok(self.0)
    }
}

struct Harness {
    database: Arc<FakeDatabase>,
    clock: Arc<ManualClock>,
    heartbeat: Arc<WorkerHeartbeat>,
}

fn service(disk_used: u64, email: EmailHealthConfig) -> (HealthService, Harness) {
    let database = Arc::new(FakeDatabase::default());
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let heartbeat = Arc::new(WorkerHeartbeat::default());
    let probes = HealthProbes {
        database: database.clone(),
        identity_provider: Arc::new(FakeProvider),
        disk: Arc::new(FakeDisk(disk_used)),
        runtime: Arc::new(IdleRuntime),
        outbox: Arc::new(FakeOutbox(3)),
        email_worker: heartbeat.clone(),
        clock: clock.clone(),
    };
    let harness = Harness {
        database,
        clock,
        heartbeat,
    };
    (HealthService::new(probes, email), harness)
}

#[tokio::test]
async fn detailed_has_exactly_the_eight_checks() {
    let (health, _) = service(10, EmailHealthConfig::default());
    let report = health.detailed().await;
    let mut keys: Vec<_> = report["checks"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "clerk",
            "database",
            "disk",
            "email_worker",
            "hls_cache",
            "resend",
            "sse",
            "viewer_usage"
        ]
    );
    assert_eq!(report["status"], "healthy");
    assert_eq!(report["version"], "2.1.2");
    assert_eq!(report["checks"]["resend"]["status"], "disabled");
    assert_eq!(report["checks"]["resend"]["queue_depth"], 3);
    assert_eq!(report["checks"]["email_worker"]["status"], "disabled");
}

#[tokio::test]
async fn database_failure_is_unhealthy_and_names_only_the_class() {
    let (health, harness) = service(10, EmailHealthConfig::default());
    harness.database.down.store(true, Ordering::SeqCst);
    let report = health.detailed().await;
    assert_eq!(report["status"], "unhealthy");
    assert_eq!(
        report["checks"]["database"],
        json!({"status": "critical", "error_class": "OperationalError"})
    );
}

#[tokio::test]
async fn disk_thresholds_warn_then_fail() {
    let (health, _) = service(85, EmailHealthConfig::default());
    assert_eq!(health.detailed().await["status"], "degraded");
    let (health, _) = service(95, EmailHealthConfig::default());
    let report = health.detailed().await;
    assert_eq!(report["status"], "unhealthy");
    assert_eq!(report["checks"]["disk"]["percent_used"], 95.0);
}

#[tokio::test]
async fn resend_reports_unconfigured_and_ok() {
    let enabled = |configured| EmailHealthConfig {
        enabled: true,
        resend_configured: configured,
    };
    let (health, _) = service(10, enabled(false));
    assert_eq!(
        health.detailed().await["checks"]["resend"]["status"],
        "unconfigured"
    );
    let (health, _) = service(10, enabled(true));
    assert_eq!(health.detailed().await["checks"]["resend"]["status"], "ok");
}

#[tokio::test]
async fn ready_is_cached_for_thirty_seconds_unless_nocache() {
    let (health, harness) = service(10, EmailHealthConfig::default());
    assert!(health.ready(false).await.ready);
    harness.database.down.store(true, Ordering::SeqCst);
    assert!(health.ready(false).await.ready, "served from cache");
    assert_eq!(harness.database.pings.load(Ordering::SeqCst), 1);
    assert!(
        health.ready(true).await.ready,
        "probes run at most every {PROBE_MIN_INTERVAL_SECONDS} s, nocache or not"
    );
    assert_eq!(harness.database.pings.load(Ordering::SeqCst), 1);
    harness
        .clock
        .advance(chrono::Duration::seconds(PROBE_MIN_INTERVAL_SECONDS));
    assert!(!health.ready(true).await.ready, "nocache re-probes");
    harness.clock.advance(chrono::Duration::seconds(31));
    let report = health.ready(false).await;
    assert!(!report.ready);
    assert_eq!(report.body["checks"].as_object().unwrap().len(), 4);
}

#[tokio::test]
async fn a_stale_email_worker_fails_readiness() {
    let config = EmailHealthConfig {
        enabled: true,
        resend_configured: true,
    };
    let (health, harness) = service(10, config);
    harness.heartbeat.beat(harness.clock.now());
    assert!(health.ready(true).await.ready);
    harness.clock.advance(chrono::Duration::seconds(61));
    let report = health.ready(true).await;
    assert!(!report.ready);
    assert_eq!(
        report.body["checks"]["email_worker"]["error_class"],
        "WorkerStale"
    );
}

#[tokio::test]
async fn detailed_lists_the_singleton_loops_this_instance_holds_once_reported() {
    let (health, _) = service(10, EmailHealthConfig::default());
    assert!(health.detailed().await.get("singleton_loops").is_none());
    health.report_singleton_loops(Arc::new(|| vec!["email_worker", "offline_sweep"]));
    assert_eq!(
        health.detailed().await["singleton_loops"],
        json!(["email_worker", "offline_sweep"])
    );
}

#[tokio::test]
async fn a_worker_standing_by_for_another_instance_is_healthy() {
    let email = EmailHealthConfig {
        enabled: true,
        resend_configured: true,
    };
    let (health, harness) = service(10, email);
    harness.heartbeat.stand_by(harness.clock.now());
    let report = health.detailed().await;
    assert_eq!(report["status"], "healthy");
    assert_eq!(
        report["checks"]["email_worker"],
        json!({"status": "ok", "tick_age_seconds": 0.0, "note": "standby"})
    );
    harness.heartbeat.beat(harness.clock.now());
    assert!(
        health.detailed().await["checks"]["email_worker"]
            .get("note")
            .is_none()
    );
}
