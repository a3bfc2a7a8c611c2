//! Everyone who remembers what a camera group holds, told in one place when cameras move
//! between groups or a group goes: the live path's camera memory (a member's group scope must
//! never judge a camera by its old group), resolved share links (a group link opens whatever
//! its group holds) and the member-access memory (a deleted group's id is stripped from every
//! restriction).

use crate::fleet_directory::FleetDirectory;
use crate::member_access::MemberAccess;
use crate::sharing::ShareGrants;
use sentinel_domain::ids::{CameraId, OrgId};
use std::sync::Arc;

pub struct GroupChanges {
    pub directory: Arc<FleetDirectory>,
    pub share_grants: Arc<ShareGrants>,
    pub member_access: Arc<MemberAccess>,
}

impl GroupChanges {
    /// `cameras` of the org changed group (here and, through the bus, on every instance).
    pub fn cameras_moved(&self, org: &OrgId, cameras: &[CameraId]) {
        for camera_id in cameras {
            self.directory.forget_camera(org, camera_id);
        }
        self.share_grants.forget_org(org);
    }

    /// A group was deleted: its cameras are ungrouped and its id left every restriction.
    pub fn group_deleted(&self, org: &OrgId, former_cameras: &[CameraId]) {
        self.cameras_moved(org, former_cameras);
        self.member_access.forget_org(org);
    }
}
