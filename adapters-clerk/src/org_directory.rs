//! `OrgDirectory` over Clerk's Backend API: one page (`limit=100`) of the organisation's
//! memberships, each with `role` and `public_user_data.identifier`.

use async_trait::async_trait;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::org_directory::{DirectoryError, OrgDirectory, OrgMember};
use serde::Deserialize;
use std::time::Duration;

pub const CLERK_BACKEND_API: &str = "https://api.clerk.com/v1";
const TIMEOUT: Duration = Duration::from_secs(10);

pub struct ClerkOrgDirectory {
    secret_key: String,
    api_base: String,
    client: reqwest::Client,
}

impl ClerkOrgDirectory {
    pub fn new(secret_key: &str) -> Self {
        Self::with_api_base(secret_key, CLERK_BACKEND_API)
    }

    /// Points the directory elsewhere (tests).
    pub fn with_api_base(secret_key: &str, api_base: &str) -> Self {
        Self {
            secret_key: secret_key.to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder()
                .timeout(TIMEOUT)
                .build()
                .unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
struct Memberships {
    #[serde(default)]
    data: Vec<Membership>,
}

#[derive(Deserialize)]
struct Membership {
    #[serde(default)]
    role: String,
    #[serde(default)]
    public_user_data: Option<PublicUserData>,
}

#[derive(Deserialize)]
struct PublicUserData {
    #[serde(default)]
    identifier: Option<String>,
}

#[async_trait]
impl OrgDirectory for ClerkOrgDirectory {
    async fn members(&self, org: &OrgId) -> Result<Vec<OrgMember>, DirectoryError> {
        if self.secret_key.is_empty() {
            return Err(DirectoryError("CLERK_SECRET_KEY not set".to_owned()));
        }
        let url = format!(
            "{}/organizations/{}/memberships",
            self.api_base,
            org.as_str()
        );
        let response = self
            .client
            .get(url)
            .query(&[("limit", "100")])
            .bearer_auth(&self.secret_key)
            .send()
            .await
            .map_err(|error| DirectoryError(format!("request failed: {error}")))?;
        if !response.status().is_success() {
            return Err(DirectoryError(format!(
                "HTTP {}",
                response.status().as_u16()
            )));
        }
        let page: Memberships = response
            .json()
            .await
            .map_err(|error| DirectoryError(format!("unexpected body: {error}")))?;
        Ok(page
            .data
            .into_iter()
            .map(|membership| OrgMember {
                identifier: membership
                    .public_user_data
                    .and_then(|data| data.identifier)
                    .unwrap_or_default(),
                role: membership.role,
            })
            .collect())
    }

    async fn set_member_limit(&self, org: &OrgId, limit: u32) -> Result<(), DirectoryError> {
        if self.secret_key.is_empty() {
            return Err(DirectoryError("CLERK_SECRET_KEY not set".to_owned()));
        }
        let url = format!("{}/organizations/{}", self.api_base, org.as_str());
        let response = self
            .client
            .patch(url)
            .bearer_auth(&self.secret_key)
            .json(&serde_json::json!({"max_allowed_memberships": limit}))
            .send()
            .await
            .map_err(|error| DirectoryError(format!("request failed: {error}")))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(DirectoryError(format!(
                "HTTP {}",
                response.status().as_u16()
            )))
        }
    }

    async fn subscription_items(
        &self,
        org: &OrgId,
    ) -> Result<Vec<serde_json::Value>, DirectoryError> {
        if self.secret_key.is_empty() {
            return Err(DirectoryError("CLERK_SECRET_KEY not set".to_owned()));
        }
        let url = format!(
            "{}/organizations/{}/billing/subscription",
            self.api_base,
            org.as_str()
        );
        let response = self
            .client
            .get(url)
            .bearer_auth(&self.secret_key)
            .send()
            .await
            .map_err(|error| DirectoryError(format!("request failed: {error}")))?;
        if !response.status().is_success() {
            return Err(DirectoryError(format!(
                "HTTP {}",
                response.status().as_u16()
            )));
        }
        let body: serde_json::Value = response
            .json()
            .await
            .map_err(|error| DirectoryError(format!("unexpected body: {error}")))?;
        Ok(body
            .get("subscription_items")
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default())
    }
}
