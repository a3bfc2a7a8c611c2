//! Every DATABASE_URL form opens a migrated database; pooled connections carry the pragmas.

use crate::common::{create_node, org_a, temp_database};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use sentinel_adapters_sqlite::SqliteDatabase;
use sentinel_domain::ids::NodeId;
use sentinel_ports::driven::repos::NodeRepo;
use sentinel_sql_common::{DatabaseLocation, StorageError};

fn table_count(db: &SqliteDatabase) -> i64 {
    let mut conn = db.connection().unwrap();
    diesel::select(diesel::dsl::sql::<BigInt>(
        "(SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' \
          AND name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations')",
    ))
    .get_result(&mut conn)
    .unwrap()
}

#[test]
fn four_slash_url_opens_the_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("abs.db");
    assert!(path.is_absolute());
    let url = format!("sqlite:///{}", path.display());
    assert!(url.starts_with("sqlite:////"));
    let db = SqliteDatabase::open(&url).unwrap();
    assert_eq!(db.location(), &DatabaseLocation::File(path.clone()));
    assert!(path.exists());
    assert_eq!(table_count(&db), 23);
}

#[test]
fn plain_path_opens_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    let db = SqliteDatabase::open(path.to_str().unwrap()).unwrap();
    assert!(path.exists());
    assert_eq!(table_count(&db), 23);
}

#[test]
fn every_memory_spelling_is_one_shared_migrated_connection() {
    for url in [
        "sqlite://:memory:",
        ":memory:",
        "sqlite://",
        "sqlite:///:memory:",
    ] {
        let db = SqliteDatabase::open(url).unwrap();
        assert_eq!(db.location(), &DatabaseLocation::Memory, "{url}");
        assert_eq!(table_count(&db), 23, "{url}");
        // Data written through one checkout is visible to the next: same connection.
        let store = db.store();
        create_node(&store, &org_a(), "abcd1234");
        assert!(
            store
                .get(&org_a(), &NodeId::new("abcd1234"))
                .unwrap()
                .is_some(),
            "{url}"
        );
    }
}

#[test]
fn two_memory_databases_are_independent() {
    let first = SqliteDatabase::open(":memory:").unwrap().store();
    let second = SqliteDatabase::open(":memory:").unwrap().store();
    create_node(&first, &org_a(), "abcd1234");
    assert_eq!(second.count(&org_a()).unwrap(), 0);
}

#[test]
fn other_schemes_are_refused() {
    let err = SqliteDatabase::open("mysql://user@localhost/sentinel").unwrap_err();
    assert!(matches!(err, StorageError::UnsupportedUrl(_)), "{err}");
    assert_eq!(err.class(), "UnsupportedUrl");
}

#[test]
fn a_missing_directory_is_a_clear_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("x.db");
    let err = SqliteDatabase::open(path.to_str().unwrap()).unwrap_err();
    assert!(matches!(err, StorageError::Open { .. }), "{err}");
}

#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[derive(QueryableByName)]
struct ForeignKeys {
    #[diesel(sql_type = BigInt)]
    foreign_keys: i64,
}

#[derive(QueryableByName)]
struct BusyTimeout {
    #[diesel(sql_type = BigInt)]
    timeout: i64,
}

#[derive(QueryableByName)]
struct Synchronous {
    #[diesel(sql_type = BigInt)]
    synchronous: i64,
}

#[test]
fn pooled_connections_use_wal_foreign_keys_busy_timeout_and_normal_sync() {
    let t = temp_database();
    // Check several checkouts at once so more than one pooled connection is inspected.
    let mut first = t.db.connection().unwrap();
    let mut second = t.db.connection().unwrap();
    for conn in [&mut first, &mut second] {
        let journal = diesel::sql_query("PRAGMA journal_mode")
            .get_result::<JournalMode>(conn)
            .unwrap();
        assert_eq!(journal.journal_mode, "wal");
        let fk = diesel::sql_query("PRAGMA foreign_keys")
            .get_result::<ForeignKeys>(conn)
            .unwrap();
        assert_eq!(fk.foreign_keys, 1);
        let busy = diesel::sql_query("PRAGMA busy_timeout")
            .get_result::<BusyTimeout>(conn)
            .unwrap();
        assert_eq!(busy.timeout, 5000);
        let sync = diesel::sql_query("PRAGMA synchronous")
            .get_result::<Synchronous>(conn)
            .unwrap();
        assert_eq!(sync.synchronous, 1, "NORMAL");
    }
}

#[test]
fn foreign_keys_are_enforced() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    let orphan = diesel::sql_query(
        "INSERT INTO cameras (camera_id, org_id, name, node_id) VALUES ('c', 'o', 'n', 999)",
    )
    .execute(&mut conn);
    assert!(orphan.is_err());
}

#[test]
fn migrate_only_applies_the_migration_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:///{}", dir.path().join("m.db").display());
    let applied = SqliteDatabase::migrate_only(&url).unwrap();
    assert_eq!(
        applied.len(),
        4,
        "the original schema, then org_daily_usage, then share_links, then member_access"
    );
    assert!(SqliteDatabase::migrate_only(&url).unwrap().is_empty());
    assert_eq!(table_count(&SqliteDatabase::open(&url).unwrap()), 23);
}

#[test]
fn ping_answers_on_a_healthy_database() {
    let t = temp_database();
    t.db.ping().unwrap();
    SqliteDatabase::open(":memory:").unwrap().ping().unwrap();
}

#[test]
fn one_store_serves_every_repository_port_as_a_trait_object() {
    use sentinel_ports::driven::repos::{AuditRepo, CameraRepo, GroupRepo, SettingsRepo};
    use std::sync::Arc;
    let store = Arc::new(SqliteDatabase::open(":memory:").unwrap().store());
    let settings: Arc<dyn SettingsRepo> = store.clone();
    let nodes: Arc<dyn NodeRepo> = store.clone();
    let cameras: Arc<dyn CameraRepo> = store.clone();
    let groups: Arc<dyn GroupRepo> = store.clone();
    let audit: Arc<dyn AuditRepo> = store;
    assert_eq!(settings.get(&org_a(), "timezone").unwrap(), None);
    assert_eq!(nodes.count(&org_a()).unwrap(), 0);
    assert_eq!(cameras.count(&org_a()).unwrap(), 0);
    assert!(groups.list(&org_a()).unwrap().is_empty());
    let page = audit
        .list(
            &org_a(),
            &sentinel_domain::audit::AuditQuery {
                event: None,
                username_contains: None,
                limit: 10,
                offset: 0,
            },
        )
        .unwrap();
    assert_eq!(page.total, 0);
}
