//! The bearer's side: a share link's public page and its cameras' playlists and segments,
//! and nothing else. Every route checks the link first (shape, then memory or database,
//! then status, plan and viewer ceiling); the media routes then go through the live
//! pipeline like any viewer, metered to the org.

use super::grants::{Grant, ShareGrants};
use crate::audit_trail::{self, Actor};
use crate::blocking::unblock;
use crate::live::{LiveError, LivePipeline, Viewer};
use bytes::Bytes;
use chrono::{DateTime, NaiveDateTime, Utc};
use sentinel_domain::fleet::CameraListing;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::sharing::{
    ShareLink, ShareLinkStatus, ShareScope, ViewerWindow, is_well_formed_token,
};
use sentinel_domain::text::natural_cmp;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::{
    AuditRepo, CameraRepo, RepoError, Repositories, ShareLinkRepo,
};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

/// Windows kept before the empty ones are swept.
const SWEEP_VIEWER_WINDOWS_ABOVE: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum ShareAccessError {
    /// Malformed or unknown token, or the org is gone.
    #[error("Share link not found")]
    NotFound,
    #[error("This share link has expired.")]
    Expired,
    #[error("This share link was revoked.")]
    Revoked,
    /// The org's plan no longer includes sharing.
    #[error("This share link is not available right now.")]
    Unavailable,
    #[error("This link already has its maximum number of viewers. Try again in a minute.")]
    Full { max_viewers: u32 },
    /// The media routes' own answers (camera unknown, stream not started, viewer-hour cap…).
    #[error(transparent)]
    Live(LiveError),
    #[error(transparent)]
    Storage(RepoError),
}

impl From<RepoError> for ShareAccessError {
    fn from(error: RepoError) -> Self {
        Self::Storage(error)
    }
}

impl From<LiveError> for ShareAccessError {
    fn from(error: LiveError) -> Self {
        match error {
            LiveError::Storage(error) => Self::Storage(error),
            other => Self::Live(other),
        }
    }
}

/// Who is asking: the client's address (the viewer ceiling counts these) and user agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedClient {
    pub ip: String,
    pub user_agent: Option<String>,
}

/// The public page's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedView {
    pub label: String,
    pub expires_at: NaiveDateTime,
    pub cameras: Vec<SharedCamera>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedCamera {
    pub camera_id: CameraId,
    pub name: String,
    pub status: String,
}

pub struct SharedAccess {
    links: Arc<dyn ShareLinkRepo>,
    cameras: Arc<dyn CameraRepo>,
    audit: Arc<dyn AuditRepo>,
    grants: Arc<ShareGrants>,
    pipeline: Arc<LivePipeline>,
    clock: Arc<dyn Clock>,
    viewers: Mutex<HashMap<i64, ViewerWindow>>,
}

impl SharedAccess {
    pub fn new(
        repos: &Repositories,
        grants: Arc<ShareGrants>,
        pipeline: Arc<LivePipeline>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            links: repos.share_links.clone(),
            cameras: repos.cameras.clone(),
            audit: repos.audit.clone(),
            grants,
            pipeline,
            clock,
            viewers: Mutex::default(),
        }
    }

    /// The public page: the link read afresh from the database, its cameras as they are now.
    /// Counts a view; the first one writes `share_link_first_used`.
    pub async fn open(
        self: &Arc<Self>,
        token: &str,
        client: &SharedClient,
    ) -> Result<SharedView, ShareAccessError> {
        let token_hash = token_hash(token)?;
        let this = Arc::clone(self);
        let grant = unblock(move || this.resolve(&token_hash)).await?;
        self.admit(&grant, client).await?;
        let this = Arc::clone(self);
        let client = client.clone();
        unblock(move || this.page(&grant, &client)).await
    }

    /// One of the link's cameras' media playlist.
    pub async fn playlist(
        self: &Arc<Self>,
        token: &str,
        camera_id: &CameraId,
        client: &SharedClient,
    ) -> Result<Bytes, ShareAccessError> {
        let grant = self.grant(token).await?;
        self.admit(&grant, client).await?;
        if !grant.opens(camera_id) {
            return Err(LiveError::CameraNotFound.into());
        }
        let link = &grant.link;
        let viewer = Viewer {
            org: link.org_id.clone(),
            user_id: grant.principal.clone(),
            email: link.label.clone(),
            ip_address: Some(client.ip.clone()),
            user_agent: client.user_agent.clone(),
        };
        let pipeline = &self.pipeline;
        Ok(pipeline
            .warmed(|| pipeline.playlist_for_share(&viewer, camera_id))
            .await?)
    }

    /// One of the link's cameras' segments, metered to the org.
    pub async fn segment(
        self: &Arc<Self>,
        token: &str,
        camera_id: &CameraId,
        filename: &str,
        client: &SharedClient,
    ) -> Result<Bytes, ShareAccessError> {
        let grant = self.grant(token).await?;
        self.admit(&grant, client).await?;
        if !grant.opens(camera_id) {
            return Err(LiveError::CameraNotFound.into());
        }
        let (org, principal) = (&grant.link.org_id, &grant.principal);
        let pipeline = &self.pipeline;
        Ok(pipeline
            .warmed(|| pipeline.segment_for_share(org, principal, camera_id, filename))
            .await?)
    }

    /// Whether serving `token` would ask the database (a well-formed token this instance
    /// does not remember): the caller charges that to the client first.
    pub fn needs_lookup(&self, token: &str) -> bool {
        is_well_formed_token(token)
            && self
                .grants
                .cached(&api_key_hash(token), self.clock.now())
                .is_none()
    }

    /// The link from memory, else resolved from the database (and remembered).
    async fn grant(self: &Arc<Self>, token: &str) -> Result<Arc<Grant>, ShareAccessError> {
        let token_hash = token_hash(token)?;
        let grant = match self.grants.cached(&token_hash, self.clock.now()) {
            Some(grant) => grant,
            None => {
                let this = Arc::clone(self);
                unblock(move || this.resolve(&token_hash)).await?
            }
        };
        refuse_unless_active(&grant.link, self.clock.now().naive_utc())?;
        Ok(grant)
    }

    /// Reads the link and what it opens now, and remembers it. **Blocking.**
    fn resolve(&self, token_hash: &str) -> Result<Arc<Grant>, ShareAccessError> {
        let generation = self.grants.generation();
        let now = self.clock.now();
        let link = self
            .links
            .find_by_token_hash_any_org(token_hash)?
            .ok_or(ShareAccessError::NotFound)?;
        refuse_unless_active(&link, now.naive_utc())?;
        let cameras = self
            .scope_cameras(&link)?
            .into_iter()
            .map(|listing| listing.camera.camera_id)
            .collect::<HashSet<_>>();
        let grant = Arc::new(Grant::new(link, cameras, now));
        self.grants
            .remember(token_hash, Arc::clone(&grant), generation);
        Ok(grant)
    }

    /// The page's cameras (natural name order, suspended ones left out), after counting
    /// the view. **Blocking.**
    fn page(&self, grant: &Grant, client: &SharedClient) -> Result<SharedView, ShareAccessError> {
        let link = &grant.link;
        let now = self.clock.now().naive_utc();
        let views = self.links.record_view(&link.org_id, link.id, now)?;
        if views == 1 {
            let opener = Actor {
                org_id: link.org_id.clone(),
                user_id: grant.principal.clone(),
                display_name: link.principal(),
                ip: Some(client.ip.clone()),
            };
            audit_trail::record(
                self.audit.as_ref(),
                &opener,
                now,
                "share_link_first_used",
                Some(&json!({"link_id": link.id, "label": link.label})),
            );
        }
        let mut cameras = self.scope_cameras(link)?;
        cameras.sort_by(|a, b| natural_cmp(&a.camera.name, &b.camera.name));
        Ok(SharedView {
            label: link.label.clone(),
            expires_at: link.expires_at,
            cameras: cameras
                .into_iter()
                .map(|listing| SharedCamera {
                    status: listing.camera.effective_status(now),
                    camera_id: listing.camera.camera_id,
                    name: listing.camera.name,
                })
                .collect(),
        })
    }

    /// The cameras the link opens now: its camera, or its group's, minus suspended ones.
    /// **Blocking.**
    fn scope_cameras(&self, link: &ShareLink) -> Result<Vec<CameraListing>, ShareAccessError> {
        let org: &OrgId = &link.org_id;
        let cameras = match &link.scope {
            ShareScope::Camera(camera_id) => self
                .cameras
                .get_listing(org, camera_id)?
                .into_iter()
                .collect(),
            ShareScope::Group(group_id) => self
                .cameras
                .list(org)?
                .into_iter()
                .filter(|listing| listing.camera.group_id == Some(*group_id))
                .collect::<Vec<_>>(),
        };
        Ok(cameras
            .into_iter()
            .filter(|listing| !listing.camera.disabled_by_plan)
            .collect())
    }

    /// The plan check (from the live pipeline's plan memory), then the viewer ceiling.
    async fn admit(&self, grant: &Grant, client: &SharedClient) -> Result<(), ShareAccessError> {
        let org = &grant.link.org_id;
        let pipeline = &self.pipeline;
        if !pipeline
            .warmed(|| pipeline.plan_allows_sharing(org))
            .await?
        {
            return Err(ShareAccessError::Unavailable);
        }
        let ceiling = grant.link.viewer_ceiling();
        let now: DateTime<Utc> = self.clock.now();
        let mut windows = self.viewers.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() > SWEEP_VIEWER_WINDOWS_ABOVE {
            windows.retain(|_, window| {
                window.forget_quiet(now);
                window.watching() > 0
            });
        }
        let window = windows.entry(grant.link.id).or_default();
        if window.admit(&client.ip, now, ceiling) {
            Ok(())
        } else {
            Err(ShareAccessError::Full {
                max_viewers: ceiling,
            })
        }
    }
}

/// The stored hash of a well-formed token; anything else is unknown without a lookup.
fn token_hash(token: &str) -> Result<String, ShareAccessError> {
    if is_well_formed_token(token) {
        Ok(api_key_hash(token))
    } else {
        Err(ShareAccessError::NotFound)
    }
}

fn refuse_unless_active(link: &ShareLink, now: NaiveDateTime) -> Result<(), ShareAccessError> {
    match link.status(now) {
        ShareLinkStatus::Active => Ok(()),
        ShareLinkStatus::Expired => Err(ShareAccessError::Expired),
        ShareLinkStatus::Revoked => Err(ShareAccessError::Revoked),
    }
}
