//! The key authenticator (`osc_` MCP and `osi_` integration keys) over the real store, on
//! SQLite or PostgreSQL like every integration test: kind checks, the 60 s memory, forgets,
//! and the once-a-minute `last_used_at` write.

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sentinel_app::database::SqlStore;
use sentinel_application::api_keys::{ApiKeyAuthError, ApiKeyAuthenticator};
use sentinel_domain::api_keys::{ApiKeyKind, ScopeMode};
use sentinel_domain::ids::OrgId;
use sentinel_domain::keys::api_key_hash;
use sentinel_ports::driven::clock::ManualClock;
use sentinel_ports::driven::repos::{ApiKeyRepo, NewApiKey};
use sentinel_tests::TestApp;
use std::sync::Arc;

fn org_a() -> OrgId {
    OrgId::new("org_a")
}

fn new_key(raw: &str, kind: ApiKeyKind, minute: u32) -> NewApiKey {
    let created_at: NaiveDateTime = NaiveDate::from_ymd_opt(2026, 5, 4)
        .and_then(|day| day.and_hms_opt(12, minute, 0))
        .unwrap();
    NewApiKey {
        name: format!("key {raw}"),
        key_hash: api_key_hash(raw),
        kind,
        scope_mode: ScopeMode::All,
        scope_tools: Vec::new(),
        created_at,
    }
}

fn last_used(store: &SqlStore, kind: ApiKeyKind) -> Option<chrono::NaiveDateTime> {
    store.list_active(&org_a(), kind).unwrap()[0].last_used_at
}

#[actix_web::test]
async fn authenticator_checks_kind_and_throttles_last_used_writes() {
    let app = TestApp::start().await;
    let store = SqlStore::new(app.database.clone());
    let start = Utc.with_ymd_and_hms(2026, 5, 4, 12, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let auth = ApiKeyAuthenticator::new(app.state.repos.api_keys.clone(), clock.clone());
    let raw = "osi_0123456789abcdef0123456789abcdef";
    store
        .create(&org_a(), new_key(raw, ApiKeyKind::Integration, 0))
        .unwrap();

    let key = auth.authenticate(ApiKeyKind::Integration, raw).unwrap();
    assert_eq!(key.org_id, org_a());
    assert_eq!(key.last_used_at, Some(start.naive_utc()));
    assert_eq!(
        last_used(&store, ApiKeyKind::Integration),
        Some(start.naive_utc())
    );
    assert!(matches!(
        auth.authenticate(ApiKeyKind::Mcp, raw),
        Err(ApiKeyAuthError::Invalid)
    ));
    assert!(matches!(
        auth.authenticate(ApiKeyKind::Integration, "osi_unknown"),
        Err(ApiKeyAuthError::Invalid)
    ));

    clock.advance(Duration::seconds(30));
    auth.authenticate(ApiKeyKind::Integration, raw).unwrap();
    assert_eq!(
        last_used(&store, ApiKeyKind::Integration),
        Some(start.naive_utc())
    );

    clock.advance(Duration::seconds(31));
    auth.authenticate(ApiKeyKind::Integration, raw).unwrap();
    assert_eq!(
        last_used(&store, ApiKeyKind::Integration),
        Some(start.naive_utc() + Duration::seconds(61))
    );
}

#[actix_web::test]
async fn a_revoked_key_stops_once_forgotten_and_the_cache_expires_otherwise() {
    let app = TestApp::start().await;
    let store = SqlStore::new(app.database.clone());
    let start = Utc.with_ymd_and_hms(2026, 5, 4, 12, 0, 0).unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let auth = ApiKeyAuthenticator::new(app.state.repos.api_keys.clone(), clock.clone());
    let first = "osc_11111111111111111111111111111111";
    let second = "osc_22222222222222222222222222222222";
    let a = store
        .create(&org_a(), new_key(first, ApiKeyKind::Mcp, 0))
        .unwrap();
    let b = store
        .create(&org_a(), new_key(second, ApiKeyKind::Mcp, 1))
        .unwrap();
    auth.authenticate(ApiKeyKind::Mcp, first).unwrap();
    auth.authenticate(ApiKeyKind::Mcp, second).unwrap();

    // Revoked behind the cache's back: still trusted from memory until forgotten...
    store.revoke(&org_a(), ApiKeyKind::Mcp, a.id).unwrap();
    assert!(auth.authenticate(ApiKeyKind::Mcp, first).is_ok());
    auth.forget(&api_key_hash(first));
    assert!(matches!(
        auth.authenticate(ApiKeyKind::Mcp, first),
        Err(ApiKeyAuthError::Invalid)
    ));

    // ...or until the minute is up.
    store.revoke(&org_a(), ApiKeyKind::Mcp, b.id).unwrap();
    assert!(auth.authenticate(ApiKeyKind::Mcp, second).is_ok());
    clock.advance(Duration::seconds(61));
    assert!(matches!(
        auth.authenticate(ApiKeyKind::Mcp, second),
        Err(ApiKeyAuthError::Invalid)
    ));
}

#[actix_web::test]
async fn forget_id_drops_the_key_from_memory() {
    let app = TestApp::start().await;
    let store = SqlStore::new(app.database.clone());
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 5, 4, 12, 0, 0).unwrap(),
    ));
    let auth = ApiKeyAuthenticator::new(app.state.repos.api_keys.clone(), clock);
    let raw = "osi_33333333333333333333333333333333";
    let key = store
        .create(&org_a(), new_key(raw, ApiKeyKind::Integration, 0))
        .unwrap();
    auth.authenticate(ApiKeyKind::Integration, raw).unwrap();
    store
        .revoke(&org_a(), ApiKeyKind::Integration, key.id)
        .unwrap();
    auth.forget_id(key.id);
    assert!(matches!(
        auth.authenticate(ApiKeyKind::Integration, raw),
        Err(ApiKeyAuthError::Invalid)
    ));
}
