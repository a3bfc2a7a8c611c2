//! `ShareLinkRepo` over `share_links` (rest-api.md §14).

use super::Store;
use super::nodes::found;
use crate::error::StoreFailure;
use crate::schema::share_links;
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::sharing::{NewShareLink, ShareLink, ShareScope};
use sentinel_ports::driven::repos::{RepoError, RepoResult, ShareLinkRepo};

impl ShareLinkRepo for Store {
    fn create(&self, org: &OrgId, link: &NewShareLink) -> RepoResult<ShareLink> {
        self.write(|conn| {
            let row = diesel::insert_into(share_links::table)
                .values((
                    share_links::org_id.eq(org.as_str()),
                    share_links::label.eq(&link.label),
                    share_links::scope.eq(link.scope.kind()),
                    share_links::camera_id.eq(link.scope.camera_id().map(CameraId::as_str)),
                    share_links::group_id.eq(link.scope.group_id()),
                    share_links::token_hash.eq(&link.token_hash),
                    share_links::created_by.eq(&link.created_by),
                    share_links::created_at.eq(link.created_at),
                    share_links::expires_at.eq(link.expires_at),
                    share_links::max_viewers.eq(link.max_viewers.map(i64::from)),
                    share_links::views.eq(0),
                ))
                .returning(ShareLinkRow::as_returning())
                .get_result(conn)?;
            row.try_into()
        })
    }

    fn list(&self, org: &OrgId, limit: i64) -> RepoResult<Vec<ShareLink>> {
        self.read(|conn| {
            share_links::table
                .filter(share_links::org_id.eq(org.as_str()))
                .order(share_links::id.desc())
                .limit(limit)
                .select(ShareLinkRow::as_select())
                .load(conn)?
                .into_iter()
                .map(ShareLink::try_from)
                .collect()
        })
    }

    fn count_active(&self, org: &OrgId, now: NaiveDateTime) -> RepoResult<u64> {
        self.read(|conn| {
            let count = share_links::table
                .filter(share_links::org_id.eq(org.as_str()))
                .filter(share_links::revoked_at.is_null())
                .filter(share_links::expires_at.gt(now))
                .select(count_star())
                .first::<i64>(conn)?;
            Ok(u64::try_from(count).unwrap_or(0))
        })
    }

    fn revoke(
        &self,
        org: &OrgId,
        link_id: i64,
        at: NaiveDateTime,
    ) -> RepoResult<(ShareLink, bool)> {
        self.write(|conn| {
            let mine = share_links::table
                .filter(share_links::org_id.eq(org.as_str()))
                .filter(share_links::id.eq(link_id));
            let revoked = diesel::update(mine.filter(share_links::revoked_at.is_null()))
                .set(share_links::revoked_at.eq(Some(at)))
                .execute(conn)?;
            let row = mine
                .select(ShareLinkRow::as_select())
                .first(conn)
                .optional()?
                .ok_or(StoreFailure(RepoError::NotFound("share link")))?;
            Ok((row.try_into()?, revoked > 0))
        })
    }

    fn find_by_token_hash_any_org(&self, token_hash: &str) -> RepoResult<Option<ShareLink>> {
        self.read(|conn| {
            share_links::table
                .filter(share_links::token_hash.eq(token_hash))
                .select(ShareLinkRow::as_select())
                .first(conn)
                .optional()?
                .map(ShareLink::try_from)
                .transpose()
        })
    }

    fn record_view(&self, org: &OrgId, link_id: i64, at: NaiveDateTime) -> RepoResult<u64> {
        self.write(|conn| {
            let mine = share_links::table
                .filter(share_links::org_id.eq(org.as_str()))
                .filter(share_links::id.eq(link_id));
            let updated = diesel::update(mine)
                .set((
                    share_links::views.eq(share_links::views + 1),
                    share_links::last_used_at.eq(Some(at)),
                ))
                .execute(conn)?;
            found(updated, "share link")?;
            let views = mine.select(share_links::views).first::<i64>(conn)?;
            Ok(u64::try_from(views).unwrap_or(0))
        })
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = share_links, check_for_backend(super::Backend))]
struct ShareLinkRow {
    id: i64,
    org_id: String,
    label: String,
    scope: String,
    camera_id: Option<String>,
    group_id: Option<i64>,
    created_by: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
    max_viewers: Option<i64>,
    views: i64,
    last_used_at: Option<NaiveDateTime>,
}

impl TryFrom<ShareLinkRow> for ShareLink {
    type Error = StoreFailure;

    fn try_from(row: ShareLinkRow) -> Result<Self, StoreFailure> {
        let scope = match (row.scope.as_str(), row.camera_id, row.group_id) {
            ("camera", Some(camera_id), _) => ShareScope::Camera(CameraId::new(camera_id)),
            ("group", _, Some(group_id)) => ShareScope::Group(group_id),
            (scope, ..) => {
                return Err(StoreFailure(RepoError::Storage(format!(
                    "share link {} has scope {scope:?} without its target",
                    row.id
                ))));
            }
        };
        Ok(Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            label: row.label,
            scope,
            created_by: row.created_by,
            created_at: row.created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            max_viewers: row.max_viewers.and_then(|cap| u32::try_from(cap).ok()),
            views: u64::try_from(row.views).unwrap_or(0),
            last_used_at: row.last_used_at,
        })
    }
}
