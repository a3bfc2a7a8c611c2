//! The Sentinel agent's moving parts: the wake-up webhook over reqwest, the dispatcher
//! that listens to every published notification (off the request path), and the reaper
//! loop.

use crate::config::Config;
use crate::loops::LoopRunner;
use sentinel_adapters_http::AppState;
use sentinel_application::blocking::unblock;
use sentinel_application::org_settings::OrgSettings;
use sentinel_application::sentinel::SentinelRepos;
use sentinel_application::sentinel::{SentinelPorts, SentinelService, SentinelSettings};
use sentinel_domain::sentinel::FleetSwitches;
use sentinel_ports::driven::agent_wakeup::{AgentWakeup, WakeupReport, WakeupRequest};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::notification_events::NotificationCreated;
use sentinel_ports::driven::repos::Repositories;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;

const WAKEUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Builds the service from `SENTINEL_*`. Must run inside the Tokio runtime (the wake-up
/// adapter spawns its deliveries there).
pub fn assemble_sentinel(
    config: &Config,
    repos: &Repositories,
    org_settings: Arc<OrgSettings>,
    clock: Arc<dyn Clock>,
) -> Arc<SentinelService> {
    let settings = SentinelSettings {
        agent_key: config.sentinel.agent_key.clone(),
        webhook_url: config.sentinel.agent_webhook_url.clone(),
        switches: FleetSwitches {
            dispatch_enabled: config.sentinel.dispatch_enabled,
            global_monthly_run_cap: config.sentinel.global_monthly_run_cap,
        },
    };
    Arc::new(SentinelService::new(SentinelPorts {
        repos: SentinelRepos::new(repos),
        org_settings,
        clock,
        wakeup: Arc::new(HttpAgentWakeup::new()),
        settings,
    }))
}

/// Runs every published notification (stored or not: the inbox gate does not matter)
/// through the dispatch gates, one at a time, off the async runtime. Runs until the bus
/// closes; a lagging bus is logged and skipped over.
pub fn start_dispatcher(
    service: Arc<SentinelService>,
    mut notifications: Receiver<NotificationCreated>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match notifications.recv().await {
                Ok(notification) => dispatch(&service, notification).await,
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(
                        missed,
                        "sentinel dispatcher lagged behind the notification bus"
                    );
                }
                Err(RecvError::Closed) => break,
            }
        }
    })
}

async fn dispatch(service: &Arc<SentinelService>, notification: NotificationCreated) {
    let service = service.clone();
    if let Err(error) = unblock(move || service.dispatch_for_notification(&notification)).await {
        tracing::warn!(%error, "sentinel dispatch failed");
    }
}

/// The reaper, every `SENTINEL_REAPER_INTERVAL_SECONDS` (first sweep one period after
/// start).
pub fn start_reaper(loops: &mut LoopRunner, config: &Config, state: &AppState) {
    let service = state.sentinel.clone();
    let every = Duration::from_secs(config.loops.sentinel_reaper_interval_seconds.max(1));
    loops.spawn_singleton("sentinel_reaper", every, move || {
        let service = service.clone();
        async move {
            unblock(move || service.reap()).await?;
            Ok(())
        }
    });
}

/// Delivers wake-ups with reqwest in background tasks.
struct HttpAgentWakeup {
    client: reqwest::Client,
    runtime: tokio::runtime::Handle,
}

impl HttpAgentWakeup {
    fn new() -> Self {
        Self {
            client: reqwest::Client::new(),
            runtime: tokio::runtime::Handle::current(),
        }
    }
}

impl AgentWakeup for HttpAgentWakeup {
    fn send(&self, request: WakeupRequest, report: WakeupReport) {
        let client = self.client.clone();
        self.runtime.spawn(async move {
            let sent = client
                .post(&request.url)
                .header("Content-Type", "application/json")
                .header("X-Sentinel-Signature", &request.signature)
                .body(request.body)
                .timeout(WAKEUP_TIMEOUT)
                .send()
                .await;
            let outcome = match sent {
                Ok(response) if response.status().as_u16() >= 400 => {
                    tracing::warn!(status = %response.status(), "sentinel agent wake-up refused");
                    Err(format!("HTTP {}", response.status().as_u16()))
                }
                Ok(_) => {
                    tracing::debug!("sentinel agent woken");
                    Ok(())
                }
                Err(error) => {
                    tracing::warn!(%error, "sentinel agent wake-up failed");
                    Err(delivery_error(error))
                }
            };
            report(outcome);
        });
    }
}

/// A transport failure in words an operator can act on, without the URL (which may carry
/// a token in its query).
fn delivery_error(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out after 5 s".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        error.without_url().to_string()
    }
}
