//! `MotionRepo` over `motion_events`.

use super::Backend;
use super::Store;
use crate::schema::motion_events;
use chrono::NaiveDateTime;
use diesel::dsl::{count_star, max};
use diesel::prelude::*;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::motion::{MotionEvent, MotionPage, MotionQuery, NewMotionEvent};
use sentinel_ports::driven::repos::{MotionCameraStats, MotionRepo, RepoResult};

impl MotionRepo for Store {
    fn insert(&self, org: &OrgId, event: &NewMotionEvent) -> RepoResult<MotionEvent> {
        self.write(|conn| {
            let row = diesel::insert_into(motion_events::table)
                .values((
                    motion_events::org_id.eq(org.as_str()),
                    motion_events::camera_id.eq(event.camera_id.as_str()),
                    motion_events::node_id.eq(event.node_id.as_str()),
                    motion_events::score.eq(event.reading.score),
                    motion_events::segment_seq.eq(event.reading.segment_seq),
                    motion_events::timestamp.eq(Some(event.reading.timestamp)),
                ))
                .returning(MotionRow::as_returning())
                .get_result(conn)?;
            Ok(row.into())
        })
    }

    fn list(&self, org: &OrgId, query: &MotionQuery) -> RepoResult<MotionPage> {
        self.read(|conn| {
            let total = matching(org, query).count().get_result(conn)?;
            let rows = matching(org, query)
                .order((motion_events::timestamp.desc(), motion_events::id.desc()))
                .limit(query.limit.max(0))
                .offset(query.offset.max(0))
                .select(MotionRow::as_select())
                .load(conn)?;
            Ok(MotionPage {
                total,
                events: rows.into_iter().map(MotionEvent::from).collect(),
            })
        })
    }

    fn camera_stats(
        &self,
        org: &OrgId,
        since: NaiveDateTime,
    ) -> RepoResult<Vec<MotionCameraStats>> {
        self.read(|conn| {
            let rows: Vec<(String, i64, Option<i32>, Option<NaiveDateTime>)> = motion_events::table
                .filter(motion_events::org_id.eq(org.as_str()))
                .filter(motion_events::timestamp.ge(since))
                .group_by(motion_events::camera_id)
                .select((
                    motion_events::camera_id,
                    count_star(),
                    max(motion_events::score),
                    max(motion_events::timestamp),
                ))
                .load(conn)?;
            let mut stats: Vec<MotionCameraStats> = rows
                .into_iter()
                .map(
                    |(camera_id, event_count, peak_score, latest)| MotionCameraStats {
                        camera_id: CameraId::new(camera_id),
                        event_count,
                        peak_score,
                        latest,
                    },
                )
                .collect();
            stats.sort_by(|a, b| {
                b.event_count
                    .cmp(&a.event_count)
                    .then_with(|| a.camera_id.as_str().cmp(b.camera_id.as_str()))
            });
            Ok(stats)
        })
    }

    fn delete_older_than(&self, org: &OrgId, cutoff: NaiveDateTime) -> RepoResult<usize> {
        self.write(|conn| {
            Ok(diesel::delete(
                motion_events::table
                    .filter(motion_events::org_id.eq(org.as_str()))
                    .filter(motion_events::timestamp.lt(cutoff)),
            )
            .execute(conn)?)
        })
    }
}

/// The org's events matching the query's filters (no order, no page).
fn matching<'a>(org: &'a OrgId, query: &'a MotionQuery) -> motion_events::BoxedQuery<'a, Backend> {
    let mut matching = motion_events::table
        .filter(motion_events::org_id.eq(org.as_str()))
        .filter(motion_events::timestamp.ge(query.since))
        .into_boxed();
    if let Some(camera_id) = &query.camera_id {
        matching = matching.filter(motion_events::camera_id.eq(camera_id.as_str()));
    }
    matching
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = motion_events, check_for_backend(super::Backend))]
struct MotionRow {
    id: i64,
    org_id: String,
    camera_id: String,
    node_id: String,
    score: i32,
    segment_seq: Option<i64>,
    timestamp: Option<NaiveDateTime>,
}

impl From<MotionRow> for MotionEvent {
    fn from(row: MotionRow) -> Self {
        Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            camera_id: CameraId::new(row.camera_id),
            node_id: NodeId::new(row.node_id),
            score: row.score,
            segment_seq: row.segment_seq,
            timestamp: row.timestamp,
        }
    }
}
