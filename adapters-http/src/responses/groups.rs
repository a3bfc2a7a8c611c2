//! Camera groups (docs/rest-api.md, "Camera groups").

use sentinel_domain::fleet::{
    CameraGroup, CameraGroupListing, DEFAULT_GROUP_COLOR, DEFAULT_GROUP_ICON,
};
use sentinel_domain::ids::CameraId;
use serde::Serialize;
use utoipa::ToSchema;

/// One of the org's groups, with how many cameras it holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupItem {
    pub id: i64,
    pub name: String,
    /// `#22c55e` when none was chosen.
    pub color: String,
    /// `📁` when none was chosen.
    pub icon: String,
    pub camera_count: i64,
}

impl From<&CameraGroupListing> for GroupItem {
    fn from(listing: &CameraGroupListing) -> Self {
        let group = &listing.group;
        Self {
            id: group.id,
            name: group.name.clone(),
            color: color_of(group),
            icon: icon_of(group),
            camera_count: listing.camera_count,
        }
    }
}

/// A stored NULL reads as the default, as on creation.
fn color_of(group: &CameraGroup) -> String {
    group
        .color
        .clone()
        .unwrap_or_else(|| DEFAULT_GROUP_COLOR.to_owned())
}

fn icon_of(group: &CameraGroup) -> String {
    group
        .icon
        .clone()
        .unwrap_or_else(|| DEFAULT_GROUP_ICON.to_owned())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupCreated {
    pub success: bool,
    pub id: i64,
    pub name: String,
}

/// The group as it is after the change.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupUpdated {
    pub success: bool,
    pub id: i64,
    pub name: String,
    pub color: String,
    pub icon: String,
}

impl From<&CameraGroup> for GroupUpdated {
    fn from(group: &CameraGroup) -> Self {
        Self {
            success: true,
            id: group.id,
            name: group.name.clone(),
            color: color_of(group),
            icon: icon_of(group),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDeleted {
    pub success: bool,
    /// The deleted group's name.
    pub deleted: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupAssigned {
    pub success: bool,
    #[schema(value_type = String)]
    pub camera_id: CameraId,
    /// `null`: the camera is in no group now.
    pub group_id: Option<i64>,
}
