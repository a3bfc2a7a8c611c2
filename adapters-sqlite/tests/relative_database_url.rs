//! Relative DATABASE_URL forms resolve against the working directory. Its own test binary:
//! changing the working directory would disturb tests running in parallel.

use sentinel_adapters_sqlite::SqliteDatabase;

#[test]
fn relative_urls_create_the_file_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();

    for (url, file) in [
        ("sqlite:///./dot.db", "dot.db"),
        ("sqlite:///relative.db", "relative.db"),
        ("plain.db", "plain.db"),
    ] {
        let db = SqliteDatabase::open(url).unwrap();
        db.ping().unwrap();
        assert!(dir.path().join(file).exists(), "{url} -> {file}");
    }
}
