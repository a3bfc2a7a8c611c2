//! `CameraRepo` over `cameras`, with node and group names joined for listings.

use super::Backend;
use super::Store;
use super::nodes::{find_node, found};
use crate::error::StoreFailure;
use crate::schema::{camera_groups, camera_nodes, cameras};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::fleet::{
    Camera, CameraListing, CameraStatusReport, RecordingPolicy, RegisteredCamera,
};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::repos::{CameraRepo, CameraUpsert, RepoError, RepoResult};
use std::collections::HashSet;

impl CameraRepo for Store {
    fn upsert_from_register(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        camera: &RegisteredCamera,
    ) -> RepoResult<CameraUpsert> {
        self.write(|conn| {
            let node = find_node(conn, org, node_id)?.ok_or(RepoError::NotFound("node"))?;
            // camera_id is unique across orgs: look it up globally, touch it only if ours.
            let existing = cameras::table
                .filter(cameras::camera_id.eq(camera.camera_id.as_str()))
                .select((cameras::id, cameras::org_id))
                .first::<(i64, String)>(conn)
                .optional()?;
            let codecs = camera.codecs.as_ref();
            match existing {
                Some((_, owner)) if owner != org.as_str() => Err(StoreFailure(
                    RepoError::Conflict(format!("camera {} already exists", camera.camera_id)),
                )),
                Some((id, _)) => {
                    let row = diesel::update(cameras::table.find(id))
                        .set(RegisterRefresh {
                            name: camera.name.as_deref(),
                            status: "online",
                            last_seen: camera.seen_at,
                            video_codec: codecs.map(|c| Some(c.video.as_str())),
                            audio_codec: codecs.map(|c| c.audio.as_deref()),
                            codec_detected_at: codecs.map(|_| Some(camera.seen_at)),
                        })
                        .returning(CameraRow::as_returning())
                        .get_result(conn)?;
                    Ok(CameraUpsert {
                        camera: row.into(),
                        created: false,
                    })
                }
                None => {
                    let row = diesel::insert_into(cameras::table)
                        .values(NewCameraRow {
                            camera_id: camera.camera_id.as_str(),
                            org_id: org.as_str(),
                            node_id: Some(node.id),
                            name: camera.name.as_deref().unwrap_or(&camera.fallback_name),
                            node_type: &camera.node_type,
                            capabilities: &camera.capabilities,
                            status: "online",
                            last_seen: camera.seen_at,
                            created_at: camera.seen_at,
                            video_codec: codecs.map(|c| c.video.as_str()),
                            audio_codec: codecs.and_then(|c| c.audio.as_deref()),
                            codec_detected_at: codecs.map(|_| camera.seen_at),
                        })
                        .returning(CameraRow::as_returning())
                        .get_result(conn)?;
                    Ok(CameraUpsert {
                        camera: row.into(),
                        created: true,
                    })
                }
            }
        })
    }

    fn get(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<Option<Camera>> {
        self.read(|conn| {
            let row = cameras::table
                .filter(cameras::org_id.eq(org.as_str()))
                .filter(cameras::camera_id.eq(camera_id.as_str()))
                .select(CameraRow::as_select())
                .first(conn)
                .optional()?;
            Ok(row.map(Camera::from))
        })
    }

    fn get_listing(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<Option<CameraListing>> {
        self.read(|conn| {
            let row = listings()
                .filter(cameras::org_id.eq(org.as_str()))
                .filter(cameras::camera_id.eq(camera_id.as_str()))
                .first::<ListingRow>(conn)
                .optional()?;
            Ok(row.map(into_listing))
        })
    }

    fn list(&self, org: &OrgId) -> RepoResult<Vec<CameraListing>> {
        self.read(|conn| {
            let rows = listings()
                .filter(cameras::org_id.eq(org.as_str()))
                .order((cameras::created_at.asc(), cameras::id.asc()))
                .load::<ListingRow>(conn)?;
            Ok(rows.into_iter().map(into_listing).collect())
        })
    }

    fn list_for_node(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Vec<Camera>> {
        self.read(|conn| {
            let Some(node) = find_node(conn, org, node_id)? else {
                return Ok(Vec::new());
            };
            let rows = cameras::table
                .filter(cameras::org_id.eq(org.as_str()))
                .filter(cameras::node_id.eq(node.id))
                .order((cameras::created_at.asc(), cameras::id.asc()))
                .select(CameraRow::as_select())
                .load(conn)?;
            Ok(rows.into_iter().map(Camera::from).collect())
        })
    }

    fn count(&self, org: &OrgId) -> RepoResult<i64> {
        self.read(|conn| {
            Ok(cameras::table
                .filter(cameras::org_id.eq(org.as_str()))
                .count()
                .get_result(conn)?)
        })
    }

    fn record_status_reports(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        reports: &[CameraStatusReport],
        at: NaiveDateTime,
    ) -> RepoResult<usize> {
        self.write(|conn| {
            let node = find_node(conn, org, node_id)?.ok_or(RepoError::NotFound("node"))?;
            let mut changed = 0;
            for report in reports {
                changed += diesel::update(
                    cameras::table
                        .filter(cameras::org_id.eq(org.as_str()))
                        .filter(cameras::node_id.eq(node.id))
                        .filter(cameras::camera_id.eq(report.camera_id.as_str())),
                )
                .set((
                    cameras::status.eq(&report.status),
                    cameras::last_error.eq(report.last_error.as_deref()),
                    cameras::last_seen.eq(at),
                ))
                .execute(conn)?;
            }
            Ok(changed)
        })
    }

    fn update_codecs(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
        video_codec: &str,
        audio_codec: &str,
        at: NaiveDateTime,
    ) -> RepoResult<()> {
        self.write(|conn| {
            let updated = diesel::update(scoped(org, camera_id))
                .set((
                    cameras::video_codec.eq(video_codec),
                    cameras::audio_codec.eq(audio_codec),
                    cameras::codec_detected_at.eq(at),
                ))
                .execute(conn)?;
            found(updated, "camera")
        })
    }

    fn set_group(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
        group_id: Option<i64>,
    ) -> RepoResult<()> {
        self.write(|conn| {
            let camera_exists = scoped(org, camera_id)
                .select(cameras::id)
                .first::<i64>(conn)
                .optional()?
                .is_some();
            if !camera_exists {
                return Err(StoreFailure(RepoError::NotFound("camera")));
            }
            if let Some(group_id) = group_id {
                let group_is_ours = camera_groups::table
                    .filter(camera_groups::org_id.eq(org.as_str()))
                    .filter(camera_groups::id.eq(group_id))
                    .select(camera_groups::id)
                    .first::<i64>(conn)
                    .optional()?
                    .is_some();
                if !group_is_ours {
                    return Err(StoreFailure(RepoError::NotFound("group")));
                }
            }
            let updated = diesel::update(scoped(org, camera_id))
                .set(cameras::group_id.eq(group_id))
                .execute(conn)?;
            found(updated, "camera")
        })
    }

    fn set_recording_policy(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
        policy: &RecordingPolicy,
    ) -> RepoResult<Camera> {
        self.write(|conn| {
            let row = diesel::update(scoped(org, camera_id))
                .set((
                    cameras::continuous_24_7.eq(policy.continuous_24_7),
                    cameras::scheduled_recording.eq(policy.scheduled_recording),
                    cameras::scheduled_start.eq(policy.scheduled_start.as_deref()),
                    cameras::scheduled_end.eq(policy.scheduled_end.as_deref()),
                ))
                .returning(CameraRow::as_returning())
                .get_result(conn)
                .optional()?;
            row.map(Camera::from)
                .ok_or(StoreFailure(RepoError::NotFound("camera")))
        })
    }

    fn set_disabled_by_plan(
        &self,
        org: &OrgId,
        camera_ids: &[CameraId],
        disabled: bool,
    ) -> RepoResult<usize> {
        if camera_ids.is_empty() {
            return Ok(0);
        }
        let ids: Vec<&str> = camera_ids.iter().map(CameraId::as_str).collect();
        self.write(|conn| {
            Ok(diesel::update(
                cameras::table
                    .filter(cameras::org_id.eq(org.as_str()))
                    .filter(cameras::camera_id.eq_any(&ids))
                    .filter(cameras::disabled_by_plan.ne(disabled)),
            )
            .set(cameras::disabled_by_plan.eq(disabled))
            .execute(conn)?)
        })
    }

    fn delete(&self, org: &OrgId, camera_id: &CameraId) -> RepoResult<()> {
        self.write(|conn| {
            let deleted = diesel::delete(scoped(org, camera_id)).execute(conn)?;
            found(deleted, "camera")
        })
    }

    fn delete_for_node_except(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        keep: &[CameraId],
    ) -> RepoResult<Vec<CameraId>> {
        let keep: HashSet<&str> = keep.iter().map(CameraId::as_str).collect();
        self.write(|conn| {
            let node = find_node(conn, org, node_id)?.ok_or(RepoError::NotFound("node"))?;
            let doomed: Vec<(i64, String)> = cameras::table
                .filter(cameras::org_id.eq(org.as_str()))
                .filter(cameras::node_id.eq(node.id))
                .order(cameras::id.asc())
                .select((cameras::id, cameras::camera_id))
                .load::<(i64, String)>(conn)?
                .into_iter()
                .filter(|(_, camera_id)| !keep.contains(camera_id.as_str()))
                .collect();
            if !doomed.is_empty() {
                let row_ids: Vec<i64> = doomed.iter().map(|(id, _)| *id).collect();
                diesel::delete(cameras::table.filter(cameras::id.eq_any(&row_ids)))
                    .execute(conn)?;
            }
            Ok(doomed
                .into_iter()
                .map(|(_, camera_id)| CameraId::new(camera_id))
                .collect())
        })
    }

    fn mark_stale_offline(&self, cutoff: NaiveDateTime) -> RepoResult<Vec<CameraListing>> {
        self.write(|conn| {
            let stale = listings()
                .filter(cameras::status.is_not_null())
                .filter(cameras::status.ne("offline"))
                .filter(cameras::last_seen.is_not_null())
                .filter(cameras::last_seen.lt(cutoff))
                .order(cameras::id.asc())
                .load::<ListingRow>(conn)?;
            if stale.is_empty() {
                return Ok(Vec::new());
            }
            let row_ids: Vec<i64> = stale.iter().map(|(row, ..)| row.id).collect();
            diesel::update(cameras::table.filter(cameras::id.eq_any(&row_ids)))
                .set(cameras::status.eq("offline"))
                .execute(conn)?;
            Ok(stale
                .into_iter()
                .map(|mut row| {
                    row.0.status = Some("offline".to_owned());
                    into_listing(row)
                })
                .collect())
        })
    }
}

type ScopedCamera<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<cameras::table, diesel::dsl::Eq<cameras::org_id, &'a str>>,
    diesel::dsl::Eq<cameras::camera_id, &'a str>,
>;

/// The org's camera of that id, as an update/delete target.
fn scoped<'a>(org: &'a OrgId, camera_id: &'a CameraId) -> ScopedCamera<'a> {
    cameras::table
        .filter(cameras::org_id.eq(org.as_str()))
        .filter(cameras::camera_id.eq(camera_id.as_str()))
}

/// A camera row, its node's public id and name, and its group's name.
type ListingRow = (CameraRow, Option<String>, Option<String>, Option<String>);

/// Cameras left-joined to their node and group (either may be missing).
#[diesel::dsl::auto_type(no_type_alias)]
fn listings() -> _ {
    let camera: diesel::dsl::AsSelect<CameraRow, Backend> = CameraRow::as_select();
    cameras::table
        .left_join(camera_nodes::table)
        .left_join(camera_groups::table)
        .select((
            camera,
            camera_nodes::node_id.nullable(),
            camera_nodes::name.nullable(),
            camera_groups::name.nullable(),
        ))
}

fn into_listing((row, node_id, node_name, group_name): ListingRow) -> CameraListing {
    CameraListing {
        camera: row.into(),
        node_id: node_id.map(NodeId::new),
        node_name,
        group_name,
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = cameras, check_for_backend(super::Backend))]
struct CameraRow {
    id: i64,
    camera_id: String,
    org_id: String,
    node_id: Option<i64>,
    name: String,
    node_type: Option<String>,
    capabilities: Option<String>,
    group_id: Option<i64>,
    last_seen: Option<NaiveDateTime>,
    status: Option<String>,
    last_error: Option<String>,
    created_at: Option<NaiveDateTime>,
    video_codec: Option<String>,
    audio_codec: Option<String>,
    codec_detected_at: Option<NaiveDateTime>,
    disabled_by_plan: bool,
    continuous_24_7: bool,
    scheduled_recording: bool,
    scheduled_start: Option<String>,
    scheduled_end: Option<String>,
}

impl From<CameraRow> for Camera {
    fn from(row: CameraRow) -> Self {
        Self {
            id: row.id,
            camera_id: CameraId::new(row.camera_id),
            org_id: OrgId::new(row.org_id),
            node_row_id: row.node_id,
            name: row.name,
            node_type: row.node_type,
            capabilities: row.capabilities,
            group_id: row.group_id,
            last_seen: row.last_seen,
            status: row.status,
            last_error: row.last_error,
            created_at: row.created_at,
            video_codec: row.video_codec,
            audio_codec: row.audio_codec,
            codec_detected_at: row.codec_detected_at,
            disabled_by_plan: row.disabled_by_plan,
            recording: RecordingPolicy {
                continuous_24_7: row.continuous_24_7,
                scheduled_recording: row.scheduled_recording,
                scheduled_start: row.scheduled_start,
                scheduled_end: row.scheduled_end,
            },
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = cameras)]
struct NewCameraRow<'a> {
    camera_id: &'a str,
    org_id: &'a str,
    node_id: Option<i64>,
    name: &'a str,
    node_type: &'a str,
    capabilities: &'a str,
    status: &'a str,
    last_seen: NaiveDateTime,
    created_at: NaiveDateTime,
    video_codec: Option<&'a str>,
    audio_codec: Option<&'a str>,
    codec_detected_at: Option<NaiveDateTime>,
}

/// What a re-register changes on an existing camera (`None` leaves a column alone).
#[derive(AsChangeset)]
#[diesel(table_name = cameras)]
struct RegisterRefresh<'a> {
    name: Option<&'a str>,
    status: &'a str,
    last_seen: NaiveDateTime,
    video_codec: Option<Option<&'a str>>,
    audio_codec: Option<Option<&'a str>>,
    codec_detected_at: Option<Option<NaiveDateTime>>,
}
