//! The CloudNode release feed over GitHub's REST API (notifications-email-webhooks.md §11):
//! `GET /repos/SourceBox-LLC/Sentinel-CameraNode/releases/latest`, unauthenticated, with
//! `Accept: application/vnd.github+json` and a 5 s timeout. Caching and stale-on-error live
//! in `ReleaseCache`; this adapter only fetches and reads one release document.

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::ACCEPT;
use sentinel_ports::driven::release_feed::{Release, ReleaseAsset, ReleaseFeed, ReleaseFeedError};
use serde_json::Value;
use std::time::Duration;

/// The latest published CloudNode release (`RELEASE_FEED_URL` overrides it).
pub const CAMERANODE_LATEST_RELEASE_URL: &str =
    "https://api.github.com/repos/SourceBox-LLC/Sentinel-CameraNode/releases/latest";

/// A fetch gives up after this long: a hung GitHub must not hang a download request.
pub const RELEASE_FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// GitHub's media type for its REST API.
const GITHUB_JSON: &str = "application/vnd.github+json";

/// GitHub refuses requests without a User-Agent.
const USER_AGENT: &str = concat!("sentinel-command-center/", env!("CARGO_PKG_VERSION"));

/// A release document with every asset's uploader is tens of KiB; far more is not one.
const MAX_RELEASE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
#[error("cannot build the release feed's HTTP client: {0}")]
pub struct ReleaseFeedSetupError(#[source] reqwest::Error);

/// Fetches the latest release from GitHub (or whatever serves the same document at `url`).
pub struct GitHubReleaseFeed {
    url: String,
    client: reqwest::Client,
}

impl GitHubReleaseFeed {
    /// A feed reading `url` with the 5 s timeout.
    pub fn new(url: &str) -> Result<Self, ReleaseFeedSetupError> {
        Self::with_timeout(url, RELEASE_FETCH_TIMEOUT)
    }

    /// A feed with another timeout (tests).
    pub fn with_timeout(url: &str, timeout: Duration) -> Result<Self, ReleaseFeedSetupError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(ReleaseFeedSetupError)?;
        Ok(Self {
            url: url.to_owned(),
            client,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

#[async_trait]
impl ReleaseFeed for GitHubReleaseFeed {
    async fn latest_release(&self) -> Result<Release, ReleaseFeedError> {
        let mut response = self
            .client
            .get(&self.url)
            .header(ACCEPT, GITHUB_JSON)
            .send()
            .await
            .map_err(fetch_error)?;
        if response.status() != StatusCode::OK {
            return Err(ReleaseFeedError(format!(
                "release feed answered HTTP {}",
                response.status().as_u16()
            )));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(fetch_error)? {
            if body.len() + chunk.len() > MAX_RELEASE_BYTES {
                return Err(ReleaseFeedError("release document too large".into()));
            }
            body.extend_from_slice(&chunk);
        }
        let document: Value = serde_json::from_slice(&body)
            .map_err(|error| ReleaseFeedError(format!("release document is not JSON: {error}")))?;
        release_from_document(&document)
            .ok_or_else(|| ReleaseFeedError("release document is not an object".into()))
    }
}

/// Reads a GitHub release object. A missing `tag_name` or `assets` is not an error (the
/// cache then falls back to `LATEST_NODE_VERSION`, and downloads find no candidate); assets
/// without a string `name` and `browser_download_url` are skipped.
pub fn release_from_document(document: &Value) -> Option<Release> {
    let release = document.as_object()?;
    let tag_name = release
        .get("tag_name")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let assets = release
        .get("assets")
        .and_then(Value::as_array)
        .map(|assets| assets.iter().filter_map(asset_from_document).collect())
        .unwrap_or_default();
    Some(Release::new(tag_name, assets))
}

fn asset_from_document(asset: &Value) -> Option<ReleaseAsset> {
    Some(ReleaseAsset {
        name: asset.get("name")?.as_str()?.to_owned(),
        browser_download_url: asset.get("browser_download_url")?.as_str()?.to_owned(),
    })
}

fn fetch_error(error: reqwest::Error) -> ReleaseFeedError {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    ReleaseFeedError(format!("release feed {kind}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_tag_and_the_usable_assets() {
        let release = release_from_document(&json!({
            "tag_name": "v0.2.0",
            "name": "CloudNode 0.2.0",
            "assets": [
                {"name": "a-linux-x86_64.tar.gz", "browser_download_url": "https://x/a", "size": 1},
                {"name": "no-url"},
                {"browser_download_url": "https://x/no-name"},
                "not an asset"
            ]
        }))
        .unwrap();
        assert_eq!(release.tag_name.as_deref(), Some("v0.2.0"));
        assert_eq!(
            release.version.map(|v| v.to_string()).as_deref(),
            Some("0.2.0")
        );
        assert_eq!(
            release.assets,
            [ReleaseAsset {
                name: "a-linux-x86_64.tar.gz".into(),
                browser_download_url: "https://x/a".into()
            }]
        );
    }

    #[test]
    fn a_document_without_tag_or_assets_is_still_a_release() {
        let release = release_from_document(&json!({"message": "hello"})).unwrap();
        assert_eq!(release.tag_name, None);
        assert_eq!(release.version, None);
        assert!(release.assets.is_empty());
        assert!(release_from_document(&json!([1, 2])).is_none());
    }
}
