//! Keys fetched from a JWKS endpoint: caching per kid, refetch on rotation, failures.
#![allow(clippy::unwrap_used)] // test helpers: a failed setup should panic

mod common;

use chrono::Duration;
use common::{FRONTEND_URL, JwksServer, clock, dead_url, v2_claims};
use sentinel_adapters_clerk::{
    ClerkVerifier, JwksEndpoint, KEY_CACHE_TTL, MIN_REFETCH_INTERVAL, RsaSigningKey,
    STALE_KEY_GRACE,
};
use sentinel_ports::driven::clock::{Clock, ManualClock};
use sentinel_ports::driven::identity::{IdentityError, IdentityVerifier};
use serde_json::{Value, json};
use std::sync::Arc;

fn jwks(keys: &[&RsaSigningKey]) -> Value {
    json!({ "keys": keys.iter().map(|k| k.public_jwk().clone()).collect::<Vec<_>>() })
}

/// `key`'s public JWK, published under another kid.
fn jwk_as(key: &RsaSigningKey, kid: &str) -> Value {
    let mut jwk = key.public_jwk().clone();
    jwk["kid"] = json!(kid);
    jwk
}

fn verifier_for(url: &str, clock: Arc<ManualClock>) -> ClerkVerifier {
    let endpoint = JwksEndpoint {
        url: url.to_owned(),
        bearer: Some("sk_test_secret".into()),
    };
    ClerkVerifier::with_jwks(endpoint, FRONTEND_URL, clock).unwrap()
}

fn past_refetch_interval() -> Duration {
    MIN_REFETCH_INTERVAL + Duration::seconds(1)
}

#[tokio::test]
async fn keys_are_fetched_once_and_cached_per_kid() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());

    for _ in 0..3 {
        let token = key.sign(&v2_claims(clock.now())).unwrap();
        let user = verifier.verify(&token).await.unwrap();
        assert_eq!(user.org_id.as_str(), "org_2xyz");
    }
    assert_eq!(server.hits(), 1);
    assert_eq!(
        server.last_authorization().as_deref(),
        Some("Bearer sk_test_secret")
    );
}

#[tokio::test]
async fn cached_keys_expire_after_five_minutes() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());

    verifier
        .verify(&key.sign(&v2_claims(clock.now())).unwrap())
        .await
        .unwrap();
    clock.advance(KEY_CACHE_TTL - Duration::seconds(1));
    verifier
        .verify(&key.sign(&v2_claims(clock.now())).unwrap())
        .await
        .unwrap();
    assert_eq!(server.hits(), 1);
    clock.advance(Duration::seconds(1));
    verifier
        .verify(&key.sign(&v2_claims(clock.now())).unwrap())
        .await
        .unwrap();
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn an_unknown_kid_triggers_one_refetch() {
    let old = RsaSigningKey::generate().unwrap();
    let new = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&old]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    verifier
        .verify(&old.sign(&v2_claims(clock.now())).unwrap())
        .await
        .unwrap();

    server.set_document(jwks(&[&old, &new]));
    clock.advance(past_refetch_interval());
    let user = verifier
        .verify(&new.sign(&v2_claims(clock.now())).unwrap())
        .await;
    assert!(user.is_ok());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_kid_nobody_publishes_is_refused_without_hammering_the_endpoint() {
    let key = RsaSigningKey::generate().unwrap();
    let stranger = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());

    let token = stranger.sign(&v2_claims(clock.now())).unwrap();
    for _ in 0..5 {
        assert_eq!(
            verifier.verify(&token).await.unwrap_err(),
            IdentityError::NotAuthenticated
        );
    }
    assert_eq!(
        server.hits(),
        1,
        "one fetch per refetch interval, not one per request"
    );
    clock.advance(past_refetch_interval());
    assert_eq!(
        verifier.verify(&token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_bad_signature_with_a_cached_key_refetches_once() {
    // Clerk rotates the key behind the same kid.
    let before = RsaSigningKey::generate().unwrap();
    let after = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(json!({"keys": [jwk_as(&before, "ins_1")]}));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    let sign = |key: &RsaSigningKey, clock: &ManualClock| {
        key.sign_with_kid(&v2_claims(clock.now()), Some("ins_1"))
            .unwrap()
    };
    verifier.verify(&sign(&before, &clock)).await.unwrap();

    server.set_document(json!({"keys": [jwk_as(&after, "ins_1")]}));
    clock.advance(past_refetch_interval());
    verifier.verify(&sign(&after, &clock)).await.unwrap();
    assert_eq!(server.hits(), 2);

    // The new key is cached; a forged token gets one refetch at most, then 401.
    let forger = RsaSigningKey::generate().unwrap();
    assert_eq!(
        verifier.verify(&sign(&forger, &clock)).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
    assert_eq!(
        server.hits(),
        2,
        "the key was fetched moments ago: no refetch"
    );
    verifier.verify(&sign(&after, &clock)).await.unwrap();
}

#[tokio::test]
async fn a_token_without_kid_is_refused_in_jwks_mode() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    let token = key.sign_with_kid(&v2_claims(clock.now()), None).unwrap();
    assert_eq!(
        verifier.verify(&token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn an_unreachable_jwks_endpoint_is_authentication_failed() {
    let key = RsaSigningKey::generate().unwrap();
    let clock = clock();
    let verifier = verifier_for(&dead_url(), clock.clone());
    let token = key.sign(&v2_claims(clock.now())).unwrap();
    let error = verifier.verify(&token).await.unwrap_err();
    assert_eq!(error, IdentityError::Failed);
    assert_eq!(error.status_code(), 401);
    assert_eq!(error.to_string(), "Authentication failed");
}

#[tokio::test]
async fn a_failing_jwks_endpoint_is_retried_only_after_the_refetch_interval() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    server.set_status(500);
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    let token = key.sign(&v2_claims(clock.now())).unwrap();

    assert_eq!(
        verifier.verify(&token).await.unwrap_err(),
        IdentityError::Failed
    );
    assert_eq!(
        verifier.verify(&token).await.unwrap_err(),
        IdentityError::Failed
    );
    assert_eq!(server.hits(), 1);

    server.set_status(200);
    clock.advance(past_refetch_interval());
    assert!(
        verifier
            .verify(&key.sign(&v2_claims(clock.now())).unwrap())
            .await
            .is_ok()
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_document_that_is_not_a_jwks_is_authentication_failed() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(json!({"error": "nope"}));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    let token = key.sign(&v2_claims(clock.now())).unwrap();
    assert_eq!(
        verifier.verify(&token).await.unwrap_err(),
        IdentityError::Failed
    );
}

#[tokio::test]
async fn junk_tokens_never_reach_the_endpoint() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let verifier = verifier_for(&server.url, clock());
    for token in ["", "junk", "a.b.c"] {
        assert_eq!(
            verifier.verify(token).await.unwrap_err(),
            IdentityError::NotAuthenticated
        );
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_misses_share_one_fetch() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = Arc::new(verifier_for(&server.url, clock.clone()));
    let token = key.sign(&v2_claims(clock.now())).unwrap();

    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let verifier = verifier.clone();
            let token = token.clone();
            tokio::spawn(async move { verifier.verify(&token).await })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().is_ok());
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn an_unreachable_jwks_endpoint_keeps_serving_with_the_cached_keys() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    verifier
        .verify(&key.sign(&v2_claims(clock.now())).unwrap())
        .await
        .unwrap();

    server.go_away();
    // Past the cache TTL the key is refetched; the fetch fails and the cached key still
    // verifies, through repeated failed refetches, for the whole grace period.
    for step in [KEY_CACHE_TTL, past_refetch_interval(), Duration::hours(12)] {
        clock.advance(step);
        let user = verifier
            .verify(&key.sign(&v2_claims(clock.now())).unwrap())
            .await
            .unwrap();
        assert_eq!(user.org_id.as_str(), "org_2xyz");
    }
    // A forged token is still refused while the endpoint is down.
    let forger = RsaSigningKey::generate().unwrap();
    let forged = forger
        .sign_with_kid(&v2_claims(clock.now()), key.public_jwk()["kid"].as_str())
        .unwrap();
    assert!(verifier.verify(&forged).await.is_err());

    // Past the grace period an unreachable Clerk is a failure, not a pass.
    clock.advance(STALE_KEY_GRACE);
    assert_eq!(
        verifier
            .verify(&key.sign(&v2_claims(clock.now())).unwrap())
            .await
            .unwrap_err(),
        IdentityError::Failed
    );
}

/// One forged token while Clerk's JWKS is unreachable must not cost everyone else the
/// cached key: the refetch it causes fails, and the key stays.
#[tokio::test]
async fn a_forged_token_during_an_outage_does_not_drop_the_cached_key() {
    let key = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    verifier
        .verify(&key.sign(&v2_claims(clock.now())).unwrap())
        .await
        .unwrap();

    server.go_away();
    clock.advance(past_refetch_interval());
    let forger = RsaSigningKey::generate().unwrap();
    let forged = forger
        .sign_with_kid(&v2_claims(clock.now()), key.public_jwk()["kid"].as_str())
        .unwrap();
    assert_eq!(
        verifier.verify(&forged).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
    for step in [Duration::seconds(1), past_refetch_interval(), KEY_CACHE_TTL] {
        clock.advance(step);
        let fresh = key.sign(&v2_claims(clock.now())).unwrap();
        let user = verifier.verify(&fresh).await.unwrap();
        assert_eq!(user.org_id.as_str(), "org_2xyz");
    }
}

#[tokio::test]
async fn a_kid_never_fetched_is_not_served_while_the_endpoint_is_down() {
    let key = RsaSigningKey::generate().unwrap();
    let other = RsaSigningKey::generate().unwrap();
    let server = JwksServer::start(jwks(&[&key]));
    let clock = clock();
    let verifier = verifier_for(&server.url, clock.clone());
    verifier
        .verify(&key.sign(&v2_claims(clock.now())).unwrap())
        .await
        .unwrap();
    server.go_away();
    clock.advance(past_refetch_interval());
    let token = other
        .sign_with_kid(&v2_claims(clock.now()), Some("kid_unknown"))
        .unwrap();
    assert!(verifier.verify(&token).await.is_err());
}
