//! The health report's `clerk` check: one cheap Backend API call (list one organisation)
//! with a 5 s timeout. Without a secret key there is nothing to probe.

use async_trait::async_trait;
use sentinel_ports::driven::health::{IdentityProviderProbe, ProbeFailure, ProviderStatus};
use std::time::{Duration, Instant};

const PROBE_URL: &str = "https://api.clerk.com/v1/organizations?limit=1";
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

pub struct ClerkBackendProbe {
    secret_key: String,
    url: String,
    client: reqwest::Client,
}

impl ClerkBackendProbe {
    pub fn new(secret_key: &str) -> Self {
        Self::with_url(secret_key, PROBE_URL)
    }

    /// Points the probe elsewhere (tests).
    pub fn with_url(secret_key: &str, url: &str) -> Self {
        Self {
            secret_key: secret_key.to_owned(),
            url: url.to_owned(),
            client: reqwest::Client::builder()
                .timeout(PROBE_TIMEOUT)
                .build()
                .unwrap_or_default(),
        }
    }
}

#[async_trait]
impl IdentityProviderProbe for ClerkBackendProbe {
    async fn probe(&self) -> ProviderStatus {
        if self.secret_key.is_empty() {
            return ProviderStatus::Unconfigured;
        }
        let started = Instant::now();
        let response = self
            .client
            .get(&self.url)
            .bearer_auth(&self.secret_key)
            .send()
            .await;
        match response {
            Ok(response) if response.status().is_success() => ProviderStatus::Ok {
                latency_ms: (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0,
            },
            Ok(response) => ProviderStatus::Failed(ProbeFailure::new(format!(
                "HTTPStatus{}",
                response.status().as_u16()
            ))),
            Err(error) if error.is_timeout() => ProviderStatus::TimedOut {
                timeout_seconds: PROBE_TIMEOUT.as_secs_f64(),
            },
            Err(error) if error.is_connect() => {
                ProviderStatus::Failed(ProbeFailure::new("ConnectError"))
            }
            Err(_) => ProviderStatus::Failed(ProbeFailure::new("RequestError")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn no_secret_means_unconfigured() {
        assert_eq!(
            ClerkBackendProbe::new("").probe().await,
            ProviderStatus::Unconfigured
        );
    }

    #[tokio::test]
    async fn an_unreachable_api_is_a_named_failure() {
        let probe = ClerkBackendProbe::with_url("sk_test", "http://127.0.0.1:9/v1/organizations");
        assert_eq!(
            probe.probe().await,
            ProviderStatus::Failed(ProbeFailure::new("ConnectError"))
        );
    }
}
