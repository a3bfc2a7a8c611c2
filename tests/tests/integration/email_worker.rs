//! The outbox drain over real SQLite: order, idempotency keys, retries, suppression,
//! the kill switch, and no e-mail lost or sent twice across a worker restart.

use crate::email_common::{NaiveNow, Outbox, RecordingMailer, Step, org};
use sentinel_adapters_resend::{ResendMailer, ResendSettings};
use sentinel_app::database::{Database, SqlStore};
use sentinel_application::email::DrainSummary;
use sentinel_ports::driven::repos::{EmailOutboxRepo, OutboxStatus, Suppression};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn pending_rows_are_sent_oldest_first_with_a_stable_key_per_row_and_logged() {
    let outbox = Outbox::new();
    outbox.enqueue(&["a@example.com", "b@example.com", "c@example.com"]);
    let mailer = RecordingMailer::new();
    let summary = outbox.worker(mailer.clone()).tick().await.unwrap();
    assert_eq!(
        summary,
        DrainSummary {
            sent: 3,
            ..Default::default()
        }
    );
    let rows = outbox.store.list_outbox(&org()).unwrap();
    let expected: Vec<String> = rows.iter().map(|r| format!("outbox-{}", r.id)).collect();
    assert_eq!(mailer.keys(), expected);
    let recipients: Vec<String> = mailer
        .attempts
        .lock()
        .unwrap()
        .iter()
        .map(|m| m.to.clone())
        .collect();
    assert_eq!(
        recipients,
        ["a@example.com", "b@example.com", "c@example.com"]
    );
    for row in &rows {
        assert_eq!(row.status, OutboxStatus::Sent);
        assert_eq!(row.attempts, 1);
        assert!(row.sent_at.is_some());
        assert_eq!(
            row.resend_message_id.as_deref(),
            Some(format!("msg-outbox-{}", row.id).as_str())
        );
    }
    let log = outbox.store.list_log(&org()).unwrap();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|entry| entry.status == "sent"));
    // Nothing left: the next tick is empty.
    let again = outbox.worker(mailer.clone()).tick().await.unwrap();
    assert_eq!(again, DrainSummary::default());
    assert_eq!(mailer.keys().len(), 3);
}

#[tokio::test]
async fn a_transient_failure_is_retried_next_tick_with_the_same_key() {
    let outbox = Outbox::new();
    outbox.enqueue(&["a@example.com"]);
    let mailer = RecordingMailer::scripted(vec![Step::Fail("HttpError: timeout")]);
    let worker = outbox.worker(mailer.clone());
    assert_eq!(worker.tick().await.unwrap(), DrainSummary::default());
    let row = &outbox.store.list_outbox(&org()).unwrap()[0];
    assert_eq!(row.status, OutboxStatus::Pending);
    assert_eq!(row.attempts, 1);
    assert_eq!(row.error.as_deref(), Some("HttpError: timeout"));
    assert!(
        outbox.store.list_log(&org()).unwrap().is_empty(),
        "mid-retry not logged"
    );
    assert_eq!(worker.tick().await.unwrap().sent, 1);
    let row = &outbox.store.list_outbox(&org()).unwrap()[0];
    assert_eq!(row.status, OutboxStatus::Sent);
    assert_eq!(row.attempts, 2);
    assert_eq!(row.error, None);
    let keys = mailer.keys();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1]);
}

#[tokio::test]
async fn a_row_that_keeps_failing_is_failed_at_max_attempts_and_logged_once() {
    let outbox = Outbox::new();
    outbox.enqueue(&["a@example.com"]);
    let mailer = RecordingMailer::failing();
    let worker = outbox.worker(mailer.clone());
    assert_eq!(worker.tick().await.unwrap().failed, 0);
    assert_eq!(worker.tick().await.unwrap().failed, 0);
    assert_eq!(worker.tick().await.unwrap().failed, 1);
    assert_eq!(worker.tick().await.unwrap(), DrainSummary::default());
    let row = &outbox.store.list_outbox(&org()).unwrap()[0];
    assert_eq!(row.status, OutboxStatus::Failed);
    assert_eq!(row.attempts, 3);
    assert_eq!(row.error.as_deref(), Some("HttpError: connection refused"));
    assert_eq!(mailer.keys().len(), 3);
    let log = outbox.store.list_log(&org()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, "failed");
}

#[tokio::test]
async fn a_suppressed_address_is_skipped_case_insensitively_and_logged() {
    let outbox = Outbox::new();
    outbox
        .store
        .suppress_global(
            &Suppression {
                address: "Bounced@Example.com".into(),
                reason: "bounce".into(),
                source: "resend_webhook".into(),
            },
            outbox.clock.now_naive(),
        )
        .unwrap();
    outbox.enqueue(&["BOUNCED@example.COM", "ok@example.com"]);
    let mailer = RecordingMailer::new();
    let summary = outbox.worker(mailer.clone()).tick().await.unwrap();
    assert_eq!((summary.sent, summary.suppressed), (1, 1));
    assert_eq!(
        mailer.attempts.lock().unwrap()[0].to,
        "ok@example.com",
        "only the unsuppressed address is sent"
    );
    let rows = outbox.store.list_outbox(&org()).unwrap();
    assert_eq!(rows[0].status, OutboxStatus::Suppressed);
    assert_eq!(
        rows[0].error.as_deref(),
        Some("address_suppressed: reason=bounce")
    );
    let log = outbox.store.list_log(&org()).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].status, "suppressed");
}

#[tokio::test]
async fn the_kill_switch_sends_nothing_and_marks_rows_sent_without_a_message_id() {
    let outbox = Outbox::new();
    outbox.enqueue(&["a@example.com", "b@example.com"]);
    // Nothing listens on this port: any real request would fail the rows.
    let mailer = ResendMailer::new(ResendSettings {
        enabled: false,
        api_key: "re_test".into(),
        from_address: "notifications@example.com".into(),
        from_name: "Sentinel".into(),
        base_url: "http://127.0.0.1:9".into(),
    })
    .unwrap();
    let (logs, _guard) = capture_logs();
    let summary = outbox.worker(Arc::new(mailer)).tick().await.unwrap();
    assert_eq!(summary.sent, 2);
    for row in outbox.store.list_outbox(&org()).unwrap() {
        assert_eq!(row.status, OutboxStatus::Sent);
        assert_eq!(row.resend_message_id, None);
    }
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.matches("would have sent").count(), 2, "{logs}");
    assert!(
        logs.contains("a***@example.com"),
        "addresses are redacted: {logs}"
    );
    assert!(!logs.contains("a@example.com"), "{logs}");
}

/// The worker dies while sending the second of three rows (after the first was sent) and a
/// new process restarts on the same SQLite file: the in-flight row stays `sending` until it
/// is 60 s old, is then reclaimed and re-sent with the same Idempotency-Key (the provider
/// drops the repeat), the third row is sent once, the first never again.
#[tokio::test]
async fn a_worker_killed_mid_drain_loses_nothing_and_sends_nothing_twice_after_restart() {
    let outbox = Outbox::new();
    outbox.enqueue(&["a@example.com", "b@example.com", "c@example.com"]);
    let ids: Vec<i64> = outbox
        .store
        .list_outbox(&org())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let first_life = RecordingMailer::scripted(vec![Step::Deliver, Step::Hang]);
    let worker = outbox.worker(first_life.clone());
    let killed = tokio::time::timeout(Duration::from_millis(300), worker.tick()).await;
    assert!(killed.is_err(), "the first worker hangs mid-send");
    drop(worker);
    let statuses = |store: &SqlStore| -> Vec<OutboxStatus> {
        store
            .list_outbox(&org())
            .unwrap()
            .iter()
            .map(|r| r.status)
            .collect()
    };
    assert_eq!(
        statuses(&outbox.store),
        [
            OutboxStatus::Sent,
            OutboxStatus::Sending,
            OutboxStatus::Sending
        ]
    );

    // A new process: a fresh pool on the same file, a fresh mailer.
    let restarted = Arc::new(SqlStore::new(Database::open(&outbox.url).unwrap()));
    let second_life = RecordingMailer::new();
    let worker = outbox.worker_on(restarted.clone(), second_life.clone());
    outbox.clock.advance(chrono::Duration::seconds(59));
    assert_eq!(
        worker.tick().await.unwrap(),
        DrainSummary::default(),
        "rows in flight for less than 60 s are left alone"
    );
    outbox.clock.advance(chrono::Duration::seconds(2));
    let summary = worker.tick().await.unwrap();
    assert_eq!((summary.reclaimed, summary.sent), (2, 2));
    assert_eq!(statuses(&restarted), [OutboxStatus::Sent; 3]);

    let key = |id: i64| format!("outbox-{id}");
    assert_eq!(first_life.keys(), [key(ids[0]), key(ids[1])]);
    assert_eq!(second_life.keys(), [key(ids[1]), key(ids[2])]);
    // Delivered = distinct keys the provider accepted: each row exactly once.
    let mut delivered: Vec<String> = first_life.keys();
    delivered.extend(second_life.keys());
    delivered.sort();
    delivered.dedup();
    assert_eq!(delivered, ids.iter().map(|id| key(*id)).collect::<Vec<_>>());
    for row in restarted.list_outbox(&org()).unwrap() {
        assert_eq!(
            row.attempts, 1,
            "the interrupted attempt was never finished"
        );
    }
    assert_eq!(restarted.list_log(&org()).unwrap().len(), 3);
    // And nothing more happens later.
    outbox.clock.advance(chrono::Duration::seconds(120));
    assert_eq!(worker.tick().await.unwrap(), DrainSummary::default());
    assert_eq!(second_life.keys().len(), 2);
}

type Captured = Arc<std::sync::Mutex<Vec<u8>>>;

/// Log lines of this thread (the current-thread test runtime runs the tick here).
fn capture_logs() -> (Captured, tracing::subscriber::DefaultGuard) {
    let buffer: Captured = Arc::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || CaptureWriter(writer.clone()))
        .finish();
    (buffer, tracing::subscriber::set_default(subscriber))
}

struct CaptureWriter(Captured);

impl std::io::Write for CaptureWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The assembled worker stamps the heartbeat the health report reads.
#[actix_web::test]
async fn the_assembled_worker_stamps_the_health_reports_email_worker_heartbeat() {
    use chrono::TimeZone;
    use sentinel_ports::driven::clock::ManualClock;
    let dir = tempfile::tempdir().unwrap();
    let env: std::collections::HashMap<&str, String> = [
        ("EMAIL_ENABLED", "true".to_owned()),
        (
            "DATABASE_URL",
            format!("sqlite:///{}", dir.path().join("h.db").display()),
        ),
    ]
    .into_iter()
    .collect();
    let config =
        sentinel_app::config::Config::from_source(&move |name| env.get(name).cloned()).unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
            .unwrap(),
    ));
    let assembly = sentinel_app::wiring::assemble(&config, clock.clone())
        .await
        .unwrap();
    let report = assembly.state.health.detailed().await;
    assert_eq!(
        report["checks"]["email_worker"]["tick_age_seconds"],
        serde_json::Value::Null
    );
    assembly.email_worker.tick().await.unwrap();
    clock.advance(chrono::Duration::seconds(3));
    let report = assembly.state.health.detailed().await;
    assert_eq!(report["checks"]["email_worker"]["status"], "ok");
    assert_eq!(report["checks"]["email_worker"]["tick_age_seconds"], 3.0);
}
