//! The e-mail side-channel assembled: templates, the Resend transport, the recipient
//! directory, the enqueuer (a background task on the notification bus) and the outbox worker
//! (a loop started by `serve`).

use crate::config::Config;
use crate::database::{Database, SqlStore};
use crate::loops::{LoopRunner, TickError};
use sentinel_adapters_clerk::ClerkOrgDirectory;
use sentinel_adapters_memory::BroadcastNotificationEvents;
use sentinel_adapters_resend::{AskamaRenderer, ResendMailer, ResendSettings};
use sentinel_application::blocking::unblock;
use sentinel_application::email::motion_cooldown;
use sentinel_application::email::{
    EmailEnqueuer, EmailService, EnqueuePorts, OutboxWorker, RecipientDirectory, UnsubscribeTokens,
    WorkerSettings,
};
use sentinel_application::notifications::Notifier;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::health::WorkerHeartbeat;
use sentinel_ports::driven::org_directory::{
    OrgDirectory, StaticOrgDirectory, UnavailableOrgDirectory,
};
use sentinel_ports::driven::repos::Repositories;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("RESEND_BASE_URL: {0}")]
pub struct EmailSetupError(#[from] sentinel_adapters_resend::InvalidBaseUrl);

pub struct EmailParts {
    pub service: Arc<EmailService>,
    pub enqueuer: Arc<EmailEnqueuer>,
    pub worker: Arc<OutboxWorker>,
    pub motion_digest: Arc<MotionDigest>,
}

/// The motion digest pass (§6), for the `motion_digest` loop.
pub struct MotionDigest {
    digest: Arc<motion_cooldown::MotionDigest>,
    clock: Arc<dyn Clock>,
    email_enabled: bool,
}

impl MotionDigest {
    pub async fn tick(&self) -> Result<usize, TickError> {
        let digest = self.digest.clone();
        let (enabled, now) = (self.email_enabled, self.clock.now().naive_utc());
        let raised = unblock(move || digest.run_digest(enabled, now)).await?;
        Ok(raised)
    }
}

/// The motion digest every `MOTION_DIGEST_INTERVAL_SECONDS` (min 1).
pub fn start_motion_digest(loops: &mut LoopRunner, config: &Config, digest: Arc<MotionDigest>) {
    let every = Duration::from_secs(config.loops.motion_digest_interval_seconds.max(1));
    loops.spawn_singleton("motion_digest", every, move || {
        let digest = digest.clone();
        async move {
            let raised = digest.tick().await?;
            if raised > 0 {
                tracing::info!(raised, "motion digests raised");
            }
            Ok(())
        }
    });
}

/// The org directory of the mode: the local example, Clerk's Backend API, or none
/// (half-configured Clerk: no recipients, nothing enqueued, no member limits).
pub fn org_directory(config: &Config) -> Arc<dyn OrgDirectory> {
    if config.local_mode() {
        Arc::new(StaticOrgDirectory::local_example())
    } else if config.clerk.secret_key.is_empty() {
        Arc::new(UnavailableOrgDirectory)
    } else {
        Arc::new(ClerkOrgDirectory::new(&config.clerk.secret_key))
    }
}

/// Builds the e-mail parts and starts the enqueuer on `notifications`.
pub fn assemble_email(
    config: &Config,
    database: &Database,
    repos: &Repositories,
    clock: Arc<dyn Clock>,
    heartbeat: Arc<WorkerHeartbeat>,
    bus: &Arc<BroadcastNotificationEvents>,
    notifier: Arc<Notifier>,
) -> Result<EmailParts, EmailSetupError> {
    let notifications = bus.subscribe();
    let store = Arc::new(SqlStore::new(database.clone()));
    let tokens = unsubscribe_tokens(config);
    let directory = org_directory(config);
    let mailer = ResendMailer::new(ResendSettings {
        enabled: config.email.enabled,
        api_key: config.email.resend_api_key.clone(),
        from_address: config.email.from_address.clone(),
        from_name: config.email.from_name.clone(),
        base_url: config.email.resend_base_url.clone(),
    })?;
    let enqueuer = Arc::new(EmailEnqueuer::new(EnqueuePorts {
        settings: repos.settings.clone(),
        outbox: store.clone(),
        recipients: Arc::new(RecipientDirectory::new(directory, clock.clone())),
        renderer: Arc::new(AskamaRenderer),
        tokens: tokens.clone(),
        clock: clock.clone(),
        globally_enabled: config.email.enabled,
        frontend_url: config.frontend_url.clone(),
    }));
    tokio::spawn(enqueuer.clone().run(notifications));
    let motion_digest = Arc::new(MotionDigest {
        digest: Arc::new(motion_cooldown::MotionDigest::new(
            repos,
            store.clone(),
            notifier,
        )),
        clock: clock.clone(),
        email_enabled: config.email.enabled,
    });
    let worker = Arc::new(OutboxWorker::new(
        store.clone(),
        Arc::new(mailer),
        clock,
        heartbeat,
        WorkerSettings {
            batch_size: i64::try_from(config.email.worker_batch_size).unwrap_or(20),
            max_attempts: i32::try_from(config.email.max_attempts).unwrap_or(3),
        },
    ));
    let service = Arc::new(EmailService {
        settings: repos.settings.clone(),
        audit: repos.audit.clone(),
        outbox: store,
        tokens,
        globally_enabled: config.email.enabled,
    });
    Ok(EmailParts {
        service,
        enqueuer,
        worker,
        motion_digest,
    })
}

/// The outbox drain every `EMAIL_WORKER_INTERVAL_SECONDS` (min 1), first tick after one
/// interval.
pub fn start_email_worker(loops: &mut LoopRunner, config: &Config, worker: Arc<OutboxWorker>) {
    let every = Duration::from_secs(config.email.worker_interval_seconds.max(1));
    let standby = worker.clone();
    loops.spawn_singleton_with_standby(
        "email_worker",
        every,
        move || {
            let worker = worker.clone();
            async move {
                let summary = worker.tick().await?;
                if summary != Default::default() {
                    tracing::info!(?summary, "e-mail outbox drained");
                }
                Ok(())
            }
        },
        move || standby.stand_by(),
    );
}

/// Derived from `CLERK_SECRET_KEY`. In local mode (no Clerk keys) the key comes from a
/// random per-process secret: links work until the process restarts.
fn unsubscribe_tokens(config: &Config) -> UnsubscribeTokens {
    if config.clerk.secret_key.is_empty() && config.local_mode() {
        let secret: [u8; 32] = rand::random();
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        return UnsubscribeTokens::from_clerk_secret(&hex);
    }
    UnsubscribeTokens::from_clerk_secret(&config.clerk.secret_key)
}
