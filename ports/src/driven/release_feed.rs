//! Where the latest CloudNode release comes from (GitHub's `releases/latest` in production).

use async_trait::async_trait;
pub use sentinel_domain::releases::{Release, ReleaseAsset};

/// The feed could not say what the latest release is (unreachable, non-200, not a release).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("release feed unavailable: {0}")]
pub struct ReleaseFeedError(pub String);

#[async_trait]
pub trait ReleaseFeed: Send + Sync {
    /// One fetch of the latest published release; no caching (that is `ReleaseCache`'s job).
    async fn latest_release(&self) -> Result<Release, ReleaseFeedError>;
}
