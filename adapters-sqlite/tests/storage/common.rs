//! Fixtures: a migrated temp database, fixed times, two orgs, nodes and cameras.

use chrono::{NaiveDate, NaiveDateTime};
use sentinel_adapters_sqlite::testing::PostgresSchema;
use sentinel_adapters_sqlite::{Database, SqlStore};
use sentinel_domain::fleet::{NewNode, Node, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo};
use std::path::PathBuf;
use tempfile::TempDir;

/// A migrated database of its own: a SQLite file in a temp directory, or a fresh schema on
/// the test PostgreSQL server. Deleted on drop.
pub struct TempDatabase {
    pub store: SqlStore,
    pub db: Database,
    /// The SQLite file (empty on PostgreSQL).
    pub path: PathBuf,
    _owned: Owned,
}

/// What the fixture deletes when dropped (held, never read).
#[allow(dead_code)]
enum Owned {
    Directory(TempDir),
    Schema(PostgresSchema),
}

/// The engine `SENTINEL_TEST_DATABASE` names (`postgres`, or SQLite by default): the
/// repository tests run once per engine.
pub fn temp_database() -> TempDatabase {
    if sentinel_adapters_sqlite::testing::postgres_requested() {
        temp_postgres_database()
    } else {
        temp_sqlite_database()
    }
}

/// Always SQLite: for tests of SQLite itself (pragmas, file URLs, raw SQL fixtures).
pub fn temp_sqlite_database() -> TempDatabase {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sentinel.db");
    let db = Database::open(path.to_str().unwrap()).unwrap();
    TempDatabase {
        store: SqlStore::new(db.clone()),
        db,
        path,
        _owned: Owned::Directory(dir),
    }
}

/// A migrated schema of its own on `SENTINEL_TEST_POSTGRES_URL` (default: the local
/// server's `test` database).
pub fn temp_postgres_database() -> TempDatabase {
    let schema = PostgresSchema::create().unwrap();
    let db = Database::open(&schema.url()).unwrap();
    TempDatabase {
        store: SqlStore::new(db.clone()),
        db,
        path: PathBuf::new(),
        _owned: Owned::Schema(schema),
    }
}

/// 2026-05-04 at `h:m:s`.
pub fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 5, 4)
        .and_then(|d| d.and_hms_opt(h, m, s))
        .unwrap()
}

pub fn org_a() -> OrgId {
    OrgId::new("org_a")
}

pub fn org_b() -> OrgId {
    OrgId::new("org_b")
}

pub fn new_node(node_id: &str) -> NewNode {
    NewNode {
        node_id: NodeId::new(node_id),
        name: format!("Node-{node_id}"),
        api_key_hash: format!("hash-of-{node_id}"),
        status: "pending".into(),
        created_at: at(9, 0, 0),
    }
}

pub fn create_node(store: &SqlStore, org: &OrgId, node_id: &str) -> Node {
    store.create(org, &new_node(node_id)).unwrap()
}

pub fn registered(camera_id: &str, seen_at: NaiveDateTime) -> RegisteredCamera {
    RegisteredCamera {
        camera_id: CameraId::new(camera_id),
        name: None,
        fallback_name: format!("Camera {camera_id}"),
        node_type: "usb".into(),
        capabilities: "streaming".into(),
        codecs: None,
        seen_at,
    }
}

/// Registers `camera_id` under the org's node `node_id`.
pub fn add_camera(store: &SqlStore, org: &OrgId, node_id: &str, camera_id: &str) -> CameraId {
    store
        .upsert_from_register(
            org,
            &NodeId::new(node_id),
            &registered(camera_id, at(10, 0, 0)),
        )
        .unwrap()
        .camera
        .camera_id
}
