use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use sentinel_sql_common::TABLE_NAMES;
use sentinel_tests::TestApp;

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[actix_web::test]
async fn start_up_migrates_an_empty_database_to_all_twenty_three_tables() {
    let app = TestApp::start().await;
    let mut conn = app.sql();
    let catalogue = if app.is_postgres() {
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_name != '__diesel_schema_migrations'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations' ORDER BY name"
    };
    let mut tables: Vec<String> = diesel::sql_query(catalogue)
        .load::<Name>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|row| row.name)
        .collect();
    tables.sort();
    let mut expected: Vec<String> = TABLE_NAMES.iter().map(|t| (*t).to_owned()).collect();
    expected.sort();
    assert_eq!(tables.len(), 23);
    assert_eq!(tables, expected);
    app.stop().await;
}
