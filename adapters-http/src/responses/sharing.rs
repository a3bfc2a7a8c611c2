//! Share links (rest-api.md §14): the admin's view of a link, the one-time answer that
//! carries its token, and the public page's content.

use chrono::NaiveDateTime;
use percent_encoding::utf8_percent_encode;
use sentinel_application::sharing::{CreatedShareLink, ShareLinkView, SharedView};
use sentinel_domain::sharing::ShareScope;
use serde::Serialize;
use utoipa::ToSchema;

/// What a link opens (schema only: the field is written from the domain's scope).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ShareScopeName {
    Camera,
    Group,
}

/// Where a link stands now (schema only, as [`ShareScopeName`]).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ShareLinkStatusName {
    Active,
    Expired,
    Revoked,
}

/// One link as admins see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareLinkItem {
    pub id: i64,
    pub label: String,
    #[schema(value_type = ShareScopeName)]
    pub scope: &'static str,
    pub camera_id: Option<String>,
    pub group_id: Option<i64>,
    /// The camera's or group's current name; null once it is gone.
    pub target_name: Option<String>,
    /// The creator's display name.
    pub created_by: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub expires_at: NaiveDateTime,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub revoked_at: Option<NaiveDateTime>,
    /// Concurrent viewers admitted; null means the ceiling of 50.
    pub max_viewers: Option<u32>,
    /// Times the public page was opened.
    pub views: u64,
    #[serde(serialize_with = "crate::responses::time::iso_opt")]
    #[schema(value_type = Option<crate::responses::time::IsoTimestamp>)]
    pub last_used_at: Option<NaiveDateTime>,
    #[schema(value_type = ShareLinkStatusName)]
    pub status: &'static str,
}

impl From<&ShareLinkView> for ShareLinkItem {
    fn from(view: &ShareLinkView) -> Self {
        let link = &view.link;
        Self {
            id: link.id,
            label: link.label.clone(),
            scope: link.scope.kind(),
            camera_id: match &link.scope {
                ShareScope::Camera(camera_id) => Some(camera_id.as_str().to_owned()),
                ShareScope::Group(_) => None,
            },
            group_id: link.scope.group_id(),
            target_name: view.target_name.clone(),
            created_by: link.created_by.clone(),
            created_at: link.created_at,
            expires_at: link.expires_at,
            revoked_at: link.revoked_at,
            max_viewers: link.max_viewers,
            views: link.views,
            last_used_at: link.last_used_at,
            status: view.status.as_str(),
        }
    }
}

/// A link just created: shown once, with its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareLinkCreated {
    #[serde(flatten)]
    pub link: ShareLinkItem,
    /// The raw token (`shr_` + 32 hex characters). Never shown again.
    pub token: String,
    /// The public page: `/share/<token>`.
    pub path: String,
}

impl From<&CreatedShareLink> for ShareLinkCreated {
    fn from(created: &CreatedShareLink) -> Self {
        Self {
            link: ShareLinkItem::from(&created.view),
            token: created.token.clone(),
            path: format!("/share/{}", created.token),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShareLinkList {
    /// Newest first, at most 200.
    pub links: Vec<ShareLinkItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShareLinkRevoked {
    pub success: bool,
    pub link: ShareLinkItem,
}

/// The public page's content.
#[derive(Debug, Serialize, ToSchema)]
pub struct SharedPage {
    pub label: String,
    #[serde(serialize_with = "crate::responses::time::iso")]
    #[schema(value_type = crate::responses::time::IsoTimestamp)]
    pub expires_at: NaiveDateTime,
    pub cameras: Vec<SharedPageCamera>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SharedPageCamera {
    pub camera_id: String,
    pub name: String,
    /// The camera's effective status (`online`, `streaming`, `offline`, …).
    pub status: String,
    /// The link-scoped media playlist to play.
    pub playlist: String,
}

impl SharedPage {
    pub fn new(view: &SharedView, token: &str) -> Self {
        Self {
            label: view.label.clone(),
            expires_at: view.expires_at,
            cameras: view
                .cameras
                .iter()
                .map(|camera| SharedPageCamera {
                    camera_id: camera.camera_id.as_str().to_owned(),
                    name: camera.name.clone(),
                    status: camera.status.clone(),
                    playlist: format!(
                        "/api/share/{token}/cameras/{}/stream.m3u8",
                        utf8_percent_encode(camera.camera_id.as_str(), PATH_SEGMENT)
                    ),
                })
                .collect(),
        }
    }
}

/// What a camera id must escape to stay one path segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
