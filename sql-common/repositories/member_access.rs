//! `MemberAccessRepo` over `member_access` (docs/design/member-access.md §3). The group set
//! is stored as JSON text; a row that cannot be read restricts its member to nothing.

use super::Conn;
use super::Store;
use crate::error::StoreFailure;
use crate::schema::{camera_groups, member_access};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::fleet::{MemberRestriction, group_ids_from_text, group_ids_to_text};
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_ports::driven::repos::{MemberAccessRepo, RepoError, RepoResult};
use std::collections::BTreeSet;

impl MemberAccessRepo for Store {
    fn list(&self, org: &OrgId) -> RepoResult<Vec<MemberRestriction>> {
        self.read(|conn| {
            Ok(member_access::table
                .filter(member_access::org_id.eq(org.as_str()))
                .order(member_access::id.asc())
                .select(MemberAccessRow::as_select())
                .load(conn)?
                .into_iter()
                .map(MemberRestriction::from)
                .collect())
        })
    }

    fn set(
        &self,
        org: &OrgId,
        user: &UserId,
        groups: &BTreeSet<i64>,
        by: &str,
        at: NaiveDateTime,
    ) -> RepoResult<MemberRestriction> {
        self.write(|conn| {
            // Checked inside the write transaction, so a group deleted meanwhile cannot
            // slip in: its delete strips ids under the same lock.
            refuse_foreign_groups(conn, org, groups)?;
            let text = group_ids_to_text(groups);
            let mine = member_access::table
                .filter(member_access::org_id.eq(org.as_str()))
                .filter(member_access::user_id.eq(user.as_str()));
            // Update, else insert: the write transaction serialises writers on both engines,
            // so no other writer can insert the same (org, user) in between.
            let updated = diesel::update(mine)
                .set((
                    member_access::group_ids.eq(&text),
                    member_access::updated_by.eq(by),
                    member_access::updated_at.eq(at),
                ))
                .returning(MemberAccessRow::as_returning())
                .get_result(conn)
                .optional()?;
            let row = match updated {
                Some(row) => row,
                None => diesel::insert_into(member_access::table)
                    .values((
                        member_access::org_id.eq(org.as_str()),
                        member_access::user_id.eq(user.as_str()),
                        member_access::group_ids.eq(&text),
                        member_access::updated_by.eq(by),
                        member_access::updated_at.eq(at),
                    ))
                    .returning(MemberAccessRow::as_returning())
                    .get_result(conn)?,
            };
            Ok(row.into())
        })
    }

    fn clear(&self, org: &OrgId, user: &UserId) -> RepoResult<bool> {
        self.write(|conn| {
            let deleted = diesel::delete(
                member_access::table
                    .filter(member_access::org_id.eq(org.as_str()))
                    .filter(member_access::user_id.eq(user.as_str())),
            )
            .execute(conn)?;
            Ok(deleted > 0)
        })
    }
}

/// `NotFound("group")` unless every id in `groups` is one of the org's camera groups (another
/// org's group is indistinguishable from a missing one).
fn refuse_foreign_groups(
    conn: &mut Conn,
    org: &OrgId,
    groups: &BTreeSet<i64>,
) -> Result<(), StoreFailure> {
    if groups.is_empty() {
        return Ok(());
    }
    let wanted: Vec<i64> = groups.iter().copied().collect();
    let known: BTreeSet<i64> = camera_groups::table
        .filter(camera_groups::org_id.eq(org.as_str()))
        .filter(camera_groups::id.eq_any(&wanted))
        .select(camera_groups::id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    if known == *groups {
        Ok(())
    } else {
        Err(StoreFailure(RepoError::NotFound("group")))
    }
}

/// Removes `group_id` from every restriction of the org, inside the caller's transaction
/// (`GroupRepo::delete`). SQLite reuses a deleted group's rowid, so a stale id would silently
/// grant a future group. The rows stay: an emptied set still means restricted to nothing.
/// `updated_by`/`updated_at` keep the admin's last change; this is housekeeping, not a
/// decision anyone made.
pub(super) fn strip_group(conn: &mut Conn, org: &OrgId, group_id: i64) -> Result<(), StoreFailure> {
    let rows: Vec<(i64, String)> = member_access::table
        .filter(member_access::org_id.eq(org.as_str()))
        .select((member_access::id, member_access::group_ids))
        .load(conn)?;
    for (id, text) in rows {
        let mut groups = group_ids_from_text(&text);
        if groups.remove(&group_id) {
            diesel::update(member_access::table.find(id))
                .set(member_access::group_ids.eq(group_ids_to_text(&groups)))
                .execute(conn)?;
        }
    }
    Ok(())
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = member_access, check_for_backend(super::Backend))]
struct MemberAccessRow {
    user_id: String,
    group_ids: String,
    updated_by: String,
    updated_at: NaiveDateTime,
}

impl From<MemberAccessRow> for MemberRestriction {
    fn from(row: MemberAccessRow) -> Self {
        Self {
            user_id: UserId::new(row.user_id),
            // Fails closed: garbage reads as the empty set (restricted to nothing).
            group_ids: group_ids_from_text(&row.group_ids),
            updated_by: row.updated_by,
            updated_at: row.updated_at,
        }
    }
}
