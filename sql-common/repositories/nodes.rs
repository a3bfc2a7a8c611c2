//! `NodeRepo` over `camera_nodes` (a node's cameras are removed with it, in one transaction:
//! the FK has no ON DELETE).

use super::Conn;
use super::Store;
use crate::error::StoreFailure;
use crate::schema::{camera_nodes, cameras};
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use sentinel_domain::fleet::{
    NewNode, Node, NodeChanges, NodeListing, NodeStorage, REGISTER_ERROR_MAX_CHARS, truncate_chars,
};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::repos::{NodeRepo, RepoError, RepoResult};
use std::collections::HashMap;

impl NodeRepo for Store {
    fn create(&self, org: &OrgId, node: &NewNode) -> RepoResult<Node> {
        self.write(|conn| {
            let row = diesel::insert_into(camera_nodes::table)
                .values(NewNodeRow {
                    node_id: node.node_id.as_str(),
                    org_id: org.as_str(),
                    api_key_hash: &node.api_key_hash,
                    name: &node.name,
                    status: &node.status,
                    created_at: node.created_at,
                })
                .returning(NodeRow::as_returning())
                .get_result(conn)?;
            Ok(row.into())
        })
    }

    fn get(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Option<Node>> {
        self.read(|conn| Ok(find_node(conn, org, node_id)?.map(Node::from)))
    }

    fn get_listing(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Option<NodeListing>> {
        self.read(|conn| {
            let Some(row) = find_node(conn, org, node_id)? else {
                return Ok(None);
            };
            let camera_count = cameras::table
                .filter(cameras::node_id.eq(row.id))
                .count()
                .get_result(conn)?;
            Ok(Some(NodeListing {
                node: row.into(),
                camera_count,
            }))
        })
    }

    fn list(&self, org: &OrgId) -> RepoResult<Vec<NodeListing>> {
        self.read(|conn| {
            let rows = camera_nodes::table
                .filter(camera_nodes::org_id.eq(org.as_str()))
                .order(camera_nodes::id.asc())
                .select(NodeRow::as_select())
                .load(conn)?;
            let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
            let counts: HashMap<i64, i64> = cameras::table
                .filter(cameras::node_id.eq_any(&ids))
                .group_by(cameras::node_id)
                .select((cameras::node_id, count_star()))
                .load::<(Option<i64>, i64)>(conn)?
                .into_iter()
                .filter_map(|(node, count)| node.map(|n| (n, count)))
                .collect();
            Ok(rows
                .into_iter()
                .map(|row| NodeListing {
                    camera_count: counts.get(&row.id).copied().unwrap_or(0),
                    node: row.into(),
                })
                .collect())
        })
    }

    fn count(&self, org: &OrgId) -> RepoResult<i64> {
        self.read(|conn| {
            Ok(camera_nodes::table
                .filter(camera_nodes::org_id.eq(org.as_str()))
                .count()
                .get_result(conn)?)
        })
    }

    fn find_by_api_key_hash(&self, api_key_hash: &str) -> RepoResult<Option<Node>> {
        self.read(|conn| {
            let row = camera_nodes::table
                .filter(camera_nodes::api_key_hash.eq(api_key_hash))
                .order(camera_nodes::id.asc())
                .select(NodeRow::as_select())
                .first(conn)
                .optional()?;
            Ok(row.map(Node::from))
        })
    }

    fn find_by_node_id_for_auth(&self, node_id: &NodeId) -> RepoResult<Option<Node>> {
        self.read(|conn| {
            let row = camera_nodes::table
                .filter(camera_nodes::node_id.eq(node_id.as_str()))
                .select(NodeRow::as_select())
                .first(conn)
                .optional()?;
            Ok(row.map(Node::from))
        })
    }

    fn update(&self, org: &OrgId, node_id: &NodeId, changes: &NodeChanges) -> RepoResult<Node> {
        self.write(|conn| {
            // diesel refuses an empty SET; nothing to change is a plain read.
            if *changes == NodeChanges::default() {
                return find_node(conn, org, node_id)?
                    .map(Node::from)
                    .ok_or(StoreFailure(RepoError::NotFound("node")));
            }
            let row = diesel::update(scoped(org, node_id))
                .set(NodeChangeset::from(changes))
                .returning(NodeRow::as_returning())
                .get_result(conn)
                .optional()?;
            row.map(Node::from)
                .ok_or(StoreFailure(RepoError::NotFound("node")))
        })
    }

    fn record_register_error(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        message: &str,
        at: NaiveDateTime,
    ) -> RepoResult<()> {
        self.write(|conn| {
            let updated = diesel::update(scoped(org, node_id))
                .set((
                    camera_nodes::last_register_error
                        .eq(truncate_chars(message, REGISTER_ERROR_MAX_CHARS)),
                    camera_nodes::last_register_error_at.eq(at),
                ))
                .execute(conn)?;
            found(updated, "node")
        })
    }

    fn rotate_key(
        &self,
        org: &OrgId,
        node_id: &NodeId,
        api_key_hash: &str,
        at: NaiveDateTime,
    ) -> RepoResult<Node> {
        self.write(|conn| {
            let row = diesel::update(scoped(org, node_id))
                .set((
                    camera_nodes::api_key_hash.eq(api_key_hash),
                    camera_nodes::key_rotated_at.eq(at),
                ))
                .returning(NodeRow::as_returning())
                .get_result(conn)
                .optional()?;
            row.map(Node::from)
                .ok_or(StoreFailure(RepoError::NotFound("node")))
        })
    }

    fn delete(&self, org: &OrgId, node_id: &NodeId) -> RepoResult<Vec<CameraId>> {
        self.write(|conn| {
            let row = find_node(conn, org, node_id)?.ok_or(RepoError::NotFound("node"))?;
            let camera_ids = cameras::table
                .filter(cameras::node_id.eq(row.id))
                .order(cameras::id.asc())
                .select(cameras::camera_id)
                .load::<String>(conn)?;
            diesel::delete(cameras::table.filter(cameras::node_id.eq(row.id))).execute(conn)?;
            diesel::delete(camera_nodes::table.find(row.id)).execute(conn)?;
            Ok(camera_ids.into_iter().map(CameraId::new).collect())
        })
    }

    fn mark_stale_offline(&self, cutoff: NaiveDateTime) -> RepoResult<Vec<Node>> {
        self.write(|conn| {
            let rows = diesel::update(
                camera_nodes::table
                    .filter(camera_nodes::status.eq("online"))
                    .filter(camera_nodes::last_seen.is_not_null())
                    .filter(camera_nodes::last_seen.lt(cutoff)),
            )
            .set(camera_nodes::status.eq("offline"))
            .returning(NodeRow::as_returning())
            .get_results(conn)?;
            Ok(rows.into_iter().map(Node::from).collect())
        })
    }
}

type ScopedNode<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<camera_nodes::table, diesel::dsl::Eq<camera_nodes::org_id, &'a str>>,
    diesel::dsl::Eq<camera_nodes::node_id, &'a str>,
>;

/// The org's node of that id, as an update/delete target.
fn scoped<'a>(org: &'a OrgId, node_id: &'a NodeId) -> ScopedNode<'a> {
    camera_nodes::table
        .filter(camera_nodes::org_id.eq(org.as_str()))
        .filter(camera_nodes::node_id.eq(node_id.as_str()))
}

pub(super) fn find_node(
    conn: &mut Conn,
    org: &OrgId,
    node_id: &NodeId,
) -> Result<Option<NodeRow>, StoreFailure> {
    Ok(scoped(org, node_id)
        .select(NodeRow::as_select())
        .first(conn)
        .optional()?)
}

/// `Ok` when an update/delete touched a row, `NotFound(what)` otherwise.
pub(super) fn found(rows: usize, what: &'static str) -> Result<(), StoreFailure> {
    if rows == 0 {
        Err(StoreFailure(RepoError::NotFound(what)))
    } else {
        Ok(())
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = camera_nodes, check_for_backend(super::Backend))]
pub(super) struct NodeRow {
    pub(super) id: i64,
    node_id: String,
    org_id: String,
    api_key_hash: String,
    name: String,
    hostname: Option<String>,
    local_ip: Option<String>,
    http_port: Option<i32>,
    status: Option<String>,
    last_seen: Option<NaiveDateTime>,
    key_rotated_at: Option<NaiveDateTime>,
    created_at: Option<NaiveDateTime>,
    video_codec: Option<String>,
    audio_codec: Option<String>,
    codec_detected_at: Option<NaiveDateTime>,
    last_register_error: Option<String>,
    last_register_error_at: Option<NaiveDateTime>,
    node_version: Option<String>,
    version_checked_at: Option<NaiveDateTime>,
    storage_used_bytes: Option<i64>,
    storage_max_bytes: Option<i64>,
    storage_disk_free_bytes: Option<i64>,
    storage_disk_total_bytes: Option<i64>,
    storage_reported_at: Option<NaiveDateTime>,
}

impl From<NodeRow> for Node {
    fn from(row: NodeRow) -> Self {
        let storage = row.storage_reported_at.map(|reported_at| NodeStorage {
            used_bytes: row.storage_used_bytes,
            max_bytes: row.storage_max_bytes,
            disk_free_bytes: row.storage_disk_free_bytes,
            disk_total_bytes: row.storage_disk_total_bytes,
            reported_at,
        });
        Self {
            id: row.id,
            node_id: NodeId::new(row.node_id),
            org_id: OrgId::new(row.org_id),
            api_key_hash: row.api_key_hash,
            name: row.name,
            hostname: row.hostname,
            local_ip: row.local_ip,
            http_port: row.http_port,
            status: row.status,
            last_seen: row.last_seen,
            key_rotated_at: row.key_rotated_at,
            created_at: row.created_at,
            video_codec: row.video_codec,
            audio_codec: row.audio_codec,
            codec_detected_at: row.codec_detected_at,
            last_register_error: row.last_register_error,
            last_register_error_at: row.last_register_error_at,
            node_version: row.node_version,
            version_checked_at: row.version_checked_at,
            storage,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = camera_nodes)]
struct NewNodeRow<'a> {
    node_id: &'a str,
    org_id: &'a str,
    api_key_hash: &'a str,
    name: &'a str,
    status: &'a str,
    created_at: NaiveDateTime,
}

/// `None` skips a column; `Some(None)` writes NULL.
#[derive(AsChangeset)]
#[diesel(table_name = camera_nodes)]
struct NodeChangeset<'a> {
    name: Option<&'a str>,
    hostname: Option<Option<&'a str>>,
    local_ip: Option<Option<&'a str>>,
    http_port: Option<Option<i32>>,
    status: Option<&'a str>,
    last_seen: Option<NaiveDateTime>,
    video_codec: Option<Option<&'a str>>,
    audio_codec: Option<Option<&'a str>>,
    codec_detected_at: Option<Option<NaiveDateTime>>,
    last_register_error: Option<Option<String>>,
    last_register_error_at: Option<Option<NaiveDateTime>>,
    node_version: Option<Option<&'a str>>,
    version_checked_at: Option<NaiveDateTime>,
    storage_used_bytes: Option<Option<i64>>,
    storage_max_bytes: Option<Option<i64>>,
    storage_disk_free_bytes: Option<Option<i64>>,
    storage_disk_total_bytes: Option<Option<i64>>,
    storage_reported_at: Option<Option<NaiveDateTime>>,
}

impl<'a> From<&'a NodeChanges> for NodeChangeset<'a> {
    fn from(changes: &'a NodeChanges) -> Self {
        let storage = changes.storage.as_ref();
        Self {
            name: changes.name.as_deref(),
            hostname: changes.hostname.as_ref().map(Option::as_deref),
            local_ip: changes.local_ip.as_ref().map(Option::as_deref),
            http_port: changes.http_port,
            status: changes.status.as_deref(),
            last_seen: changes.last_seen,
            video_codec: changes.video_codec.as_ref().map(Option::as_deref),
            audio_codec: changes.audio_codec.as_ref().map(Option::as_deref),
            codec_detected_at: changes.codec_detected_at,
            last_register_error: changes.last_register_error.as_ref().map(|e| {
                e.as_deref()
                    .map(|e| truncate_chars(e, REGISTER_ERROR_MAX_CHARS))
            }),
            last_register_error_at: changes.last_register_error_at,
            node_version: changes.node_version.as_ref().map(Option::as_deref),
            version_checked_at: changes.version_checked_at,
            storage_used_bytes: storage.map(|s| s.used_bytes),
            storage_max_bytes: storage.map(|s| s.max_bytes),
            storage_disk_free_bytes: storage.map(|s| s.disk_free_bytes),
            storage_disk_total_bytes: storage.map(|s| s.disk_total_bytes),
            storage_reported_at: storage.map(|s| Some(s.reported_at)),
        }
    }
}
