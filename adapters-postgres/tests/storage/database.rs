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
