//! Camera groups.

use super::RepoResult;
use sentinel_domain::fleet::{CameraGroup, CameraGroupChanges, CameraGroupListing, NewCameraGroup};
use sentinel_domain::ids::OrgId;

#[ambassador::delegatable_trait]
pub trait GroupRepo: Send + Sync {
    /// Creates a group; `Conflict` if the org already has a group of that name.
    fn create(&self, org: &OrgId, group: &NewCameraGroup) -> RepoResult<CameraGroup>;

    /// The org's groups with their camera counts, oldest first.
    fn list(&self, org: &OrgId) -> RepoResult<Vec<CameraGroupListing>>;

    fn get(&self, org: &OrgId, group_id: i64) -> RepoResult<Option<CameraGroup>>;

    /// Applies `changes`; `Conflict` if renaming onto another group's name.
    fn update(
        &self,
        org: &OrgId,
        group_id: i64,
        changes: &CameraGroupChanges,
    ) -> RepoResult<CameraGroup>;

    /// Ungroups its cameras and deletes the group in one transaction; returns the deleted group.
    fn delete(&self, org: &OrgId, group_id: i64) -> RepoResult<CameraGroup>;
}
