use super::*;
use std::collections::HashMap;

fn config_from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Config::from_source(&move |name| map.get(name).cloned())
}

#[test]
fn defaults_match_the_seed() {
    let config = config_from(&[]).unwrap();
    assert!(config.local_mode());
    assert_eq!(config.host, "127.0.0.1");
    assert_eq!(config.port, 8000);
    assert_eq!(config.database_url, "sqlite:///./sentinel.db");
    assert_eq!(config.frontend_url, "http://localhost:5173");
    assert_eq!(config.live.segment_cache_max_per_camera, 60);
    assert_eq!(
        config.live.segment_cache_max_total_bytes,
        2 * 1024 * 1024 * 1024
    );
    assert_eq!(config.live.segment_push_max_bytes, 2 * 1024 * 1024);
    assert_eq!(config.live.playlist_push_max_bytes, 64 * 1024);
    assert_eq!(config.loops.offline_sweep_interval_seconds, 30);
    assert_eq!(config.email.worker_batch_size, 20);
    assert!(!config.email.enabled);
    assert!(config.sentinel.dispatch_enabled);
    assert_eq!(config.latest_node_version, "0.1.73");
    assert_eq!(config.local_plan, "pro_plus");
    assert_eq!(config.sentry_environment(), "development");
}

#[test]
fn malformed_integers_name_the_variable() {
    let error = config_from(&[("SEGMENT_PUSH_MAX_BYTES", "2MB")]).unwrap_err();
    assert_eq!(error.variable, "SEGMENT_PUSH_MAX_BYTES");
    assert!(error.to_string().contains("SEGMENT_PUSH_MAX_BYTES"));
    assert_eq!(
        config_from(&[("PORT", "99999")]).unwrap_err().variable,
        "PORT"
    );
    assert_eq!(
        config_from(&[("DISK_CRITICAL_THRESHOLD_PERCENT", "lots")])
            .unwrap_err()
            .variable,
        "DISK_CRITICAL_THRESHOLD_PERCENT"
    );
}

#[test]
fn email_is_on_only_for_true() {
    assert!(
        config_from(&[("EMAIL_ENABLED", "TRUE")])
            .unwrap()
            .email
            .enabled
    );
    assert!(
        !config_from(&[("EMAIL_ENABLED", "1")])
            .unwrap()
            .email
            .enabled
    );
}

#[test]
fn frontend_url_is_validated() {
    assert_eq!(
        config_from(&[("FRONTEND_URL", "example.com")])
            .unwrap_err()
            .variable,
        "FRONTEND_URL"
    );
    assert!(config_from(&[("FRONTEND_URL", "https://a.com/b c")]).is_err());
    assert!(config_from(&[("FRONTEND_URL", "https://a.com,https://b.com")]).is_err());
    assert_eq!(
        config_from(&[("FRONTEND_URL", "https://a.com/")])
            .unwrap()
            .frontend_url,
        "https://a.com"
    );
}

#[test]
fn cors_origins_are_fixed_then_extras_then_frontend_without_duplicates() {
    let config = config_from(&[
        (
            "CORS_ALLOWED_ORIGINS",
            "https://x.com/, bad.com, ,http://localhost:5173,https://y.com",
        ),
        ("FRONTEND_URL", "https://x.com"),
    ])
    .unwrap();
    assert_eq!(
        config.cors_origins,
        [
            "http://localhost:5173",
            "http://localhost:8000",
            "https://x.com",
            "https://y.com"
        ]
    );
}

#[test]
fn clerk_keys_turn_local_mode_off_and_open_the_host() {
    let config = config_from(&[
        ("CLERK_SECRET_KEY", "sk_test_x"),
        ("CLERK_PUBLISHABLE_KEY", "pk_test_y"),
    ])
    .unwrap();
    assert!(!config.local_mode());
    assert_eq!(config.host, "0.0.0.0");
    let half = config_from(&[("CLERK_SECRET_KEY", "sk_test_x")]).unwrap();
    assert!(
        !half.local_mode(),
        "one Clerk key is enough to forbid local mode"
    );
}

#[test]
fn local_mode_never_binds_beyond_loopback() {
    assert_eq!(
        config_from(&[("HOST", "0.0.0.0")]).unwrap().host,
        "127.0.0.1"
    );
}

#[test]
fn versions_and_plans_are_checked() {
    assert!(config_from(&[("MIN_SUPPORTED_NODE_VERSION", "one")]).is_err());
    assert_eq!(
        config_from(&[("LOCAL_PLAN", "free")]).unwrap().local_plan,
        "free_org"
    );
    assert!(config_from(&[("LOCAL_PLAN", "gold")]).is_err());
}

#[test]
fn log_format_accepts_json() {
    assert_eq!(
        config_from(&[("LOG_FORMAT", "json")]).unwrap().log_format,
        LogFormat::Json
    );
    assert!(config_from(&[("LOG_FORMAT", "xml")]).is_err());
}

#[test]
fn the_release_feed_defaults_to_github_and_an_override_must_be_a_url() {
    assert_eq!(
        config_from(&[]).unwrap().release_feed_url,
        "https://api.github.com/repos/SourceBox-LLC/Sentinel-CameraNode/releases/latest"
    );
    assert_eq!(
        config_from(&[("RELEASE_FEED_URL", " ")])
            .unwrap()
            .release_feed_url,
        "https://api.github.com/repos/SourceBox-LLC/Sentinel-CameraNode/releases/latest"
    );
    assert_eq!(
        config_from(&[("RELEASE_FEED_URL", "http://127.0.0.1:9999/latest")])
            .unwrap()
            .release_feed_url,
        "http://127.0.0.1:9999/latest"
    );
    for bad in [
        "api.github.com/x",
        "ftp://host/x",
        "http://",
        "http://a b/c",
    ] {
        let error = config_from(&[("RELEASE_FEED_URL", bad)]).unwrap_err();
        assert_eq!(error.variable, "RELEASE_FEED_URL", "{bad}");
    }
}

#[test]
fn a_redis_live_store_needs_redis_url() {
    let error = config_from(&[("LIVE_STORE", "redis")]).unwrap_err();
    assert!(error.to_string().contains("REDIS_URL"), "{error}");
    let config = config_from(&[
        ("LIVE_STORE", "redis"),
        ("REDIS_URL", "redis://127.0.0.1:6379"),
    ])
    .unwrap();
    assert_eq!(config.live_store, LiveStoreKind::Redis);
    assert_eq!(config_from(&[]).unwrap().live_store, LiveStoreKind::Memory);
}

#[test]
fn trusted_proxies_are_addresses_or_blocks_and_fly_trusts_its_edge() {
    let error = config_from(&[("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal")]).unwrap_err();
    assert_eq!(error.variable, "TRUSTED_PROXIES");
    assert!(config_from(&[]).unwrap().trusted_proxies.is_empty());
    let config = config_from(&[("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")]).unwrap();
    assert!(!config.trusted_proxies.is_empty());
    let on_fly = config_from(&[("FLY_APP_NAME", "sentinel")]).unwrap();
    assert!(!on_fly.trusted_proxies.is_empty(), "Fly's edge is trusted");
}
