//! `NotificationRepo` over `notifications` and `user_notification_state`.

use super::Backend;
use super::Conn;
use super::Store;
use crate::error::StoreFailure;
use crate::schema::{notifications, user_notification_state};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_domain::notifications::{
    Audience, InboxPage, InboxQuery, Notification, NotificationContent, NotificationKind,
    ReadState, Severity,
};
use sentinel_ports::driven::repos::{NotificationRepo, RepoResult};

impl NotificationRepo for Store {
    fn insert(
        &self,
        org: &OrgId,
        notification: &NotificationContent,
        at: NaiveDateTime,
    ) -> RepoResult<Notification> {
        let meta_json = notification.meta.as_ref().map(ToString::to_string);
        self.write(|conn| {
            let row = diesel::insert_into(notifications::table)
                .values((
                    notifications::org_id.eq(org.as_str()),
                    notifications::kind.eq(notification.kind.as_str()),
                    notifications::audience.eq(notification.audience.as_str()),
                    notifications::title.eq(&notification.title),
                    notifications::body.eq(&notification.body),
                    notifications::severity.eq(notification.severity.as_str()),
                    notifications::link.eq(notification.link.as_deref()),
                    notifications::camera_id.eq(notification.camera_id.as_deref()),
                    notifications::node_id.eq(notification.node_id.as_deref()),
                    notifications::meta_json.eq(meta_json.as_deref()),
                    notifications::created_at.eq(Some(at)),
                ))
                .returning(NotificationRow::as_returning())
                .get_result(conn)?;
            Ok(row.into())
        })
    }

    fn list(&self, org: &OrgId, query: &InboxQuery) -> RepoResult<InboxPage> {
        self.read(|conn| {
            let total = visible(org, query.include_admin)
                .filter(notifications::created_at.ge(query.since))
                .filter(after(query.after))
                .count()
                .get_result(conn)?;
            let rows = visible(org, query.include_admin)
                .filter(notifications::created_at.ge(query.since))
                .filter(after(query.after))
                .order((notifications::created_at.desc(), notifications::id.desc()))
                .limit(query.limit.max(0))
                .offset(query.offset.max(0))
                .select(NotificationRow::as_select())
                .load(conn)?;
            Ok(InboxPage {
                total,
                notifications: rows.into_iter().map(Notification::from).collect(),
            })
        })
    }

    fn count_after(
        &self,
        org: &OrgId,
        include_admin: bool,
        after: NaiveDateTime,
        up_to: i64,
    ) -> RepoResult<i64> {
        self.read(|conn| {
            let ids = visible(org, include_admin)
                .filter(notifications::created_at.gt(after))
                .select(notifications::id)
                .limit(up_to.max(0))
                .load::<i64>(conn)?;
            Ok(i64::try_from(ids.len()).unwrap_or(i64::MAX))
        })
    }

    fn read_state(&self, org: &OrgId, user: &UserId, now: NaiveDateTime) -> RepoResult<ReadState> {
        self.write(|conn| {
            if let Some(state) = find_state(conn, org, user)? {
                return Ok(state);
            }
            let state = ReadState {
                last_viewed_at: now,
                cleared_at: None,
            };
            insert_state(conn, org, user, state)?;
            Ok(state)
        })
    }

    fn save_read_state(&self, org: &OrgId, user: &UserId, state: ReadState) -> RepoResult<()> {
        self.write(|conn| {
            let updated = diesel::update(
                user_notification_state::table
                    .filter(user_notification_state::org_id.eq(org.as_str()))
                    .filter(user_notification_state::clerk_user_id.eq(user.as_str())),
            )
            .set((
                user_notification_state::last_viewed_at.eq(Some(state.last_viewed_at)),
                user_notification_state::cleared_at.eq(state.cleared_at),
            ))
            .execute(conn)?;
            if updated == 0 {
                insert_state(conn, org, user, state)?;
            }
            Ok(())
        })
    }
}

/// The org's rows a user may see: admin-audience rows only for admins.
fn visible(org: &OrgId, include_admin: bool) -> notifications::BoxedQuery<'_, Backend> {
    let rows = notifications::table
        .filter(notifications::org_id.eq(org.as_str()))
        .into_boxed();
    if include_admin {
        rows
    } else {
        rows.filter(notifications::audience.ne(Audience::Admin.as_str()))
    }
}

/// `created_at > cleared_at`, or every row when nothing was cleared.
fn after(
    cleared_at: Option<NaiveDateTime>,
) -> Box<dyn BoxableExpression<notifications::table, Backend, SqlType = diesel::sql_types::Bool>> {
    match cleared_at {
        Some(at) => Box::new(notifications::created_at.gt(at).assume_not_null()),
        None => Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 1")),
    }
}

fn find_state(
    conn: &mut Conn,
    org: &OrgId,
    user: &UserId,
) -> Result<Option<ReadState>, StoreFailure> {
    let row = user_notification_state::table
        .filter(user_notification_state::org_id.eq(org.as_str()))
        .filter(user_notification_state::clerk_user_id.eq(user.as_str()))
        .select((
            user_notification_state::last_viewed_at,
            user_notification_state::cleared_at,
        ))
        .first::<(Option<NaiveDateTime>, Option<NaiveDateTime>)>(conn)
        .optional()?;
    Ok(row.map(|(last_viewed_at, cleared_at)| ReadState {
        last_viewed_at: last_viewed_at.unwrap_or_default(),
        cleared_at,
    }))
}

fn insert_state(
    conn: &mut Conn,
    org: &OrgId,
    user: &UserId,
    state: ReadState,
) -> Result<(), StoreFailure> {
    diesel::insert_into(user_notification_state::table)
        .values((
            user_notification_state::clerk_user_id.eq(user.as_str()),
            user_notification_state::org_id.eq(org.as_str()),
            user_notification_state::last_viewed_at.eq(Some(state.last_viewed_at)),
            user_notification_state::cleared_at.eq(state.cleared_at),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = notifications, check_for_backend(super::Backend))]
struct NotificationRow {
    id: i64,
    org_id: String,
    kind: String,
    audience: String,
    title: String,
    body: String,
    severity: String,
    link: Option<String>,
    camera_id: Option<String>,
    node_id: Option<String>,
    meta_json: Option<String>,
    created_at: Option<NaiveDateTime>,
}

impl From<NotificationRow> for Notification {
    fn from(row: NotificationRow) -> Self {
        Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            content: NotificationContent {
                // A word this server does not know (the original's, or one written by hand)
                // is kept as it is, so the row still lists with its kind unchanged.
                kind: NotificationKind::parse(&row.kind),
                // Rows the original wrote hold the same words; anything else is coerced as
                // a new row would be.
                audience: Audience::coerce(&row.audience),
                title: row.title,
                body: row.body,
                severity: Severity::coerce(&row.severity),
                link: row.link,
                camera_id: row.camera_id,
                node_id: row.node_id,
                // A corrupt meta reads as none rather than failing the whole inbox.
                meta: row
                    .meta_json
                    .as_deref()
                    .and_then(|text| serde_json::from_str(text).ok()),
            },
            created_at: row.created_at.unwrap_or_default(),
        }
    }
}
