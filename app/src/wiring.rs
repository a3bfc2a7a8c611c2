//! Builds every adapter from the configuration and hands them to the HTTP app as ports.

use crate::config::Config;
use crate::database::{Database, DatabaseLocation, SqlStore, StorageError};
use crate::probes::DataVolumeProbe;
use sentinel_adapters_clerk::{ClerkBackendProbe, ClerkSettings, IdentityMode, build_identity};
use sentinel_adapters_github::GitHubReleaseFeed;
use sentinel_adapters_http::{
    AppState, HttpConfig, LiveLimits, MemoryRateLimitStore, NodeVersions, OperationsAccess,
    RateLimiter,
};
use sentinel_adapters_memory::{
    BroadcastFleetEvents, BroadcastMotionEvents, BroadcastNotificationEvents,
};
use sentinel_adapters_redis::RedisRateLimitStore;
use sentinel_application::blocking::unblock_value;
use sentinel_application::fleet::PlanCaps;
use sentinel_application::fleet_directory::FleetDirectory;
use sentinel_application::health::{EmailHealthConfig, HealthProbes, HealthService};
use sentinel_application::motion::{MotionIngestion, MotionPorts};
use sentinel_application::notifications::{NotificationEmitters, Notifier};
use sentinel_application::org_settings::OrgSettings;
use sentinel_application::plan_lookup::{PlanLookup, PlanLookupPorts};
use sentinel_application::releases::ReleaseCache;
use sentinel_domain::fleet::NodeVersion;
use sentinel_ports::driven::clock::{Clock, SystemClock};
use sentinel_ports::driven::health::WorkerHeartbeat;
use sentinel_ports::driven::rate_limit::RateLimitStore;
use sentinel_ports::driven::repos::Repositories;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum WiringError {
    #[error("database: {0}")]
    Database(#[from] StorageError),
    #[error("identity: {0}")]
    Identity(#[from] sentinel_adapters_clerk::IdentitySetupError),
    #[error("REDIS_URL: {0}")]
    Redis(#[from] sentinel_adapters_redis::RedisAdapterError),
    #[error("RELEASE_FEED_URL: {0}")]
    ReleaseFeed(#[from] sentinel_adapters_github::ReleaseFeedSetupError),
    #[error(transparent)]
    Email(#[from] crate::email::EmailSetupError),
}

/// Everything the process runs on, assembled once at start.
pub struct Assembly {
    pub state: AppState,
    /// The same bus as `state.fleet_events`, for subscribers.
    pub fleet_events: Arc<BroadcastFleetEvents>,
    /// The same bus as `state.motion_events`, for subscribers.
    pub motion_events: Arc<BroadcastMotionEvents>,
    /// The same bus as `state.notification_events`: every stored notification.
    pub notification_events: Arc<BroadcastNotificationEvents>,
    pub database: Database,
    pub identity_mode: IdentityMode,
    /// The e-mail outbox drain, for the `email_worker` loop.
    pub email_worker: Arc<sentinel_application::email::OutboxWorker>,
    /// The motion e-mail digest, for the `motion_digest` loop.
    pub motion_digest: Arc<crate::email::MotionDigest>,
    /// Where the singleton background loops' leases live (Redis when `REDIS_URL` is set).
    pub loop_lease: Arc<dyn sentinel_ports::driven::lease::Lease>,
}

/// Assembles the production adapters. Tests use the same function with their own clock.
pub async fn assemble(config: &Config, clock: Arc<dyn Clock>) -> Result<Assembly, WiringError> {
    let database = open_database(&config.database_url).await?;
    let identity = build_identity(&clerk_settings(config), clock.clone())?;
    let rate_limit_store = rate_limit_store(&config.redis_url).await?;
    let live = crate::live::LiveParts::new(config, &database).await?;
    let stream_pools = crate::stream_feeds::StreamPools::connect(config).await?;
    let notification_subscribers = stream_pools.notifications.clone();
    let email_heartbeat = Arc::new(WorkerHeartbeat::default());
    let health = HealthService::new(
        HealthProbes {
            database: Arc::new(database.clone()),
            identity_provider: Arc::new(ClerkBackendProbe::new(&config.clerk.secret_key)),
            disk: Arc::new(DataVolumeProbe::detect()),
            runtime: Arc::new(crate::notification_emitters::StreamRuntimeStats {
                live: live.runtime_stats(),
                notifications: notification_subscribers.clone(),
            }),
            outbox: Arc::new(database.clone()),
            email_worker: email_heartbeat.clone(),
            clock: clock.clone(),
        },
        EmailHealthConfig {
            enabled: config.email.enabled,
            resend_configured: !config.email.resend_api_key.is_empty()
                && !config.email.from_address.is_empty(),
        },
    );
    let repos = repositories(&database);
    let fleet_events = Arc::new(BroadcastFleetEvents::new());
    let fleet_directory = Arc::new(FleetDirectory::new(
        repos.nodes.clone(),
        repos.cameras.clone(),
    ));
    let live_pipeline = live.pipeline(&repos, fleet_directory.clone(), clock.clone());
    let motion_events = Arc::new(BroadcastMotionEvents::new());
    let motion = Arc::new(MotionIngestion::new(MotionPorts {
        directory: fleet_directory.clone(),
        nodes: repos.nodes.clone(),
        settings: repos.settings.clone(),
        store: repos.motion.clone(),
        events: motion_events.clone(),
        clock: clock.clone(),
    }));
    let releases = release_cache(config, clock.clone())?;
    let notification_events = Arc::new(BroadcastNotificationEvents::new());
    let notifier = Arc::new(Notifier::new(&repos, notification_events.clone()));
    let plan_caps = Arc::new(PlanCaps::new(&repos, fleet_directory.clone()));
    let org_settings = Arc::new(OrgSettings::new(&repos));
    crate::notification_emitters::start(
        crate::notification_emitters::EmitterPorts {
            emitters: Arc::new(NotificationEmitters::new(
                notifier.clone(),
                repos.cameras.clone(),
            )),
            clock: clock.clone(),
        },
        fleet_events.subscribe(),
        motion_events.subscribe(),
    );
    let sentinel =
        crate::sentinel::assemble_sentinel(config, &repos, org_settings.clone(), clock.clone());
    crate::sentinel::start_dispatcher(sentinel.clone(), notification_events.subscribe());
    let mcp_activity_bus = Arc::new(sentinel_adapters_memory::BroadcastMcpActivity::new());
    let stream_feeds = crate::stream_feeds::stream_feeds(
        config,
        crate::stream_feeds::LocalBuses {
            motion: &motion_events,
            notifications: &notification_events,
            mcp_activity: &mcp_activity_bus,
        },
    )?;
    let email = crate::email::assemble_email(
        config,
        &database,
        &repos,
        clock.clone(),
        email_heartbeat,
        &notification_events,
        notifier.clone(),
    )?;
    let webhooks = crate::use_cases::webhook_service(
        config,
        &database,
        &repos,
        &fleet_directory,
        &live_pipeline,
        &notifier,
        &plan_caps,
        &email.enqueuer,
        clock.clone(),
    );
    let plan_lookup = (!config.local_mode()).then(|| {
        Arc::new(PlanLookup::new(PlanLookupPorts {
            settings: repos.settings.clone(),
            caps: plan_caps.clone(),
            live: live_pipeline.clone(),
            directory: crate::email::org_directory(config),
            clock: clock.clone(),
        }))
    });
    if let Some(lookup) = &plan_lookup {
        live_pipeline.attach_plan_lookup(lookup);
    }
    let api_key_auth = Arc::new(sentinel_application::api_keys::ApiKeyAuthenticator::new(
        repos.api_keys.clone(),
        clock.clone(),
    ));
    let share_grants = Arc::new(sentinel_application::sharing::ShareGrants::default());
    let member_access = Arc::new(sentinel_application::member_access::MemberAccess::new(
        repos.member_access.clone(),
        clock.clone(),
    ));
    crate::cluster::share_invalidations(
        config,
        sentinel_application::memories::InstanceMemories {
            fleet_directory: fleet_directory.clone(),
            api_keys: api_key_auth.clone(),
            live: live_pipeline.clone(),
            share_grants: share_grants.clone(),
            member_access: member_access.clone(),
        },
    )
    .await?;
    let mcp_activity = crate::stream_feeds::ActivityStream {
        bus: mcp_activity_bus,
        feed: stream_feeds.mcp_activity.clone(),
        subscribers: stream_pools.mcp_activity.clone(),
    };
    let mcp = crate::use_cases::mcp_state(
        config,
        &database,
        &repos,
        &api_key_auth,
        &clock,
        mcp_activity,
    );
    let node_link = crate::cluster::node_link(config).await?;
    let use_cases = crate::use_cases::use_cases(
        &repos,
        crate::use_cases::Shared {
            notifier,
            plan_caps,
            org_settings,
            fleet_directory: fleet_directory.clone(),
            live_pipeline: live_pipeline.clone(),
            share_grants: share_grants.clone(),
            member_access: member_access.clone(),
            live_store: live.store.clone(),
            node_commands: node_link.commands.clone(),
            fleet_events: fleet_events.clone(),
            motion: motion.clone(),
            plan_lookup: plan_lookup.clone(),
            clock: clock.clone(),
            versions: releases.version_policy(&config.min_supported_node_version),
            usage: Arc::new(crate::database::SqlStore::new(database.clone())),
        },
    );
    let state = AppState {
        config: Arc::new(HttpConfig {
            cors_origins: config.cors_origins.clone(),
            static_dir: config.static_dir.clone(),
            frontend_url: config.frontend_url.clone(),
            behind_tls_proxy: config.fly_app_name.is_some(),
            operations: match (&config.metrics_token, config.clerk.local_mode()) {
                (Some(token), _) => OperationsAccess::Token(token.clone()),
                (None, true) => OperationsAccess::Open,
                (None, false) => OperationsAccess::Closed,
            },
            trusted_proxies: config.trusted_proxies.clone(),
            clerk_frontend_api: sentinel_adapters_clerk::frontend_api_jwks_url(
                &config.clerk.publishable_key,
            )
            .map(|jwks| jwks.trim_end_matches("/.well-known/jwks.json").to_owned()),
            live: LiveLimits {
                segments_per_camera: config.live.segment_cache_max_per_camera,
                total_bytes: config.live.segment_cache_max_total_bytes,
                segment_push_max_bytes: config.live.segment_push_max_bytes,
                playlist_push_max_bytes: config.live.playlist_push_max_bytes,
                cleanup_interval: config.live.cleanup_interval,
                inactive_camera_cleanup_hours: config.live.inactive_camera_cleanup_hours,
            },
            node_versions: NodeVersions {
                min_supported: config.min_supported_node_version.clone(),
            },
        }),
        identity: identity.verifier,
        metrics: Arc::new(sentinel_adapters_http::metrics::HttpMetrics::default()),
        local_sessions: identity.local_issuer,
        rate_limiter: RateLimiter::new(rate_limit_store),
        health: Arc::new(health),
        clock,
        repos,
        use_cases,
        fleet_directory,
        live: live.store.clone(),
        live_pipeline,
        node_sockets: node_link.sockets,
        node_commands: node_link.commands,
        fleet_events: fleet_events.clone(),
        motion_events: motion_events.clone(),
        motion,
        releases,
        email: email.service,
        motion_feed: stream_feeds.motion.clone(),
        motion_subscribers: stream_pools.motion.clone(),
        notification_events: notification_events.clone(),
        notification_feed: stream_feeds.notifications.clone(),
        notification_subscribers,
        webhooks,
        plan_lookup,
        mcp,
        api_key_auth,
        share_grants,
        member_access,
        integration_motion_feed: stream_feeds.motion.clone(),
        integration_motion_subscribers: stream_pools.integration_motion.clone(),
        sentinel,
    };
    Ok(Assembly {
        state,
        fleet_events,
        motion_events,
        notification_events,
        database,
        identity_mode: identity.mode,
        email_worker: email.worker,
        motion_digest: email.motion_digest,
        loop_lease: crate::cluster::loop_lease(config).await?,
    })
}

/// The production clock.
pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

fn repositories(database: &Database) -> Repositories {
    let store = Arc::new(SqlStore::new(database.clone()));
    Repositories {
        settings: store.clone(),
        nodes: store.clone(),
        cameras: store.clone(),
        groups: store.clone(),
        audit: store.clone(),
        motion: store.clone(),
        notifications: store.clone(),
        stream_logs: store.clone(),
        retention: store.clone(),
        api_keys: store.clone(),
        incidents: store.clone(),
        sentinel_config: store.clone(),
        sentinel_runs: store.clone(),
        share_links: store.clone(),
        member_access: store.clone(),
        gdpr: store,
    }
}

fn clerk_settings(config: &Config) -> ClerkSettings {
    ClerkSettings {
        secret_key: config.clerk.secret_key.clone(),
        publishable_key: config.clerk.publishable_key.clone(),
        jwt_key: config.clerk.jwt_key.clone(),
        jwks_url: config.clerk.jwks_url.clone(),
        frontend_url: config.frontend_url.clone(),
        local_plan: config.local_plan.clone(),
        local_signing_key_file: config
            .local_signing_key_file
            .clone()
            .or_else(|| key_beside_database(&config.database_url)),
    }
}

/// Local mode's signing key, by default beside a SQLite database file (created 0600 when
/// missing), so a restart does not sign every browser out. In memory or on PostgreSQL
/// there is no such place: a key per process unless `LOCAL_SIGNING_KEY_FILE` names one.
fn key_beside_database(database_url: &str) -> Option<std::path::PathBuf> {
    match DatabaseLocation::parse(database_url).ok()? {
        DatabaseLocation::File(path) => {
            let mut name = path.file_name()?.to_os_string();
            name.push(".session-key.pem");
            Some(path.with_file_name(name))
        }
        _ => None,
    }
}

/// An empty cache over the release feed: `LATEST_NODE_VERSION` until the first fetch.
fn release_cache(config: &Config, clock: Arc<dyn Clock>) -> Result<Arc<ReleaseCache>, WiringError> {
    let feed = GitHubReleaseFeed::new(&config.release_feed_url)?;
    Ok(Arc::new(ReleaseCache::new(
        Arc::new(feed),
        clock,
        NodeVersion::parse_lenient(&config.latest_node_version),
    )))
}

/// Opening runs migrations: blocking work, kept off the async runtime.
async fn open_database(url: &str) -> Result<Database, WiringError> {
    let url = url.to_owned();
    unblock_value(move || Database::open(&url))
        .await
        .map_err(|error| WiringError::Database(StorageError::Pool(error.to_string())))?
        .map_err(WiringError::from)
}

async fn rate_limit_store(redis_url: &str) -> Result<Arc<dyn RateLimitStore>, WiringError> {
    if redis_url.is_empty() {
        tracing::warn!("REDIS_URL not set: rate limits are counted per process");
        return Ok(Arc::new(MemoryRateLimitStore::new()));
    }
    Ok(Arc::new(RedisRateLimitStore::connect(redis_url).await?))
}

#[cfg(test)]
mod tests {
    use super::key_beside_database;
    use std::path::PathBuf;

    #[test]
    fn the_local_key_lives_beside_a_database_file_only() {
        assert_eq!(
            key_beside_database("sqlite:///./sentinel.db"),
            Some(PathBuf::from("./sentinel.db.session-key.pem"))
        );
        assert_eq!(
            key_beside_database("sqlite:////data/x.db"),
            Some(PathBuf::from("/data/x.db.session-key.pem"))
        );
        assert_eq!(key_beside_database(":memory:"), None);
        assert_eq!(key_beside_database("postgres://u:p@db/sentinel"), None);
    }
}
