//! Shared pieces of the e-mail tests: a recording fake `Mailer`, an outbox over a temp
//! SQLite file, and a worker over both.

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use sentinel_app::database::{Database, SqlStore};
use sentinel_application::email::{OutboxWorker, WorkerSettings};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::clock::ManualClock;
use sentinel_ports::driven::health::WorkerHeartbeat;
use sentinel_ports::driven::mailer::{Mailer, OutgoingEmail, SendFailure, SendOutcome};
use sentinel_ports::driven::repos::{EmailOutboxRepo, NewOutboxEmail};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

/// What the fake does with the n-th call (0-based); calls past the script succeed.
#[derive(Debug, Clone)]
pub enum Step {
    Deliver,
    Fail(&'static str),
    /// Never answers: the worker is "killed" mid-send.
    Hang,
}

#[derive(Default)]
pub struct RecordingMailer {
    pub attempts: Mutex<Vec<OutgoingEmail>>,
    script: Mutex<Vec<Step>>,
    always_fail: bool,
}

impl RecordingMailer {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn scripted(steps: Vec<Step>) -> Arc<Self> {
        Arc::new(Self {
            script: Mutex::new(steps),
            ..Self::default()
        })
    }

    pub fn failing() -> Arc<Self> {
        Arc::new(Self {
            always_fail: true,
            ..Self::default()
        })
    }

    pub fn keys(&self) -> Vec<String> {
        self.attempts
            .lock()
            .unwrap()
            .iter()
            .map(|email| email.idempotency_key.clone())
            .collect()
    }
}

#[async_trait]
impl Mailer for RecordingMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<SendOutcome, SendFailure> {
        let call = {
            let mut attempts = self.attempts.lock().unwrap();
            attempts.push(email.clone());
            attempts.len() - 1
        };
        if self.always_fail {
            return Err(SendFailure("HttpError: connection refused".into()));
        }
        let step = self.script.lock().unwrap().get(call).cloned();
        match step.unwrap_or(Step::Deliver) {
            Step::Deliver => Ok(SendOutcome::Sent {
                message_id: format!("msg-{}", email.idempotency_key),
            }),
            Step::Fail(error) => Err(SendFailure(error.into())),
            Step::Hang => std::future::pending().await,
        }
    }
}

pub struct Outbox {
    _dir: TempDir,
    pub url: String,
    pub store: Arc<SqlStore>,
    pub clock: Arc<ManualClock>,
}

pub fn org() -> OrgId {
    OrgId::new("org_mail")
}

impl Outbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:///{}", dir.path().join("mail.db").display());
        let store = Arc::new(SqlStore::new(Database::open(&url).unwrap()));
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap(),
        ));
        Self {
            _dir: dir,
            url,
            store,
            clock,
        }
    }

    /// Enqueues one row per recipient, a second apart (so `created_at` orders them).
    pub fn enqueue(&self, recipients: &[&str]) {
        for recipient in recipients {
            let row = NewOutboxEmail {
                recipient_email: (*recipient).to_owned(),
                subject: "[Sentinel] Camera offline: Door".into(),
                body_text: "text".into(),
                body_html: "<p>html</p>".into(),
                kind: "camera_offline".into(),
                notification_id: Some(7),
            };
            self.store
                .enqueue(&org(), &[row], self.clock.now_naive())
                .unwrap();
            self.clock.advance(chrono::Duration::seconds(1));
        }
    }

    pub fn worker(&self, mailer: Arc<dyn Mailer>) -> OutboxWorker {
        self.worker_on(self.store.clone(), mailer)
    }

    pub fn worker_on(&self, store: Arc<SqlStore>, mailer: Arc<dyn Mailer>) -> OutboxWorker {
        OutboxWorker::new(
            store,
            mailer,
            self.clock.clone(),
            Arc::new(WorkerHeartbeat::default()),
            WorkerSettings {
                batch_size: 20,
                max_attempts: 3,
            },
        )
    }
}

pub trait NaiveNow {
    fn now_naive(&self) -> chrono::NaiveDateTime;
}

impl NaiveNow for ManualClock {
    fn now_naive(&self) -> chrono::NaiveDateTime {
        use sentinel_ports::driven::clock::Clock;
        self.now().naive_utc()
    }
}
