//! Camera groups: an operator's per-org labels for cameras.

use crate::ids::OrgId;
use chrono::NaiveDateTime;

/// Colour of a group created without one.
pub const DEFAULT_GROUP_COLOR: &str = "#22c55e";
/// Icon of a group created without one.
pub const DEFAULT_GROUP_ICON: &str = "📁";

/// One `camera_groups` row. Names are unique per org (enforced by the repository, not the
/// schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraGroup {
    /// Row id; this one *is* the public id (`group_id` on the wire).
    pub id: i64,
    pub org_id: OrgId,
    pub name: String,
    pub color: Option<String>,
    pub icon: Option<String>,
    pub created_at: Option<NaiveDateTime>,
}

/// A group with the number of cameras in it (the API's `camera_count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraGroupListing {
    pub group: CameraGroup,
    pub camera_count: i64,
}

/// A group to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCameraGroup {
    pub name: String,
    pub color: String,
    pub icon: String,
    pub created_at: NaiveDateTime,
}

/// A partial update of a group; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CameraGroupChanges {
    pub name: Option<String>,
    pub color: Option<String>,
    pub icon: Option<String>,
}
