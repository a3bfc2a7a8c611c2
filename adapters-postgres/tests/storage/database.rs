//! Opening a PostgreSQL database: the migrations create exactly the data model's tables,
//! run once, and the adapter refuses URLs that are not PostgreSQL's.

use crate::common::temp_database;
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use sentinel_adapters_postgres::PostgresDatabase;
use sentinel_sql_common::{DatabaseLocation, StorageError, TABLE_NAMES};

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[test]
fn migrations_create_exactly_the_catalogued_tables_in_the_schema() {
    let t = temp_database();
    let mut tables: Vec<String> = diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_name != '__diesel_schema_migrations'",
    )
    .load::<Name>(&mut t.db.connection().unwrap())
    .unwrap()
    .into_iter()
    .map(|row| row.name)
    .collect();
    tables.sort();
    let mut expected = TABLE_NAMES.map(str::to_owned).to_vec();
    expected.sort();
    assert_eq!(tables, expected);
}

#[test]
fn a_migrated_schema_has_nothing_left_to_apply() {
    let t = temp_database();
    assert!(
        PostgresDatabase::migrate_only(&t.schema.url())
            .unwrap()
            .is_empty()
    );
    let reopened = PostgresDatabase::open(&t.schema.url()).unwrap();
    reopened.ping().unwrap();
    assert!(matches!(reopened.location(), DatabaseLocation::Postgres(_)));
}

#[test]
fn sqlite_urls_are_refused() {
    for url in ["sqlite:///./x.db", ":memory:", "x.db"] {
        let error = PostgresDatabase::open(url).unwrap_err();
        assert!(
            matches!(error, StorageError::UnsupportedUrl(_)),
            "{url}: {error}"
        );
    }
}

#[derive(diesel::QueryableByName)]
struct Index {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

/// `table`'s indexes as `(name, definition)`, by name, without the per-test schema.
fn indexes_of(table: &str) -> Vec<(String, String)> {
    let t = temp_database();
    // Edition 2024: the tail expression's pooled connection is released before `t` drops.
    diesel::sql_query(
        "SELECT indexname::text AS name, indexdef::text AS definition FROM pg_indexes \
         WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname",
    )
    .bind::<Text, _>(table)
    .load::<Index>(&mut t.db.connection().unwrap())
    .unwrap()
    .into_iter()
    .map(|index| {
        // Drop the schema qualifier (each test has its own schema).
        let definition = index
            .definition
            .split_once(" ON ")
            .map(|(head, tail)| {
                let rest = tail.split_once(' ').map_or(tail, |(_, rest)| rest);
                format!("{head} ON {table} {rest}")
            })
            .unwrap_or(index.definition);
        (index.name, definition)
    })
    .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, definition)| ((*name).to_owned(), (*definition).to_owned()))
        .collect()
}

/// data-model.md §1.15b: the token hash is unique under its constraint's name, and the
/// listing's `(org_id, id)` index exists.
#[test]
fn share_links_has_its_unique_token_hash_and_its_org_index() {
    assert_eq!(
        indexes_of("share_links"),
        owned(&[
            (
                "ix_share_links_org_id",
                "CREATE INDEX ix_share_links_org_id ON share_links USING btree (org_id, id)",
            ),
            (
                "share_links_pkey",
                "CREATE UNIQUE INDEX share_links_pkey ON share_links USING btree (id)",
            ),
            (
                "uq_share_links_token_hash",
                "CREATE UNIQUE INDEX uq_share_links_token_hash ON share_links USING btree (token_hash)",
            ),
        ])
    );
}

/// data-model.md §1.15c: one row per (org, user) under its constraint's name, and the
/// org index the scope memory's load uses.
#[test]
fn member_access_has_its_unique_org_user_and_its_org_index() {
    assert_eq!(
        indexes_of("member_access"),
        owned(&[
            (
                "ix_member_access_org_id",
                "CREATE INDEX ix_member_access_org_id ON member_access USING btree (org_id)",
            ),
            (
                "member_access_pkey",
                "CREATE UNIQUE INDEX member_access_pkey ON member_access USING btree (id)",
            ),
            (
                "uq_member_access_org_user",
                "CREATE UNIQUE INDEX uq_member_access_org_user ON member_access USING btree (org_id, user_id)",
            ),
        ])
    );
}
