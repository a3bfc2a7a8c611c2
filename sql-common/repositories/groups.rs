//! `GroupRepo` over `camera_groups`. Names are unique per org by check-in-transaction (the
//! schema has no such constraint, as in the original).

use super::Conn;
use super::Store;
use super::nodes::found;
use crate::error::StoreFailure;
use crate::schema::{camera_groups, cameras};
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use sentinel_domain::fleet::{CameraGroup, CameraGroupChanges, CameraGroupListing, NewCameraGroup};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{GroupRepo, RepoError, RepoResult};
use std::collections::HashMap;

impl GroupRepo for Store {
    fn create(&self, org: &OrgId, group: &NewCameraGroup) -> RepoResult<CameraGroup> {
        self.write(|conn| {
            refuse_taken_name(conn, org, &group.name, None)?;
            let row = diesel::insert_into(camera_groups::table)
                .values((
                    camera_groups::org_id.eq(org.as_str()),
                    camera_groups::name.eq(&group.name),
                    camera_groups::color.eq(&group.color),
                    camera_groups::icon.eq(&group.icon),
                    camera_groups::created_at.eq(group.created_at),
                ))
                .returning(GroupRow::as_returning())
                .get_result(conn)?;
            Ok(row.into())
        })
    }

    fn list(&self, org: &OrgId) -> RepoResult<Vec<CameraGroupListing>> {
        self.read(|conn| {
            let rows = camera_groups::table
                .filter(camera_groups::org_id.eq(org.as_str()))
                .order(camera_groups::id.asc())
                .select(GroupRow::as_select())
                .load(conn)?;
            let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
            let counts: HashMap<i64, i64> = cameras::table
                .filter(cameras::group_id.eq_any(&ids))
                .group_by(cameras::group_id)
                .select((cameras::group_id, count_star()))
                .load::<(Option<i64>, i64)>(conn)?
                .into_iter()
                .filter_map(|(group, count)| group.map(|g| (g, count)))
                .collect();
            Ok(rows
                .into_iter()
                .map(|row| CameraGroupListing {
                    camera_count: counts.get(&row.id).copied().unwrap_or(0),
                    group: row.into(),
                })
                .collect())
        })
    }

    fn get(&self, org: &OrgId, group_id: i64) -> RepoResult<Option<CameraGroup>> {
        self.read(|conn| Ok(find_group(conn, org, group_id)?.map(CameraGroup::from)))
    }

    fn update(
        &self,
        org: &OrgId,
        group_id: i64,
        changes: &CameraGroupChanges,
    ) -> RepoResult<CameraGroup> {
        self.write(|conn| {
            let current = find_group(conn, org, group_id)?.ok_or(RepoError::NotFound("group"))?;
            if *changes == CameraGroupChanges::default() {
                return Ok(current.into());
            }
            if let Some(name) = &changes.name {
                refuse_taken_name(conn, org, name, Some(group_id))?;
            }
            let row = diesel::update(camera_groups::table.find(current.id))
                .set(GroupChangeset {
                    name: changes.name.as_deref(),
                    color: changes.color.as_deref(),
                    icon: changes.icon.as_deref(),
                })
                .returning(GroupRow::as_returning())
                .get_result(conn)?;
            Ok(row.into())
        })
    }

    fn delete(&self, org: &OrgId, group_id: i64) -> RepoResult<CameraGroup> {
        self.write(|conn| {
            let group = find_group(conn, org, group_id)?.ok_or(RepoError::NotFound("group"))?;
            // The FK has no ON DELETE: ungroup the members first or the delete fails.
            diesel::update(cameras::table.filter(cameras::group_id.eq(group.id)))
                .set(cameras::group_id.eq(None::<i64>))
                .execute(conn)?;
            // Same transaction: a restriction must never outlive its group's id.
            super::member_access::strip_group(conn, org, group.id)?;
            let deleted = diesel::delete(camera_groups::table.find(group.id)).execute(conn)?;
            found(deleted, "group")?;
            Ok(group.into())
        })
    }
}

fn find_group(
    conn: &mut Conn,
    org: &OrgId,
    group_id: i64,
) -> Result<Option<GroupRow>, StoreFailure> {
    Ok(camera_groups::table
        .filter(camera_groups::org_id.eq(org.as_str()))
        .filter(camera_groups::id.eq(group_id))
        .select(GroupRow::as_select())
        .first(conn)
        .optional()?)
}

/// `Conflict` when another group of the org (other than `except`) already has `name`.
fn refuse_taken_name(
    conn: &mut Conn,
    org: &OrgId,
    name: &str,
    except: Option<i64>,
) -> Result<(), StoreFailure> {
    let holder = camera_groups::table
        .filter(camera_groups::org_id.eq(org.as_str()))
        .filter(camera_groups::name.eq(name))
        .select(camera_groups::id)
        .load::<i64>(conn)?
        .into_iter()
        .find(|id| Some(*id) != except);
    match holder {
        Some(_) => Err(StoreFailure(RepoError::Conflict(format!(
            "group name {name:?} already exists"
        )))),
        None => Ok(()),
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = camera_groups, check_for_backend(super::Backend))]
struct GroupRow {
    id: i64,
    org_id: String,
    name: String,
    color: Option<String>,
    icon: Option<String>,
    created_at: Option<NaiveDateTime>,
}

impl From<GroupRow> for CameraGroup {
    fn from(row: GroupRow) -> Self {
        Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            name: row.name,
            color: row.color,
            icon: row.icon,
            created_at: row.created_at,
        }
    }
}

#[derive(AsChangeset)]
#[diesel(table_name = camera_groups)]
struct GroupChangeset<'a> {
    name: Option<&'a str>,
    color: Option<&'a str>,
    icon: Option<&'a str>,
}
