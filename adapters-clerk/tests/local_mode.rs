//! Local mode: the built-in issuer's tokens go through the Clerk verifier; mode selection.
#![allow(clippy::unwrap_used)] // test helpers: a failed setup should panic

mod common;

use common::{FRONTEND_URL, JwksServer, clock};
use sentinel_adapters_clerk::{
    ClerkSettings, ClerkVerifier, IdentityMode, JwksEndpoint, LOCAL_SESSION_TTL, LocalIdentity,
    build_identity,
};
use sentinel_domain::identity::OrgRole;
use sentinel_ports::driven::clock::{Clock, ManualClock};
use sentinel_ports::driven::identity::{
    IdentityError, IdentityVerifier, LocalSessionError, LocalSessionIssuer,
};
use std::sync::Arc;

fn local_settings() -> ClerkSettings {
    ClerkSettings {
        frontend_url: FRONTEND_URL.into(),
        ..ClerkSettings::default()
    }
}

fn local(clock: Arc<ManualClock>) -> (Arc<dyn IdentityVerifier>, Arc<dyn LocalSessionIssuer>) {
    let identity = build_identity(&local_settings(), clock).unwrap();
    assert_eq!(identity.mode, IdentityMode::Local);
    (identity.verifier, identity.local_issuer.unwrap())
}

#[tokio::test]
async fn local_admin_session_verifies_as_an_admin_of_org_local() {
    let (verifier, issuer) = local(clock());
    let session = issuer.issue("local", OrgRole::Admin).unwrap();
    let user = verifier.verify(&session.token).await.unwrap();
    assert_eq!(user.user_id.as_str(), "user_local_admin");
    assert_eq!(user.org_id.as_str(), "org_local");
    assert_eq!(user.org_role.as_deref(), Some("org:admin"));
    assert!(user.is_admin);
    assert!(
        user.permissions
            .iter()
            .any(|p| p == "org:cameras:manage_cameras")
    );
    assert_eq!(user.plan, "pro_plus");
    assert_eq!(
        (session.user_id, session.org_id),
        (user.user_id, user.org_id)
    );
}

#[tokio::test]
async fn local_member_session_verifies_as_a_viewer() {
    let (verifier, issuer) = local(clock());
    let session = issuer.issue("local", OrgRole::Member).unwrap();
    let user = verifier.verify(&session.token).await.unwrap();
    assert_eq!(user.user_id.as_str(), "user_local_member");
    assert_eq!(user.org_id.as_str(), "org_local");
    assert_eq!(user.permissions, ["org:cameras:view_cameras"]);
    assert!(!user.is_admin);
}

#[tokio::test]
async fn different_slugs_are_different_orgs_with_different_users() {
    let (verifier, issuer) = local(clock());
    let acme = verifier
        .verify(&issuer.issue("acme", OrgRole::Admin).unwrap().token)
        .await
        .unwrap();
    let globex = verifier
        .verify(&issuer.issue("globex", OrgRole::Admin).unwrap().token)
        .await
        .unwrap();
    assert_eq!(acme.org_id.as_str(), "org_local_acme");
    assert_eq!(globex.org_id.as_str(), "org_local_globex");
    assert_ne!(acme.user_id, globex.user_id);
}

#[test]
fn invalid_slugs_are_refused() {
    let (_, issuer) = local(clock());
    for slug in ["", "Acme", "a_b", "../x", &"a".repeat(33)] {
        assert!(
            matches!(
                issuer.issue(slug, OrgRole::Admin),
                Err(LocalSessionError::InvalidOrgSlug(_))
            ),
            "{slug:?}"
        );
    }
}

#[tokio::test]
async fn local_sessions_last_an_hour() {
    let clock = clock();
    let (verifier, issuer) = local(clock.clone());
    let session = issuer.issue("local", OrgRole::Admin).unwrap();
    assert_eq!(session.expires_at, clock.now() + LOCAL_SESSION_TTL);
    clock.advance(LOCAL_SESSION_TTL);
    assert!(
        verifier.verify(&session.token).await.is_ok(),
        "inside the leeway"
    );
    clock.advance(chrono::Duration::seconds(5));
    assert_eq!(
        verifier.verify(&session.token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn the_configured_plan_is_carried_in_the_token() {
    let settings = ClerkSettings {
        local_plan: "free_org".into(),
        ..local_settings()
    };
    let identity = build_identity(&settings, clock()).unwrap();
    let issuer = identity.local_issuer.unwrap();
    let user = identity
        .verifier
        .verify(&issuer.issue("local", OrgRole::Admin).unwrap().token)
        .await
        .unwrap();
    assert_eq!(user.plan, "free_org");
}

#[tokio::test]
async fn another_processs_local_tokens_are_refused() {
    let (verifier, _) = local(clock());
    let (_, other_issuer) = local(clock());
    let foreign = other_issuer.issue("local", OrgRole::Admin).unwrap();
    assert_eq!(
        verifier.verify(&foreign.token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn local_tokens_are_checked_against_the_frontend_url() {
    let clock = clock();
    let issuer = LocalIdentity::generate("", "http://other.example", clock.clone()).unwrap();
    let verifier = ClerkVerifier::with_jwks_document(
        &issuer.public_jwks(),
        &kid_of(&issuer),
        FRONTEND_URL,
        clock,
    )
    .unwrap();
    let session = issuer.issue("local", OrgRole::Admin).unwrap();
    assert_eq!(
        verifier.verify(&session.token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn the_published_jwks_verifies_local_tokens_through_the_jwks_path() {
    let clock = clock();
    let (_, issuer) = local(clock.clone());
    let server = JwksServer::start(issuer.public_jwks());
    let endpoint = JwksEndpoint {
        url: server.url.clone(),
        bearer: None,
    };
    let verifier = ClerkVerifier::with_jwks(endpoint, FRONTEND_URL, clock).unwrap();
    let user = verifier
        .verify(&issuer.issue("local", OrgRole::Member).unwrap().token)
        .await
        .unwrap();
    assert_eq!(user.user_id.as_str(), "user_local_member");
    assert_eq!(server.hits(), 1);
    assert_eq!(server.last_authorization(), None);
}

#[test]
fn public_jwks_has_one_rs256_signing_key() {
    let (_, issuer) = local(clock());
    let jwks = issuer.public_jwks();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kty"], "RSA");
    assert_eq!(keys[0]["alg"], "RS256");
    assert_eq!(keys[0]["use"], "sig");
    assert_eq!(keys[0]["e"], "AQAB");
    assert!(keys[0]["kid"].as_str().unwrap().starts_with("sentinel-"));
    assert!(keys[0].get("d").is_none(), "no private parts");
}

#[test]
fn local_mode_only_when_both_clerk_keys_are_empty() {
    let settings = |secret: &str, publishable: &str| ClerkSettings {
        secret_key: secret.into(),
        publishable_key: publishable.into(),
        ..local_settings()
    };
    assert_eq!(settings("", "").mode(), IdentityMode::Local);
    assert_eq!(
        settings("sk_test_1", "pk_test_1").mode(),
        IdentityMode::Clerk
    );
    assert_eq!(
        settings("sk_test_1", "").mode(),
        IdentityMode::NotConfigured
    );
    assert_eq!(
        settings("", "pk_test_1").mode(),
        IdentityMode::NotConfigured
    );
    assert_eq!(settings(" ", "").mode(), IdentityMode::NotConfigured);

    let clerk = build_identity(&settings("sk_test_1", "pk_test_1"), clock()).unwrap();
    assert!(clerk.local_issuer.is_none());
}

#[tokio::test]
async fn half_configured_clerk_answers_503_and_has_no_local_issuer() {
    for (secret, publishable) in [("sk_test_1", ""), ("", "pk_test_1")] {
        let settings = ClerkSettings {
            secret_key: secret.into(),
            publishable_key: publishable.into(),
            ..local_settings()
        };
        let identity = build_identity(&settings, clock()).unwrap();
        assert_eq!(identity.mode, IdentityMode::NotConfigured);
        assert!(identity.local_issuer.is_none());
        let error = identity
            .verifier
            .verify("any.token.here")
            .await
            .unwrap_err();
        assert_eq!(error, IdentityError::NotConfigured);
        assert_eq!(error.status_code(), 503);
    }
}

#[tokio::test]
async fn clerk_mode_refuses_local_tokens() {
    // A local issuer's token (say, left in a browser) means nothing to a Clerk deployment.
    let (_, issuer) = local(clock());
    let token = issuer.issue("local", OrgRole::Admin).unwrap().token;
    let clerk_key = sentinel_adapters_clerk::RsaSigningKey::generate().unwrap();
    let settings = ClerkSettings {
        secret_key: "sk_test_1".into(),
        publishable_key: "pk_test_1".into(),
        jwt_key: clerk_key.public_pem().into(),
        ..local_settings()
    };
    let identity = build_identity(&settings, clock()).unwrap();
    assert_eq!(identity.mode, IdentityMode::Clerk);
    assert_eq!(
        identity.verifier.verify(&token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[test]
fn an_invalid_clerk_jwt_key_fails_start_up() {
    let settings = ClerkSettings {
        secret_key: "sk_test_1".into(),
        publishable_key: "pk_test_1".into(),
        jwt_key: "not a pem".into(),
        ..local_settings()
    };
    assert!(build_identity(&settings, clock()).is_err());
}

fn kid_of(issuer: &LocalIdentity) -> String {
    issuer.public_jwks()["keys"][0]["kid"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn instances_sharing_a_key_file_accept_each_others_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let settings = ClerkSettings {
        local_signing_key_file: Some(dir.path().join("local-signing-key.pem")),
        ..local_settings()
    };
    let first = build_identity(&settings, clock()).unwrap();
    let second = build_identity(&settings, clock()).unwrap();
    let token = first
        .local_issuer
        .unwrap()
        .issue("local", OrgRole::Admin)
        .unwrap()
        .token;
    let user = second.verifier.verify(&token).await.unwrap();
    assert_eq!(user.org_id.as_str(), "org_local");
    let unshared = build_identity(&local_settings(), clock()).unwrap();
    assert!(
        unshared.verifier.verify(&token).await.is_err(),
        "a key of its own"
    );
    let text = std::fs::read_to_string(dir.path().join("local-signing-key.pem")).unwrap();
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));
}
