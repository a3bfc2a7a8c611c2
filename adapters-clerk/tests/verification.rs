//! Token verification rules, through a verifier holding one PEM key (`CLERK_JWT_KEY`).
#![allow(clippy::unwrap_used)] // test helpers: a failed setup should panic

mod common;

use chrono::Duration;
use common::{FRONTEND_URL, clock, v1_claims, v2_claims, with};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sentinel_adapters_clerk::{ClerkVerifier, RsaSigningKey};
use sentinel_ports::driven::clock::{Clock, ManualClock};
use sentinel_ports::driven::identity::{IdentityError, IdentityVerifier};
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

/// One key pair for the whole file: RSA generation is the slow part.
fn clerk_key() -> &'static RsaSigningKey {
    static KEY: OnceLock<RsaSigningKey> = OnceLock::new();
    KEY.get_or_init(|| RsaSigningKey::generate().unwrap())
}

fn verifier(clock: Arc<ManualClock>) -> ClerkVerifier {
    ClerkVerifier::with_pem_key(clerk_key().public_pem(), FRONTEND_URL, clock).unwrap()
}

async fn verify_claims(
    claims: Value,
) -> Result<sentinel_domain::identity::AuthUser, IdentityError> {
    let clock = clock();
    verifier(clock)
        .verify(&clerk_key().sign(&claims).unwrap())
        .await
}

#[tokio::test]
async fn valid_v2_token_gives_the_decoded_user() {
    let user = verify_claims(v2_claims(common::start_time()))
        .await
        .unwrap();
    assert_eq!(user.user_id.as_str(), "user_2abc");
    assert_eq!(user.org_id.as_str(), "org_2xyz");
    assert_eq!(user.org_role.as_deref(), Some("admin"));
    assert!(user.is_admin);
    assert_eq!(
        user.permissions,
        [
            "org:cameras:manage_cameras",
            "org:cameras:view_cameras",
            "org:admin:view_cameras"
        ]
    );
    assert_eq!(user.features, ["cameras", "admin"]);
    assert_eq!(user.plan, "pro");
}

#[tokio::test]
async fn valid_v1_token_gives_the_decoded_user() {
    let user = verify_claims(v1_claims(common::start_time()))
        .await
        .unwrap();
    assert_eq!(user.user_id.as_str(), "user_v1");
    assert_eq!(user.org_id.as_str(), "org_v1");
    assert_eq!(user.permissions, ["org:cameras:view_cameras"]);
    assert_eq!(user.email, "member@example.com");
    assert_eq!(user.plan, "free_org");
    assert!(!user.is_admin);
}

#[tokio::test]
async fn expiry_allows_five_seconds_of_clock_skew() {
    let now = common::start_time().timestamp();
    let expired_3s_ago = with(v2_claims(common::start_time()), json!({"exp": now - 3}));
    assert!(verify_claims(expired_3s_ago).await.is_ok());
    let expired_10s_ago = with(v2_claims(common::start_time()), json!({"exp": now - 10}));
    assert_eq!(
        verify_claims(expired_10s_ago).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn a_token_expires_as_the_clock_moves() {
    let clock = clock();
    let verifier = verifier(clock.clone());
    let token = clerk_key().sign(&v2_claims(clock.now())).unwrap();
    assert!(verifier.verify(&token).await.is_ok());
    clock.advance(Duration::seconds(64));
    assert!(verifier.verify(&token).await.is_ok());
    clock.advance(Duration::seconds(2));
    assert_eq!(
        verifier.verify(&token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn a_token_claiming_a_lifetime_past_a_day_is_refused() {
    let now = common::start_time().timestamp();
    for exp in [json!(1e300), json!(now + 2 * 86_400)] {
        let claims = with(v2_claims(common::start_time()), json!({ "exp": exp }));
        assert_eq!(
            verify_claims(claims).await.unwrap_err(),
            IdentityError::NotAuthenticated
        );
    }
}

#[tokio::test]
async fn a_token_without_expiry_is_refused() {
    let claims = with(v2_claims(common::start_time()), json!({"exp": null}));
    assert_eq!(
        verify_claims(claims).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn not_yet_valid_tokens_are_refused_beyond_the_leeway() {
    let now = common::start_time().timestamp();
    let base = v2_claims(common::start_time());
    assert!(
        verify_claims(with(base.clone(), json!({"nbf": now + 4})))
            .await
            .is_ok()
    );
    for changes in [json!({"nbf": now + 30}), json!({"iat": now + 30})] {
        assert_eq!(
            verify_claims(with(base.clone(), changes.clone()))
                .await
                .unwrap_err(),
            IdentityError::NotAuthenticated,
            "{changes}"
        );
    }
}

#[tokio::test]
async fn a_token_signed_by_another_key_is_refused() {
    let other = RsaSigningKey::generate().unwrap();
    let token = other.sign(&v2_claims(common::start_time())).unwrap();
    assert_eq!(
        verifier(clock()).verify(&token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let token = clerk_key().sign(&v2_claims(common::start_time())).unwrap();
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let forged = with(
        v2_claims(common::start_time()),
        json!({"sub": "user_admin"}),
    );
    parts[1] = base64_url(&forged.to_string());
    let forged = parts.join(".");
    assert_eq!(
        verifier(clock()).verify(&forged).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn azp_must_be_present_and_equal_to_the_frontend_url() {
    let base = v2_claims(common::start_time());
    for changes in [
        json!({"azp": null}),
        json!({"azp": "https://evil.example.com"}),
        json!({"azp": "http://localhost:5173/"}),
    ] {
        assert_eq!(
            verify_claims(with(base.clone(), changes.clone()))
                .await
                .unwrap_err(),
            IdentityError::NotAuthenticated,
            "{changes}"
        );
    }
}

#[tokio::test]
async fn hs256_tokens_are_refused_even_when_keyed_with_the_public_key() {
    // The classic confusion attack: HMAC "signed" with the RSA public key's bytes.
    let claims = v2_claims(common::start_time());
    let secret = clerk_key().public_pem().as_bytes();
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .unwrap();
    assert_eq!(
        verifier(clock()).verify(&token).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn unsigned_and_garbage_tokens_are_refused() {
    let claims = base64_url(&v2_claims(common::start_time()).to_string());
    let unsigned = format!("{}.{claims}.", base64_url(r#"{"alg":"none","typ":"JWT"}"#));
    for token in [unsigned.as_str(), "", "abc", "a.b.c", "Bearer x.y.z"] {
        assert_eq!(
            verifier(clock()).verify(token).await.unwrap_err(),
            IdentityError::NotAuthenticated,
            "{token}"
        );
    }
}

#[tokio::test]
async fn a_verified_token_without_an_org_is_no_organization() {
    let claims = with(v2_claims(common::start_time()), json!({"o": null}));
    assert_eq!(
        verify_claims(claims).await.unwrap_err(),
        IdentityError::NoOrganization
    );
    assert_eq!(IdentityError::NoOrganization.status_code(), 400);
}

#[tokio::test]
async fn a_verified_token_without_a_subject_is_not_authenticated() {
    let claims = with(v2_claims(common::start_time()), json!({"sub": null}));
    assert_eq!(
        verify_claims(claims).await.unwrap_err(),
        IdentityError::NotAuthenticated
    );
}

#[tokio::test]
async fn a_static_key_ignores_the_kid() {
    let claims = v2_claims(common::start_time());
    for kid in [None, Some("some-other-kid")] {
        let token = clerk_key().sign_with_kid(&claims, kid).unwrap();
        assert!(verifier(clock()).verify(&token).await.is_ok(), "{kid:?}");
    }
}

#[tokio::test]
async fn pem_keys_from_env_files_are_accepted_on_one_line() {
    let one_line = clerk_key().public_pem().replace('\n', "\\n");
    let verifier = ClerkVerifier::with_pem_key(&one_line, FRONTEND_URL, clock()).unwrap();
    let token = clerk_key().sign(&v2_claims(common::start_time())).unwrap();
    assert!(verifier.verify(&token).await.is_ok());
}

#[test]
fn a_pem_that_is_not_an_rsa_public_key_fails_at_start_up() {
    for pem in [
        "",
        "not a key",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    ] {
        assert!(
            ClerkVerifier::with_pem_key(pem, FRONTEND_URL, clock()).is_err(),
            "{pem}"
        );
    }
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}
