//! Member access by camera group (docs/design/member-access.md §1.3, §3): which cameras a
//! caller may reach. Storage only for now; nothing enforces a scope yet.
//!
//! A restricted member is stored as one `member_access` row whose `group_ids` is a JSON
//! array of `camera_groups.id`. The row itself means "restricted": an empty set is
//! restricted to nothing, not unrestricted.

use crate::ids::UserId;
use chrono::NaiveDateTime;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The cameras a caller may reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraScope {
    /// Every camera of the org: admins, unrestricted members, admin-minted keys.
    All,
    /// Only cameras in these groups. Shared (`Arc`) because one restriction serves every
    /// request of its member.
    Groups(Arc<BTreeSet<i64>>),
}

impl CameraScope {
    /// Whether a camera in `group` (`None`: ungrouped) is in scope. A restricted member
    /// never sees ungrouped cameras: new cameras arrive ungrouped, and an admin must place
    /// them before a restricted member may see them.
    pub fn allows_group(&self, group: Option<i64>) -> bool {
        match self {
            Self::All => true,
            Self::Groups(groups) => group.is_some_and(|g| groups.contains(&g)),
        }
    }

    pub fn is_restricted(&self) -> bool {
        matches!(self, Self::Groups(_))
    }

    /// The scope of a member with the stored `restriction` (`None`: no row). Admins are
    /// never restricted, whatever a stale row says: promotion must take effect at once.
    pub fn for_member(is_admin: bool, restriction: Option<&BTreeSet<i64>>) -> Self {
        match restriction {
            Some(groups) if !is_admin => Self::Groups(Arc::new(groups.clone())),
            _ => Self::All,
        }
    }
}

/// One `member_access` row: `user_id` sees only cameras in `group_ids`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRestriction {
    pub user_id: UserId,
    pub group_ids: BTreeSet<i64>,
    /// The admin's display name (audit-like, as `share_links.created_by`).
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
}

/// The stored text of a group set: a JSON array in ascending order (`[1,2]`).
pub fn group_ids_to_text(groups: &BTreeSet<i64>) -> String {
    let ids: Vec<String> = groups.iter().map(i64::to_string).collect();
    format!("[{}]", ids.join(","))
}

/// The group set stored as `text`. Anything that is not a JSON array of integers reads as
/// the EMPTY set: a corrupt row must fail closed (restricted to nothing), never open.
pub fn group_ids_from_text(text: &str) -> BTreeSet<i64> {
    serde_json::from_str::<Vec<i64>>(text)
        .map(|ids| ids.into_iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[i64]) -> BTreeSet<i64> {
        ids.iter().copied().collect()
    }

    fn groups(ids: &[i64]) -> CameraScope {
        CameraScope::Groups(Arc::new(set(ids)))
    }

    #[test]
    fn all_allows_every_camera_grouped_or_not() {
        assert!(CameraScope::All.allows_group(None));
        assert!(CameraScope::All.allows_group(Some(7)));
        assert!(!CameraScope::All.is_restricted());
    }

    #[test]
    fn groups_allow_only_their_grouped_cameras() {
        let scope = groups(&[1, 3]);
        assert!(scope.is_restricted());
        assert!(scope.allows_group(Some(1)));
        assert!(scope.allows_group(Some(3)));
        assert!(!scope.allows_group(Some(2)));
        // Ungrouped cameras are invisible to a restricted member.
        assert!(!scope.allows_group(None));
    }

    #[test]
    fn an_empty_restriction_allows_nothing() {
        let scope = groups(&[]);
        assert!(scope.is_restricted());
        assert!(!scope.allows_group(None));
        assert!(!scope.allows_group(Some(1)));
    }

    #[test]
    fn for_member_restricts_only_non_admins_with_a_row() {
        let row = set(&[4]);
        assert_eq!(CameraScope::for_member(true, Some(&row)), CameraScope::All);
        assert_eq!(CameraScope::for_member(true, None), CameraScope::All);
        assert_eq!(CameraScope::for_member(false, None), CameraScope::All);
        assert_eq!(CameraScope::for_member(false, Some(&row)), groups(&[4]));
        assert_eq!(
            CameraScope::for_member(false, Some(&BTreeSet::new())),
            groups(&[])
        );
    }

    #[test]
    fn group_ids_text_is_a_sorted_json_array() {
        assert_eq!(group_ids_to_text(&set(&[])), "[]");
        assert_eq!(group_ids_to_text(&set(&[2, 1, 2])), "[1,2]");
        assert_eq!(
            group_ids_to_text(&set(&[-1, i64::MAX])),
            format!("[-1,{}]", i64::MAX)
        );
    }

    #[test]
    fn group_ids_text_round_trips() {
        for ids in [set(&[]), set(&[5]), set(&[1, 2, 3]), set(&[i64::MIN, 0])] {
            assert_eq!(group_ids_from_text(&group_ids_to_text(&ids)), ids);
        }
        assert_eq!(group_ids_from_text(" [ 3 , 1 ,3 ] "), set(&[1, 3]));
    }

    #[test]
    fn garbage_group_ids_read_as_empty() {
        for garbage in [
            "",
            "null",
            "{}",
            "[1,",
            "[\"1\"]",
            "[1.5]",
            "[null]",
            "1",
            "all",
            "[99999999999999999999]",
        ] {
            assert_eq!(group_ids_from_text(garbage), BTreeSet::new(), "{garbage:?}");
        }
    }
}
