//! Configuration: every variable of the seed README, same names and defaults, read once
//! at start. A malformed value stops start-up with a message naming the variable.

mod parse;

use parse::{EnvSource, bool_default_true, bool_true_only, float, integer, string};
use sentinel_adapters_github::CAMERANODE_LATEST_RELEASE_URL;
use sentinel_domain::client_address::TrustedProxies;
use std::path::PathBuf;

pub use parse::ConfigError;

/// Identity configuration; local mode iff both Clerk keys are empty.
#[derive(Debug, Clone, Default)]
pub struct ClerkConfig {
    pub secret_key: String,
    pub publishable_key: String,
    pub webhook_secret: String,
    /// PEM public key to verify session JWTs without fetching a JWKS.
    pub jwt_key: String,
    /// Overrides the JWKS location.
    pub jwks_url: String,
}

impl ClerkConfig {
    pub fn local_mode(&self) -> bool {
        self.secret_key.is_empty() && self.publishable_key.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct LiveConfig {
    pub segment_cache_max_per_camera: u64,
    pub segment_cache_max_total_bytes: u64,
    pub segment_push_max_bytes: u64,
    pub playlist_push_max_bytes: u64,
    pub cleanup_interval: u64,
    pub inactive_camera_cleanup_hours: u64,
}

#[derive(Debug, Clone)]
pub struct EmailConfig {
    pub enabled: bool,
    pub resend_api_key: String,
    pub resend_webhook_secret: String,
    pub from_address: String,
    pub from_name: String,
    pub worker_interval_seconds: u64,
    pub worker_batch_size: u64,
    pub max_attempts: u64,
    /// `RESEND_BASE_URL` (default Resend's API): a local fake in tests.
    pub resend_base_url: String,
}

#[derive(Debug, Clone)]
pub struct LoopConfig {
    pub log_cleanup_interval_hours: u64,
    pub offline_sweep_interval_seconds: u64,
    pub release_cache_refresh_interval_seconds: u64,
    pub disk_check_interval_seconds: u64,
    pub disk_critical_threshold_percent: f64,
    pub disk_critical_reemit_interval_seconds: u64,
    pub motion_digest_interval_seconds: u64,
    pub sentinel_reaper_interval_seconds: u64,
}

#[derive(Debug, Clone)]
pub struct SentinelAgentConfig {
    pub agent_key: String,
    pub agent_webhook_url: String,
    pub agent_mcp_key: String,
    pub dispatch_enabled: bool,
    pub global_monthly_run_cap: u64,
}

#[derive(Debug, Clone)]
pub struct SentryConfig {
    pub dsn: String,
    pub traces_sample_rate: f64,
    pub environment: Option<String>,
    pub release: Option<String>,
}

/// Where the live cache lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveStoreKind {
    Memory,
    Redis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub database_url: String,
    pub static_dir: PathBuf,
    pub log_format: LogFormat,
    pub frontend_url: String,
    pub cors_origins: Vec<String>,
    pub redis_url: String,
    /// `LIVE_STORE`: where live segments and playlists are kept (`memory`, the default for
    /// one instance, or `redis`, so any instance can serve any camera).
    pub live_store: LiveStoreKind,
    /// `INSTANCE_ID`: this process's name among several instances (default: host name,
    /// process id and a random suffix). Tags cross-instance messages and lease holders.
    pub instance_id: String,
    pub fly_app_name: Option<String>,
    /// `TRUSTED_PROXIES` (addresses or CIDR blocks whose `X-Forwarded-For` is believed),
    /// plus Fly's edge (`Fly-Client-IP`) when `FLY_APP_NAME` is set.
    pub trusted_proxies: TrustedProxies,
    /// `METRICS_TOKEN`: when set, `/metrics` wants `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// Plan slug of local-mode orgs (`LOCAL_PLAN`, default `pro_plus`).
    pub local_plan: String,
    /// `LOCAL_SIGNING_KEY_FILE`: local mode's signing key (created when missing), so several
    /// local instances accept each other's sessions and restarts keep them.
    pub local_signing_key_file: Option<PathBuf>,
    pub clerk: ClerkConfig,
    pub live: LiveConfig,
    pub email: EmailConfig,
    pub loops: LoopConfig,
    pub sentinel: SentinelAgentConfig,
    pub sentry: SentryConfig,
    pub log_retention_days: u64,
    pub min_supported_node_version: String,
    pub latest_node_version: String,
    /// Where the latest CloudNode release is read (`RELEASE_FEED_URL`, empty: GitHub's API).
    pub release_feed_url: String,
}

/// Unique enough to tell instances apart in Redis: host, process and 32 random bits.
fn default_instance_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "sentinel".to_owned());
    format!(
        "{host}-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

/// The origins every deployment allows, before `CORS_ALLOWED_ORIGINS` and `FRONTEND_URL`.
const FIXED_CORS_ORIGINS: [&str; 2] = ["http://localhost:5173", "http://localhost:8000"];

impl Config {
    /// Reads the process environment (after `.env`, if present, was loaded by the caller).
    pub fn from_process_env() -> Result<Self, ConfigError> {
        Self::from_source(&|name| std::env::var(name).ok())
    }

    pub fn from_source(env: EnvSource<'_>) -> Result<Self, ConfigError> {
        let clerk = ClerkConfig {
            secret_key: string(env, "CLERK_SECRET_KEY", ""),
            publishable_key: string(env, "CLERK_PUBLISHABLE_KEY", ""),
            webhook_secret: string(env, "CLERK_WEBHOOK_SECRET", ""),
            jwt_key: string(env, "CLERK_JWT_KEY", ""),
            jwks_url: string(env, "CLERK_JWKS_URL", ""),
        };
        let frontend_url = parse::origin(
            "FRONTEND_URL",
            &string(env, "FRONTEND_URL", "http://localhost:5173"),
        )?;
        let extra_origins = string(
            env,
            "CORS_ALLOWED_ORIGINS",
            "https://app.sentinel-command.com",
        );
        let cors_origins = cors_origins(&extra_origins, &frontend_url);
        let host = resolve_host(env, clerk.local_mode());
        Ok(Self {
            host,
            port: integer(env, "PORT", 8000)?,
            database_url: string(env, "DATABASE_URL", "sqlite:///./sentinel.db"),
            static_dir: PathBuf::from(string(env, "STATIC_DIR", "web/dist")),
            log_format: match string(env, "LOG_FORMAT", "text")
                .to_ascii_lowercase()
                .as_str()
            {
                "json" => LogFormat::Json,
                "text" | "" => LogFormat::Text,
                other => {
                    return Err(ConfigError::invalid(
                        "LOG_FORMAT",
                        other,
                        "expected text or json",
                    ));
                }
            },
            frontend_url,
            cors_origins,
            redis_url: string(env, "REDIS_URL", ""),
            live_store: parse::live_store(
                &string(env, "LIVE_STORE", "memory"),
                &string(env, "REDIS_URL", ""),
            )?,
            instance_id: env("INSTANCE_ID")
                .filter(|id| !id.trim().is_empty())
                .unwrap_or_else(default_instance_id),
            fly_app_name: env("FLY_APP_NAME").filter(|name| !name.is_empty()),
            trusted_proxies: parse::trusted_proxies(
                &string(env, "TRUSTED_PROXIES", ""),
                env("FLY_APP_NAME").is_some_and(|name| !name.is_empty()),
            )?,
            metrics_token: env("METRICS_TOKEN").filter(|token| !token.trim().is_empty()),
            local_plan: parse::plan_slug("LOCAL_PLAN", &string(env, "LOCAL_PLAN", "pro_plus"))?,
            local_signing_key_file: env("LOCAL_SIGNING_KEY_FILE")
                .filter(|path| !path.trim().is_empty())
                .map(PathBuf::from),
            clerk,
            live: LiveConfig {
                segment_cache_max_per_camera: integer(env, "SEGMENT_CACHE_MAX_PER_CAMERA", 60)?,
                // The seed documents 2 GiB (the contract's code used 384 MiB); we follow the seed.
                segment_cache_max_total_bytes: integer(
                    env,
                    "SEGMENT_CACHE_MAX_TOTAL_BYTES",
                    2_147_483_648,
                )?,
                segment_push_max_bytes: integer(env, "SEGMENT_PUSH_MAX_BYTES", 2_097_152)?,
                playlist_push_max_bytes: integer(env, "PLAYLIST_PUSH_MAX_BYTES", 65_536)?,
                cleanup_interval: integer(env, "CLEANUP_INTERVAL", 20)?,
                inactive_camera_cleanup_hours: integer(env, "INACTIVE_CAMERA_CLEANUP_HOURS", 24)?,
            },
            email: EmailConfig {
                enabled: bool_true_only(env, "EMAIL_ENABLED"),
                resend_api_key: string(env, "RESEND_API_KEY", ""),
                resend_webhook_secret: string(env, "RESEND_WEBHOOK_SECRET", ""),
                from_address: string(
                    env,
                    "EMAIL_FROM_ADDRESS",
                    "notifications@sourceboxsentry.com",
                ),
                from_name: string(env, "EMAIL_FROM_NAME", "Sentinel by SourceBox"),
                worker_interval_seconds: integer(env, "EMAIL_WORKER_INTERVAL_SECONDS", 5)?,
                worker_batch_size: integer(env, "EMAIL_WORKER_BATCH_SIZE", 20)?,
                max_attempts: integer(env, "EMAIL_MAX_ATTEMPTS", 3)?,
                resend_base_url: string(env, "RESEND_BASE_URL", "https://api.resend.com"),
            },
            loops: LoopConfig {
                log_cleanup_interval_hours: integer(env, "LOG_CLEANUP_INTERVAL_HOURS", 24)?,
                offline_sweep_interval_seconds: integer(env, "OFFLINE_SWEEP_INTERVAL_SECONDS", 30)?,
                release_cache_refresh_interval_seconds: integer(
                    env,
                    "RELEASE_CACHE_REFRESH_INTERVAL_SECONDS",
                    600,
                )?,
                disk_check_interval_seconds: integer(env, "DISK_CHECK_INTERVAL_SECONDS", 300)?,
                disk_critical_threshold_percent: float(
                    env,
                    "DISK_CRITICAL_THRESHOLD_PERCENT",
                    95.0,
                )?,
                disk_critical_reemit_interval_seconds: integer(
                    env,
                    "DISK_CRITICAL_REEMIT_INTERVAL_SECONDS",
                    21_600,
                )?,
                motion_digest_interval_seconds: integer(env, "MOTION_DIGEST_INTERVAL_SECONDS", 60)?,
                sentinel_reaper_interval_seconds: integer(
                    env,
                    "SENTINEL_REAPER_INTERVAL_SECONDS",
                    300,
                )?,
            },
            sentinel: SentinelAgentConfig {
                agent_key: string(env, "SENTINEL_AGENT_KEY", ""),
                agent_webhook_url: string(env, "SENTINEL_AGENT_WEBHOOK_URL", ""),
                agent_mcp_key: string(env, "SENTINEL_AGENT_MCP_KEY", ""),
                dispatch_enabled: bool_default_true(env, "SENTINEL_DISPATCH_ENABLED")?,
                global_monthly_run_cap: integer(env, "SENTINEL_GLOBAL_MONTHLY_RUN_CAP", 0)?,
            },
            sentry: SentryConfig {
                dsn: string(env, "SENTRY_DSN", ""),
                traces_sample_rate: float(env, "SENTRY_TRACES_SAMPLE_RATE", 0.1)?,
                environment: env("SENTRY_ENVIRONMENT").filter(|v| !v.is_empty()),
                release: env("SENTRY_RELEASE")
                    .or_else(|| env("FLY_MACHINE_VERSION"))
                    .filter(|v| !v.is_empty()),
            },
            log_retention_days: integer(env, "LOG_RETENTION_DAYS", 90)?,
            min_supported_node_version: parse::version(
                "MIN_SUPPORTED_NODE_VERSION",
                &string(env, "MIN_SUPPORTED_NODE_VERSION", "0.1.0"),
            )?,
            latest_node_version: parse::version(
                "LATEST_NODE_VERSION",
                &string(env, "LATEST_NODE_VERSION", "0.1.73"),
            )?,
            release_feed_url: match string(env, "RELEASE_FEED_URL", "").trim() {
                "" => CAMERANODE_LATEST_RELEASE_URL.to_owned(),
                url => parse::http_url("RELEASE_FEED_URL", url)?,
            },
        })
    }

    pub fn local_mode(&self) -> bool {
        self.clerk.local_mode()
    }

    /// Sentry's environment name: explicit, else production on Fly, else development.
    pub fn sentry_environment(&self) -> &str {
        match (&self.sentry.environment, &self.fly_app_name) {
            (Some(environment), _) => environment,
            (None, Some(_)) => "production",
            (None, None) => "development",
        }
    }
}

/// Local mode never listens beyond loopback: it has no real sign-in.
fn resolve_host(env: EnvSource<'_>, local_mode: bool) -> String {
    let requested = env("HOST").filter(|host| !host.is_empty());
    if local_mode {
        if let Some(host) = requested
            .as_deref()
            .filter(|h| *h != "127.0.0.1" && *h != "localhost")
        {
            tracing::warn!(host, "local mode binds 127.0.0.1 only; HOST ignored");
        }
        return "127.0.0.1".to_owned();
    }
    requested.unwrap_or_else(|| "0.0.0.0".to_owned())
}

/// Fixed origins, then each valid `CORS_ALLOWED_ORIGINS` entry, then `FRONTEND_URL`,
/// without duplicates. Invalid entries are dropped with a warning.
fn cors_origins(extra: &str, frontend_url: &str) -> Vec<String> {
    let mut origins: Vec<String> = FIXED_CORS_ORIGINS.iter().map(|o| (*o).to_owned()).collect();
    let extras = extra.split(',').filter_map(|entry| {
        let entry = entry.trim();
        if entry.is_empty() {
            return None;
        }
        match parse::origin("CORS_ALLOWED_ORIGINS", entry) {
            Ok(origin) => Some(origin),
            Err(error) => {
                tracing::warn!(%error, "CORS origin dropped");
                None
            }
        }
    });
    for origin in extras.chain(std::iter::once(frontend_url.to_owned())) {
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    origins
}

#[cfg(test)]
mod tests;
