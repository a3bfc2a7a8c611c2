//! `embed_migrations!` reads `migrations/postgres` at compile time: a migration added there
//! must rebuild this crate, which cargo only knows when told.
fn main() {
    println!("cargo:rerun-if-changed=../migrations/postgres");
}
