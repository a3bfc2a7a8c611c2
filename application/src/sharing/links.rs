//! The admin's side: creating, listing and revoking an org's share links.

use super::grants::ShareGrants;
use crate::audit_trail::{self, Actor};
use crate::fleet::effective_plan;
use chrono::NaiveDateTime;
use sentinel_domain::ids::OrgId;
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::sharing::{
    MAX_ACTIVE_LINKS_PER_ORG, NewShareLink, ShareLink, ShareLinkRequest, ShareLinkStatus,
    ShareScope, ShareTarget, TOKEN_RANDOM_BYTES, mint_token,
};
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::{
    AuditRepo, CameraRepo, GroupRepo, RepoError, Repositories, SettingsRepo, ShareLinkRepo,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

/// The most links a listing returns.
const LIST_LIMIT: i64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum ShareLinkError {
    /// The org's effective plan is not Pro or Pro Plus.
    #[error("Share links need the Pro or Pro Plus plan")]
    PlanRequired,
    #[error("Camera not found")]
    CameraNotFound,
    #[error("Group not found")]
    GroupNotFound,
    #[error("Too many active share links ({MAX_ACTIVE_LINKS_PER_ORG}). Revoke one first.")]
    TooManyActive,
    #[error("Share link not found")]
    NotFound,
    #[error(transparent)]
    Storage(RepoError),
}

impl From<RepoError> for ShareLinkError {
    fn from(error: RepoError) -> Self {
        match error {
            RepoError::NotFound(_) => Self::NotFound,
            other => Self::Storage(other),
        }
    }
}

/// A link as the admin sees it: the stored row, its status now and its target's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLinkView {
    pub link: ShareLink,
    pub status: ShareLinkStatus,
    /// The camera's or group's current name; `None` once it is gone.
    pub target_name: Option<String>,
}

/// A link just minted: the raw token is shown once and never again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedShareLink {
    pub view: ShareLinkView,
    pub token: String,
}

pub struct ShareLinks {
    links: Arc<dyn ShareLinkRepo>,
    cameras: Arc<dyn CameraRepo>,
    groups: Arc<dyn GroupRepo>,
    settings: Arc<dyn SettingsRepo>,
    audit: Arc<dyn AuditRepo>,
    grants: Arc<ShareGrants>,
    clock: Arc<dyn Clock>,
}

impl ShareLinks {
    pub fn new(repos: &Repositories, grants: Arc<ShareGrants>, clock: Arc<dyn Clock>) -> Self {
        Self {
            links: repos.share_links.clone(),
            cameras: repos.cameras.clone(),
            groups: repos.groups.clone(),
            settings: repos.settings.clone(),
            audit: repos.audit.clone(),
            grants,
            clock,
        }
    }

    /// Mints a link after the plan, target and active-link checks, in that order, and
    /// writes `share_link_created`. **Blocking.**
    pub fn create(
        &self,
        actor: &Actor,
        request: &ShareLinkRequest,
    ) -> Result<CreatedShareLink, ShareLinkError> {
        let org = &actor.org_id;
        let now = self.clock.now();
        if !effective_plan(self.settings.as_ref(), org, now)?.is_paid() {
            return Err(ShareLinkError::PlanRequired);
        }
        let (scope, target_name) = self.resolve_target(org, &request.target)?;
        let at = now.naive_utc();
        if self.links.count_active(org, at)? >= MAX_ACTIVE_LINKS_PER_ORG {
            return Err(ShareLinkError::TooManyActive);
        }
        let token = mint_token(rand::random::<[u8; TOKEN_RANDOM_BYTES]>());
        let link = self.links.create(
            org,
            &NewShareLink {
                label: request.label.clone(),
                scope,
                token_hash: api_key_hash(&token),
                created_by: actor.display_name.clone(),
                created_at: at,
                expires_at: request.expires_at(at),
                max_viewers: request.max_viewers,
            },
        )?;
        audit_trail::record(
            self.audit.as_ref(),
            actor,
            at,
            "share_link_created",
            Some(&created_details(&link)),
        );
        Ok(CreatedShareLink {
            view: ShareLinkView {
                status: link.status(at),
                link,
                target_name: Some(target_name),
            },
            token,
        })
    }

    /// The org's links, newest first, with their targets' current names. **Blocking.**
    pub fn list(&self, org: &OrgId) -> Result<Vec<ShareLinkView>, ShareLinkError> {
        let links = self.links.list(org, LIST_LIMIT)?;
        let names = self.target_names(org)?;
        let at = self.clock.now().naive_utc();
        Ok(links.into_iter().map(|link| names.view(link, at)).collect())
    }

    /// Revokes the link on every instance at once; `share_link_revoked` is written only by
    /// the call that revoked it. **Blocking.**
    pub fn revoke(&self, actor: &Actor, link_id: i64) -> Result<ShareLinkView, ShareLinkError> {
        let org = &actor.org_id;
        let at = self.clock.now().naive_utc();
        let (link, revoked_now) = self.links.revoke(org, link_id, at)?;
        if revoked_now {
            self.grants.forget_org(org);
            audit_trail::record(
                self.audit.as_ref(),
                actor,
                at,
                "share_link_revoked",
                Some(&json!({"link_id": link.id, "label": link.label})),
            );
        }
        Ok(self.target_names(org)?.view(link, at))
    }

    fn resolve_target(
        &self,
        org: &OrgId,
        target: &ShareTarget,
    ) -> Result<(ShareScope, String), ShareLinkError> {
        match target {
            ShareTarget::Camera(camera_id) => {
                let camera = self
                    .cameras
                    .get(org, camera_id)?
                    .ok_or(ShareLinkError::CameraNotFound)?;
                Ok((ShareScope::Camera(camera.camera_id), camera.name))
            }
            ShareTarget::Group(group_id) => {
                let group = self
                    .groups
                    .get(org, *group_id)?
                    .ok_or(ShareLinkError::GroupNotFound)?;
                Ok((ShareScope::Group(group.id), group.name))
            }
        }
    }

    fn target_names(&self, org: &OrgId) -> Result<TargetNames, ShareLinkError> {
        let cameras = self
            .cameras
            .list(org)?
            .into_iter()
            .map(|listing| {
                (
                    listing.camera.camera_id.as_str().to_owned(),
                    listing.camera.name,
                )
            })
            .collect();
        let groups = self
            .groups
            .list(org)?
            .into_iter()
            .map(|listing| (listing.group.id, listing.group.name))
            .collect();
        Ok(TargetNames { cameras, groups })
    }
}

/// The org's camera and group names, to label links with.
struct TargetNames {
    cameras: HashMap<String, String>,
    groups: HashMap<i64, String>,
}

impl TargetNames {
    fn view(&self, link: ShareLink, at: NaiveDateTime) -> ShareLinkView {
        let target_name = match &link.scope {
            ShareScope::Camera(camera_id) => self.cameras.get(camera_id.as_str()).cloned(),
            ShareScope::Group(group_id) => self.groups.get(group_id).cloned(),
        };
        ShareLinkView {
            status: link.status(at),
            link,
            target_name,
        }
    }
}

fn created_details(link: &ShareLink) -> Value {
    let mut details = json!({
        "link_id": link.id,
        "label": link.label,
        "scope": link.scope.kind(),
        "expires_at": link.expires_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "max_viewers": link.max_viewers,
    });
    if let Some(fields) = details.as_object_mut() {
        match &link.scope {
            ShareScope::Camera(camera_id) => {
                fields.insert("camera_id".to_owned(), Value::from(camera_id.as_str()));
            }
            ShareScope::Group(group_id) => {
                fields.insert("group_id".to_owned(), Value::from(*group_id));
            }
        }
    }
    details
}
