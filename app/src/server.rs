//! `sentinel serve`: bind, serve until SIGTERM/SIGINT, then stop the loops.

use crate::config::Config;
use crate::loops::LoopRunner;
use crate::wiring::{Assembly, WiringError, assemble, system_clock};
use actix_http::body::MessageBody;
use actix_http::{Request, Response};
use actix_service::{IntoServiceFactory, Service, ServiceFactory};
use actix_web::HttpServer;
use actix_web::dev::AppConfig;
use sentinel_adapters_clerk::IdentityMode;
use sentinel_adapters_http::{AppState, build_app};
use sentinel_application::blocking::unblock;
use sentinel_application::offline_sweep::OfflineSweep;
use std::sync::Arc;
use std::time::Duration;

/// Time a client has to send a request's head (slow-loris protection); bodies must keep
/// a minimum pace (`adapters-http`'s `body_deadline`).
pub const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a closing connection gets to shut down cleanly before it is dropped.
pub const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Idle time after which a keep-alive connection is closed (above common proxy idle
/// timeouts, so the proxy closes first).
pub const KEEP_ALIVE: Duration = Duration::from_secs(75);

/// The connection settings every server of ours runs with (the binary and the tests).
pub fn with_connection_limits<F, I, S, B>(server: HttpServer<F, I, S, B>) -> HttpServer<F, I, S, B>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<actix_web::Error> + 'static,
    S::InitError: std::fmt::Debug,
    S::Response: Into<Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    server
        .client_request_timeout(CLIENT_REQUEST_TIMEOUT)
        .client_disconnect_timeout(CLIENT_DISCONNECT_TIMEOUT)
        .keep_alive(KEEP_ALIVE)
        // A client that closes its side is gone: end its response (an event stream's
        // place is given back at once) instead of writing into the void until a write
        // fails a keepalive or two later.
        .h1_allow_half_closed(false)
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Wiring(#[from] WiringError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Server(#[source] std::io::Error),
}

pub async fn serve(config: Config) -> Result<(), ServeError> {
    let Assembly {
        state,
        identity_mode,
        email_worker,
        motion_digest,
        loop_lease,
        ..
    } = assemble(&config, system_clock()).await?;
    announce(&config, identity_mode);
    // Singleton loops run on the one instance holding their lease (always this one
    // without Redis); the others run on every instance.
    let mut loops = LoopRunner::with_lease(loop_lease, config.instance_id.clone());
    let holdings = loops.singleton_holdings();
    state
        .health
        .report_singleton_loops(std::sync::Arc::new(move || holdings.held()));
    start_fleet_loops(&mut loops, &config, &state);
    start_release_refresh(&mut loops, &config, &state);
    crate::live::start_live_loops(&mut loops, &config, &state);
    crate::email::start_email_worker(&mut loops, &config, email_worker);
    crate::email::start_motion_digest(&mut loops, &config, motion_digest);
    crate::maintenance::start_maintenance_loops(&mut loops, &config, &state);
    start_plan_reconcile(&mut loops, &state);
    crate::sentinel::start_reaper(&mut loops, &config, &state);
    let live_pipeline = state.live_pipeline.clone();
    let address = format!("{}:{}", config.host, config.port);
    let server = with_connection_limits(HttpServer::new(move || build_app(state.clone())))
        .shutdown_timeout(10)
        .bind(&address)
        .map_err(|source| ServeError::Bind {
            address: address.clone(),
            source,
        })?;
    tracing::info!(%address, loops = ?loops.names(), "Sentinel Command Center listening");
    // actix installs the SIGTERM/SIGINT handlers and drains connections before returning.
    let result = server.run().await.map_err(ServeError::Server);
    loops.shutdown().await;
    crate::live::flush_on_shutdown(&live_pipeline).await;
    tracing::info!("stopped");
    result
}

/// The offline sweep: silent nodes and cameras go offline after 90 s.
fn start_fleet_loops(loops: &mut LoopRunner, config: &Config, state: &AppState) {
    let (sweep, clock) = (
        Arc::new(OfflineSweep::new(&state.repos, state.fleet_events.clone())),
        state.clock.clone(),
    );
    let every = Duration::from_secs(config.loops.offline_sweep_interval_seconds.max(1));
    loops.spawn_singleton("offline_sweep", every, move || {
        let (sweep, clock) = (sweep.clone(), clock.clone());
        async move {
            let now = clock.now().naive_utc();
            unblock(move || sweep.sweep(now)).await?;
            Ok(())
        }
    });
}

/// The release cache: warmed at once in the background, then refreshed every
/// `RELEASE_CACHE_REFRESH_INTERVAL_SECONDS`. A failed fetch is logged by the cache, which
/// keeps the last good release.
fn start_release_refresh(loops: &mut LoopRunner, config: &Config, state: &AppState) {
    let releases = state.releases.clone();
    let every = Duration::from_secs(config.loops.release_cache_refresh_interval_seconds.max(1));
    loops.spawn_now("release_cache_refresh", every, move || {
        let releases = releases.clone();
        async move {
            let _logged_by_the_cache = releases.refresh().await;
            Ok(())
        }
    });
}

/// The hourly plan reconcile (plans-and-auth.md §1.7), first run one hour after start.
fn start_plan_reconcile(loops: &mut LoopRunner, state: &AppState) {
    let webhooks = state.webhooks.clone();
    loops.spawn_singleton("plan_reconcile", Duration::from_secs(3_600), move || {
        let webhooks = webhooks.clone();
        async move {
            let changed = unblock(move || webhooks.reconcile_plans()).await?;
            tracing::info!(changed = changed.len(), "plan reconcile done");
            Ok(())
        }
    });
}

fn announce(config: &Config, mode: IdentityMode) {
    match mode {
        IdentityMode::Local => tracing::warn!(
            plan = %config.local_plan,
            "anyone on this machine can sign in via POST /api/local/session; bound to \
             127.0.0.1 only. Set CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY for production."
        ),
        IdentityMode::NotConfigured => tracing::error!(
            "only one of CLERK_SECRET_KEY / CLERK_PUBLISHABLE_KEY is set: every authenticated \
             route answers 503 until both are"
        ),
        IdentityMode::Clerk => tracing::info!("identity: Clerk"),
    }
}
