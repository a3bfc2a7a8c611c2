//! What can go wrong while building the identity adapters at start-up.

#[derive(Debug, thiserror::Error)]
pub enum IdentitySetupError {
    /// `CLERK_JWT_KEY` (or local mode's own JWKS) holds no usable RSA public key.
    #[error("not a usable RSA public key: {0}")]
    InvalidPublicKey(String),
    #[error("could not build the HTTP client for Clerk's JWKS: {0}")]
    HttpClient(#[source] reqwest::Error),
    #[error(transparent)]
    LocalKey(#[from] crate::rsa_key::KeyGenerationError),
    #[error("LOCAL_SIGNING_KEY_FILE {path}: {error}")]
    KeyFile {
        path: String,
        #[source]
        error: std::io::Error,
    },
}
